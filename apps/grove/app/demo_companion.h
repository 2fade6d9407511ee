// DemoCompanion: the demo's second member — a real second Peer in this process with its own
// profile and network node, who joins the demo space by invitation and keeps posting in it.
#pragma once

#include "serial_worker.h"

#include <core/peer.h>
#include <net/peer_node.h>

#include <QObject>
#include <QTemporaryDir>
#include <QTimer>

#include <memory>

namespace grove::app {

class DemoCompanion : public QObject {
    Q_OBJECT

public:
    static constexpr const char* kName = "Sam Rivera";
    static constexpr int kFirstPostMs = 2500;
    static constexpr int kPostEveryMs = 25000;

    explicit DemoCompanion(QObject* parent = nullptr);
    ~DemoCompanion() override;

    // Invites the companion into `spaceId` of `host` (reachable at `hostAddress`), then, off the
    // GUI thread, creates its account, starts its node and joins; then it posts now and then.
    void start(platform::Peer& host, const QString& spaceId, const QString& hostAddress);
    bool isJoined() const { return joined_; }
    // The next line of its script, right away (tests and the screenshot tour).
    void postNow();

signals:
    void joined();
    void failed(const QString& message);
    void posted();

private:
    QTemporaryDir dir_;
    std::shared_ptr<platform::Peer> peer_;
    std::unique_ptr<platform::net::PeerNode> node_;
    SerialWorker worker_;  // after the Peer and node: destroyed first, waits for their calls
    QTimer timer_;
    std::string space_;
    bool joined_ = false;
    int next_ = 0;
};

}  // namespace grove::app
