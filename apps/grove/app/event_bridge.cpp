#include "event_bridge.h"

namespace grove::app {

EventBridge::EventBridge(QObject* parent) : QObject(parent) {}

EventBridge::~EventBridge() {
    subscription_.reset();
}

void EventBridge::attach(platform::Peer& peer) {
    detach();
    const quint64 generation = generation_;
    subscription_ = peer.subscribe({}, [this, generation](const platform::SpaceEvent& event) {
        // Runs on a Peer thread: copy the event and queue it to the GUI thread.
        QMetaObject::invokeMethod(
            this, [this, event, generation] { deliver(event, generation); }, Qt::QueuedConnection);
    });
    attached_ = true;
}

void EventBridge::detach() {
    subscription_.reset();
    ++generation_;
    attached_ = false;
}

void EventBridge::deliver(const platform::SpaceEvent& event, quint64 generation) {
    if (!attached_ || generation != generation_) return;  // queued before a detach
    const QString spaceId = QString::fromStdString(event.space_id);
    using Kind = platform::SpaceEvent::Kind;
    switch (event.kind) {
        case Kind::ChatPosted:
        case Kind::ChatEdited:
        case Kind::ChatDeleted: {
            if (!event.chat) return;
            const ChatChange change = event.kind == Kind::ChatPosted   ? ChatChange::Posted
                                      : event.kind == Kind::ChatEdited ? ChatChange::Edited
                                                                       : ChatChange::Deleted;
            emit chatChanged(change, ChatMessage::from(*event.chat));
            break;
        }
        case Kind::SpaceChanged:
            emit spaceChanged(spaceId);
            break;
        case Kind::SyncChanged:
            emit syncChanged(spaceId);
            break;
        case Kind::SpaceRemoved:
            emit spaceRemoved(spaceId);
            break;
        case Kind::ToolChanged:
            emit toolChanged(spaceId, QString::fromStdString(event.tool_instance),
                             QString::fromStdString(event.author_id));
            break;
    }
}

}  // namespace grove::app
