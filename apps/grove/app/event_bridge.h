// EventBridge: subscribes to a Peer's events (which arrive on the Peer's threads) and re-emits
// them as Qt signals on the GUI thread, in arrival order.
#pragma once

#include <core/peer.h>

#include <QObject>

#include "chat_message.h"

namespace grove::app {

class EventBridge : public QObject {
    Q_OBJECT

public:
    enum class ChatChange { Posted, Edited, Deleted };

    explicit EventBridge(QObject* parent = nullptr);
    ~EventBridge() override;  // unsubscribes first: no callback runs after this

    void attach(platform::Peer& peer);  // every space
    void detach();
    bool attached() const { return attached_; }

signals:
    void chatChanged(grove::app::EventBridge::ChatChange change,
                     const grove::app::ChatMessage& message);
    void spaceChanged(const QString& spaceId);
    // The space fell behind a relay's retention or caught up again (Peer::sync_status).
    void syncChanged(const QString& spaceId);
    // This account left the space or was removed from it: it is gone from this peer.
    void spaceRemoved(const QString& spaceId);
    // A tool instance changed (added, renamed, removed, or an operation applied); `authorId` is
    // the identity that wrote the change — this account's own for its own activity.
    void toolChanged(const QString& spaceId, const QString& instanceId, const QString& authorId);

private:
    void deliver(const platform::SpaceEvent& event, quint64 generation);

    platform::Subscription subscription_;
    quint64 generation_ = 0;  // events queued by an earlier subscription are dropped
    bool attached_ = false;
};

}  // namespace grove::app
