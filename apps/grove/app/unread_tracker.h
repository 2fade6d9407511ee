// UnreadTracker: per space, the messages by others the user has not seen — newer than the read
// marker when the space was loaded, or arrived while the space was not in view.
#pragma once

#include "chat_message.h"

#include <QHash>
#include <QSet>
#include <QString>

#include <vector>

namespace grove::app {

class UnreadTracker {
public:
    enum class Change { Posted, Edited, Deleted };

    // Starts tracking a space from its stored chat and read marker (ms of the last seen message).
    void load(const QString& spaceId, const std::vector<ChatMessage>& messages, qint64 readMarker,
              const QString& myIdentity);
    // Returns true when the space's unread count changed.
    bool apply(Change change, const ChatMessage& message, bool inView, const QString& myIdentity);
    // Clears the space's unread messages; returns the marker to store (newest message seen).
    qint64 markRead(const QString& spaceId);
    int unread(const QString& spaceId) const;
    void forget(const QString& spaceId) { spaces_.remove(spaceId); }
    void clear();

private:
    struct SpaceState {
        QSet<QString> unread;
        qint64 newestMs = 0;
    };
    QHash<QString, SpaceState> spaces_;
};

}  // namespace grove::app
