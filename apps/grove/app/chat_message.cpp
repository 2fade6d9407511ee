#include "chat_message.h"

#include <core/peer.h>

namespace grove::app {

namespace {
QString qs(const std::string& s) { return QString::fromStdString(s); }
}  // namespace

ChatMessage ChatMessage::from(const platform::ChatMessageView& view) {
    ChatMessage m;
    m.id = qs(view.id);
    m.spaceId = qs(view.space_id);
    m.authorName = qs(view.author_name);
    m.authorId = qs(view.author_id);
    m.text = qs(view.text);
    m.postedMs = view.posted_ms;
    m.editedMs = view.edited_ms;
    m.deleted = view.deleted;
    return m;
}

bool postedBefore(const ChatMessage& a, const ChatMessage& b) { return a.postedMs < b.postedMs; }

}  // namespace grove::app
