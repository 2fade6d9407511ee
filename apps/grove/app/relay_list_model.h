// RelayListModel: the relays this app uses (--relay, and those added in Settings) and whether a
// link to each is up right now, with why the last attempt failed, for Settings → Network.
#pragma once

#include <QtQml/qqmlregistration.h>

#include <QVariantMap>

#include "keyed_list_model.h"

namespace grove::app {

class RelayListModel : public KeyedListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Provided by AppController")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(int connectedCount READ connectedCount NOTIFY countChanged)

public:
    struct Row {
        QString address;  // host:port as given
        QString state;    // connected | connecting | off (no network)
        QString error;    // why the last attempt failed ("" when connected or not tried yet)
        bool operator==(const Row&) const = default;
    };
    enum Role { AddressRole = Qt::UserRole + 1, StateRole, ErrorRole };
    Q_ENUM(Role)

    explicit RelayListModel(QObject* parent = nullptr);
    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return int(rows_.size()); }
    int connectedCount() const;
    const std::vector<Row>& rows() const { return rows_; }
    Q_INVOKABLE QVariantMap get(int row) const;

    // Kept in the order given (the command line's).
    void setRelays(std::vector<Row> rows);

signals:
    void countChanged();

private:
    std::vector<Row> rows_;
};

}  // namespace grove::app
