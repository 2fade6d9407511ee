// InvitationListModel: a space's invitation codes for its managers — role, expiry, who made each,
// who used it, and whether it is pending, used, revoked or expired — so pending ones can be
// revoked.
#pragma once

#include <QtQml/qqmlregistration.h>

#include <QStringList>
#include <QVariantMap>

#include "keyed_list_model.h"

namespace grove::app {

class InvitationListModel : public KeyedListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Provided by SpaceController")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(int pendingCount READ pendingCount NOTIFY countChanged)
    // Why the list can't be shown ("" when it is): not a manager, or the Peer refused, in words.
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)

public:
    struct Row {
        QString invitationId;
        QString role;  // manager | participant | guest
        qint64 expiresMs = 0;
        QString createdBy;   // the maker's name (or "a former member")
        QStringList usedBy;  // names of who joined with it
        QString state;       // pending | used | revoked | expired
        bool operator==(const Row&) const = default;
    };
    enum Role {
        InvitationIdRole = Qt::UserRole + 1,
        InvitationRoleRole,
        ExpiresMsRole,
        CreatedByRole,
        UsedByRole,
        StateRole,
    };
    Q_ENUM(Role)

    explicit InvitationListModel(QObject* parent = nullptr);
    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return int(rows_.size()); }
    int pendingCount() const;
    QString error() const { return error_; }
    const std::vector<Row>& rows() const { return rows_; }
    Q_INVOKABLE QVariantMap get(int row) const;
    int indexOf(const QString& invitationId) const;

    // Pending first (soonest expiry first), then the rest (latest expiry first).
    void setInvitations(std::vector<Row> rows);
    void setError(const QString& error);
    void clear();

signals:
    void countChanged();
    void errorChanged();

private:
    std::vector<Row> rows_;
    QString error_;
};

}  // namespace grove::app
