// SpaceListModel: every space of the account for the sidebar, sorted by name, with what the
// app knows locally about each (unread count, last activity and its preview, sync state, who
// of the other members is online).
#pragma once

#include <QAbstractListModel>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

#include <vector>

namespace grove::app {

class SpaceListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Provided by AppController")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(int totalUnread READ totalUnread NOTIFY totalUnreadChanged)

public:
    struct Row {
        QString id;
        QString name;
        QString myRole;  // manager | participant | guest
        int memberCount = 0;
        qint64 createdMs = 0;
        // Local activity, filled by the controller from the chat.
        qint64 lastActivityMs = 0;
        QString lastPreview;
        QString lastAuthor;
        bool lastMine = false;
        int unread = 0;
        // From the network: local (no node) | alone (nobody to sync with) | offline | syncing |
        // connected.
        QString syncState = QStringLiteral("local");
        int syncPending = 0;  // deltas received, waiting for what they depend on
        QString syncNote;     // what "behind" means, in words (SpaceController::syncNoteOf)
        // Other members online now as the members pane would say (active, idle or online:
        // SpaceController::onlineMembers), by display name, sorted.
        QStringList online;
    };

    enum Role {
        IdRole = Qt::UserRole + 1,
        NameRole,
        MyRoleRole,
        MemberCountRole,
        CreatedMsRole,
        LastActivityMsRole,  // latest chat message, else creation time
        PreviewRole,
        PreviewAuthorRole,
        PreviewMineRole,
        UnreadRole,
        SyncStateRole,
        SyncPendingRole,
        SyncNoteRole,
        OnlineCountRole,
        OnlineNamesRole,  // "Ann, Sam"
    };
    Q_ENUM(Role)

    explicit SpaceListModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return static_cast<int>(rows_.size()); }
    int totalUnread() const;

    void setRows(std::vector<Row> rows);
    // Adds a space or updates its name, role and member count (activity is kept).
    void upsertSpace(const Row& space);
    void setActivity(const QString& id, qint64 ms, const QString& preview, const QString& author,
                     bool mine);
    void setUnread(const QString& id, int unread);
    void setSync(const QString& id, const QString& state, int pending, const QString& note = {});
    void setOnline(const QString& id, QStringList names);
    // A space the account left or was removed from.
    void removeSpace(const QString& id);
    void clear();

    Q_INVOKABLE int indexOf(const QString& id) const;
    Q_INVOKABLE QString idAt(int row) const;
    const Row* find(const QString& id) const;

signals:
    void countChanged();
    void totalUnreadChanged();

private:
    int sortedPosition(const Row& row, int ignore) const;

    std::vector<Row> rows_;
};

}  // namespace grove::app
