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

// Where a message arriving live goes: after every message posted at the same time or earlier
// (the Peer's list order is kept for what is already there: it is causal, not just by time).
bool postedBefore(const ChatMessage& a, const ChatMessage& b);

}  // namespace grove::app
