#include "unread_tracker.h"

#include <algorithm>

namespace grove::app {

void UnreadTracker::load(const QString& spaceId, const std::vector<ChatMessage>& messages,
                         qint64 readMarker, const QString& myIdentity) {
    SpaceState state;
    for (const ChatMessage& m : messages) {
        state.newestMs = std::max(state.newestMs, m.postedMs);
        if (!m.deleted && m.authorId != myIdentity && m.postedMs > readMarker)
            state.unread.insert(m.id);
    }
    spaces_.insert(spaceId, std::move(state));
}

bool UnreadTracker::apply(Change change, const ChatMessage& message, bool inView,
                          const QString& myIdentity) {
    SpaceState& state = spaces_[message.spaceId];
    state.newestMs = std::max(state.newestMs, message.postedMs);
    const qsizetype before = state.unread.size();
    switch (change) {
        case Change::Posted:
            if (!inView && !message.deleted && message.authorId != myIdentity)
                state.unread.insert(message.id);
            break;
        case Change::Edited: break;
        case Change::Deleted: state.unread.remove(message.id); break;
    }
    return state.unread.size() != before;
}

qint64 UnreadTracker::markRead(const QString& spaceId) {
    SpaceState& state = spaces_[spaceId];
    state.unread.clear();
    return state.newestMs;
}

int UnreadTracker::unread(const QString& spaceId) const {
    const auto it = spaces_.constFind(spaceId);
    return it == spaces_.cend() ? 0 : static_cast<int>(it->unread.size());
}

void UnreadTracker::clear() { spaces_.clear(); }

}  // namespace grove::app
