// MemberListModel: the members of the space in view with role and presence, for the members
// pane. Until the Peer lists members it holds only the user, whose role the space reports.
#pragma once

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

#include <vector>

namespace grove::app {

class MemberListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Provided by SpaceController")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    // False while the backend cannot list members: the pane then says so instead of guessing.
    Q_PROPERTY(bool complete READ complete NOTIFY completeChanged)

public:
    struct Row {
        QString identityId;
        QString displayName;
        QString role;      // manager | participant | guest
        QString presence;  // active | online | idle | offline | unknown
        bool me = false;
    };

    enum Role {
        IdentityIdRole = Qt::UserRole + 1,
        DisplayNameRole,
        MemberRoleRole,
        PresenceRole,
        MeRole,
    };
    Q_ENUM(Role)

    explicit MemberListModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return static_cast<int>(rows_.size()); }
    bool complete() const { return complete_; }

    void setMembers(std::vector<Row> rows, bool complete);
    void clear();

signals:
    void countChanged();
    void completeChanged();

private:
    std::vector<Row> rows_;
    bool complete_ = false;
};

}  // namespace grove::app
