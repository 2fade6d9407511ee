// ChatMessage: the GUI-side copy of one chat message (Qt strings), converted from the Peer's
// ChatMessageView so models never hold platform types.
#pragma once

#include <QString>

namespace grove::platform {
struct ChatMessageView;
}

namespace grove::app {

struct ChatMessage {
    QString id;
    QString spaceId;
    QString authorName;
    QString authorId;
    QString text;
    qint64 postedMs = 0;
    qint64 editedMs = 0;
    bool deleted = false;

    static ChatMessage from(const platform::ChatMessageView& view);
    bool operator==(const ChatMessage&) const = default;
};

// Chat ordering: by posting time, ties broken by id so every peer shows the same order.
bool chatBefore(const ChatMessage& a, const ChatMessage& b);

}  // namespace grove::app
