// ChatModel: the chat of the space in view, oldest first, for the QML chat panel. Knows which
// messages are the user's own and where a run of messages by one author starts (for grouping).
#pragma once

#include "chat_message.h"

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

#include <vector>

namespace grove::app {

class ChatModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Provided by SpaceController")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(QString myIdentity READ myIdentity WRITE setMyIdentity NOTIFY myIdentityChanged)

public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        AuthorNameRole,
        AuthorIdRole,
        TextRole,
        PostedMsRole,
        EditedMsRole,
        DeletedRole,
        MineRole,
        GroupStartRole,  // first message of a run by one author within a few minutes
        DayRole,         // "yyyy-MM-dd" in local time, for day separators
    };
    Q_ENUM(Role)

    // Two messages by one author further apart than this start a new group.
    static constexpr qint64 kGroupGapMs = 5 * 60 * 1000;

    explicit ChatModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return static_cast<int>(messages_.size()); }
    QString myIdentity() const { return myIdentity_; }
    void setMyIdentity(const QString& identity);

    // The chat as the Peer lists it (its order is kept).
    void setMessages(std::vector<ChatMessage> messages);
    // Inserts a new message by time, or replaces the one with the same id (edit, delete).
    void upsert(const ChatMessage& message);
    void clear();

    Q_INVOKABLE int indexOf(const QString& id) const;
    // The newest message by the user that is not deleted ("" if none): Up in an empty composer.
    Q_INVOKABLE QString lastOwnMessageId() const;
    Q_INVOKABLE QString textOf(const QString& id) const;
    const ChatMessage* find(const QString& id) const;
    const std::vector<ChatMessage>& messages() const { return messages_; }

signals:
    void countChanged();
    void myIdentityChanged();

private:
    bool groupStartAt(int row) const;
    void refreshGroupStart(int row);

    std::vector<ChatMessage> messages_;
    QString myIdentity_;
};

}  // namespace grove::app
