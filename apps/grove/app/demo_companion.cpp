#include "demo_companion.h"

#include "demo_seeder.h"

#include <QDateTime>
#include <QDir>

#include <array>

namespace grove::app {

namespace {

constexpr std::array<const char*, 10> kScript = {
    "Hi Robin! I'm Sam, the demo's second member. I'm a separate peer running in this same "
    "process: everything I write reaches you through replication.",
    "Switch to another space for a minute: when I write again, this one gets an unread badge.",
    "I joined with a one-time invitation code, the same way anyone else would.",
    "My copy of this space is encrypted with the same key as yours. Neither of us sent it to "
    "a server.",
    "Did you see the Discussion tab? It's a tool plugin, loaded from its own library.",
    "Seed swap idea: everyone brings three kinds of beans.",
    "I'll keep dropping a line every now and then, so there is always something new.",
    "Try editing one of your own messages: press the Up arrow in an empty message box.",
    "Quiet day. Watering the tomatoes.",
    "Still here! This demo profile disappears when you quit Grove.",
};

}  // namespace

DemoCompanion::DemoCompanion(QObject* parent)
    : QObject(parent), dir_(QDir::temp().filePath(QStringLiteral("grove-demo-companion-XXXXXX"))) {
    timer_.setInterval(kPostEveryMs);
    connect(&timer_, &QTimer::timeout, this, &DemoCompanion::postNow);
}

DemoCompanion::~DemoCompanion() {
    timer_.stop();
    if (node_) node_->stop();
    worker_.waitForIdle();
}

void DemoCompanion::start(platform::Peer& host, const QString& spaceId, const QString& hostAddress) {
    if (!dir_.isValid()) return emit failed(QStringLiteral("no temporary directory for the companion"));
    space_ = spaceId.toStdString();
    const qint64 week = QDateTime::currentMSecsSinceEpoch() + 7LL * 86400000;
    auto invitation = host.create_invitation(space_, platform::Role::Participant, week,
                                             {hostAddress.toStdString()});
    if (!invitation) return emit failed(QString::fromStdString(invitation.error().describe()));
    const std::string profile = QDir(dir_.path()).filePath(QStringLiteral("profile")).toStdString();
    // The account (slow key derivation) off the GUI thread; the node here, so the destructor can
    // stop it; the join (which waits on the network) off the GUI thread again.
    worker_.run(
        [profile]() -> Result<std::shared_ptr<platform::Peer>> {
            auto peer = platform::Peer::open(profile);
            if (!peer) return peer.error();
            auto account = (*peer)->create_account(kName, DemoSeeder::makePassphrase());
            if (!account) return account.error();
            return std::shared_ptr<platform::Peer>(std::move(peer).value());
        },
        [this, code = invitation->code, hostAddress](Result<std::shared_ptr<platform::Peer>> peer) {
            if (!peer) return emit failed(QString::fromStdString(peer.error().describe()));
            peer_ = *peer;
            auto node = platform::net::PeerNode::start(*peer_, {});
            if (!node) return emit failed(QString::fromStdString(node.error().describe()));
            node_ = std::move(node).value();
            worker_.run([node = node_.get(), code] { return node->join(code); },
                        [this, hostAddress](Result<platform::SpaceSummary> result) {
                            if (!result)
                                return emit failed(QString::fromStdString(result.error().describe()));
                            // The join's link closes once done: keep one up from now on.
                            node_->connect(hostAddress.toStdString());
                            joined_ = true;
                            emit joined();
                            QTimer::singleShot(kFirstPostMs, this, &DemoCompanion::postNow);
                            timer_.start();
                        });
        });
}

void DemoCompanion::postNow() {
    if (!joined_) return;
    const char* text = kScript[static_cast<std::size_t>(next_) % kScript.size()];
    ++next_;
    worker_.run([peer = peer_.get(), space = space_, text] { return peer->post_chat(space, text); },
                [this](Result<platform::ChatMessageView> result) {
                    if (result) emit posted();
                });
}

}  // namespace grove::app
