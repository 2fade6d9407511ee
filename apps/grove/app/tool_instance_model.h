// ToolInstanceModel: the tool instances of the space in view, one tab each, with the URL of the
// tool's QML view or the reason it cannot be shown. Empty while the tool host is not available.
#pragma once

#include <QAbstractListModel>
#include <QPointer>
#include <QUrl>
#include <QtQml/qqmlregistration.h>

#include <vector>

namespace grove::app {

class ToolInstanceModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Provided by SpaceController")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    // False while this build has no tool host: the UI shows tools as not available yet.
    Q_PROPERTY(bool available READ available NOTIFY availableChanged)

public:
    struct Row {
        QString instanceId;
        QString name;      // "Design notes"
        QString toolId;    // org.grove.discussion
        QString toolName;  // "Discussion"
        QString status;    // ready | loading | missing | failed
        QString errorText;
        QUrl viewUrl;
        QPointer<QObject> toolObject;  // the instance's model, the view's `tool`; owned by the host
    };

    enum Role {
        InstanceIdRole = Qt::UserRole + 1,
        NameRole,
        ToolIdRole,
        ToolNameRole,
        StatusRole,
        ErrorTextRole,
        ViewUrlRole,
        ToolObjectRole,
    };
    Q_ENUM(Role)

    explicit ToolInstanceModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return static_cast<int>(rows_.size()); }
    bool available() const { return available_; }
    void setAvailable(bool available);

    // Replaces the rows; a row whose instance, status and view are unchanged keeps its tab.
    void setInstances(std::vector<Row> rows);
    void clear();
    Q_INVOKABLE int indexOf(const QString& instanceId) const;
    void removeInstance(const QString& instanceId);

signals:
    void countChanged();
    void availableChanged();

private:
    std::vector<Row> rows_;
    bool available_ = false;
};

}  // namespace grove::app
