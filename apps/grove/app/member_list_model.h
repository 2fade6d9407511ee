// MemberListModel: the members of the space in view — name, role, fingerprint, devices and what
// this device can honestly say about presence — for the members pane. Updates are applied row by
// row (inserts, removals, moves, changes) so the list keeps its scroll position and focus.
#pragma once

#include <QAbstractListModel>
#include <QStringList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <vector>

namespace grove::app {

class MemberListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Provided by SpaceController")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    // False while the list could not be read (the pane then says so instead of guessing).
    Q_PROPERTY(bool complete READ complete NOTIFY completeChanged)

public:
    struct Row {
        QString identityId;
        QString displayName;
        QString fingerprint;  // "abcd 0123 …"
        QString role;         // manager | participant | guest
        // active (the user, or their app has this space open with its window active, said over a
        // direct link within kBeatFreshMs) | idle (the same, window not active) | online (a device
        // of theirs is linked to this one, or sent something over a link within a minute) | away
        // (seen over a link before: lastSeenMs) | unknown (never seen directly: they may be
        // online through a relay or someone else — presence never crosses relays).
        QString presence;
        qint64 lastSeenMs = 0;  // last message over a direct link from one of their devices
        bool typing = false;    // typing in the chat (the core's expiry, at most 5 s)
        QStringList devices;  // device keys, hex
        bool me = false;

        bool operator==(const Row&) const = default;
    };

    enum Role {
        IdentityIdRole = Qt::UserRole + 1,
        DisplayNameRole,
        MemberRoleRole,
        PresenceRole,
        MeRole,
        FingerprintRole,
        DeviceCountRole,
        LastSeenMsRole,
        TypingRole,
    };
    Q_ENUM(Role)

    explicit MemberListModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return static_cast<int>(rows_.size()); }
    bool complete() const { return complete_; }
    const std::vector<Row>& rows() const { return rows_; }
    Q_INVOKABLE int indexOf(const QString& identityId) const;
    // One row by its role names (as ListModel.get does), for QML.
    Q_INVOKABLE QVariantMap get(int row) const;
    const Row* find(const QString& identityId) const;

    // Sorts (the user first, then managers, participants, guests, each by name) and applies the
    // difference to the current rows.
    void setMembers(std::vector<Row> rows, bool complete);
    void clear();

    static void sort(std::vector<Row>& rows);

signals:
    void countChanged();
    void completeChanged();

private:
    std::vector<Row> rows_;
    bool complete_ = false;
};

}  // namespace grove::app
