// DemoCompanion: the demo's second member — a real second Peer in this process with its own
// profile, network node and tool host, who joins the demo space by invitation and keeps
// writing in its chat and its Discussion.
#pragma once

#include <core/peer.h>
#include <net/peer_node.h>
#include <toolhost/toolhost.h>

#include <QObject>
#include <QTemporaryDir>
#include <QTimer>
#include <memory>

#include "serial_worker.h"

namespace grove::app {

class DemoCompanion : public QObject {
    Q_OBJECT

public:
    static constexpr const char* kName = "Sam Rivera";
    static constexpr int kFirstPostMs = 2500;
    static constexpr int kPostEveryMs = 25000;
    static constexpr int kFirstToolPostMs = 9000;
    static constexpr int kToolPostEveryMs = 40000;

    explicit DemoCompanion(QObject* parent = nullptr);
    ~DemoCompanion() override;

    // Invites the companion into `spaceId` of `host` (reachable at `hostAddress`), then, off the
    // GUI thread, creates its account, starts its node and joins; then it posts now and then in
    // the chat and in the space's Discussion. Its tool host lives on this (the GUI) thread.
    void start(platform::Peer& host, const QString& spaceId, const QString& hostAddress);
    bool isJoined() const { return joined_; }
    // The next line of its script, right away (tests and the screenshot tour).
    void postNow();
    // The next step of its Discussion script (a reply or a topic), right away; false when the
    // space has no running Discussion here yet (nothing was written).
    bool postInToolNow();
    // The companion's tool host (its own instances of the space's tools).
    platform::ToolHost* toolHost() { return tools_.get(); }

signals:
    void joined();
    void failed(const QString& message);
    void posted();
    void postedInTool();

private:
    QTemporaryDir dir_;
    // Declared before the Peer: destroyed after it (the Peer's tool runtime refers to it).
    std::unique_ptr<platform::ToolHost> tools_;
    std::shared_ptr<platform::Peer> peer_;
    std::unique_ptr<platform::net::PeerNode> node_;
    SerialWorker worker_;  // after the Peer and node: destroyed first, waits for their calls
    QTimer timer_;
    QTimer toolTimer_;
    std::string space_;
    bool joined_ = false;
    int next_ = 0;
    int nextToolStep_ = 0;
};

}  // namespace grove::app
