#include "demo_companion.h"

#include <QAbstractItemModel>
#include <QDateTime>
#include <QDir>
#include <QMetaObject>
#include <array>

#include "demo_seeder.h"

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

// What Sam writes in Discussion, one step at a time: a reply to a topic (found by title; the
// newest topic when `topic` is null) or a new topic. Titles match DemoSeeder's topics.
struct ToolStep {
    const char* topic;  // reply to this topic; with `title` set: post a new topic instead
    const char* title;
    const char* body;
};
constexpr std::array<ToolStep, 6> kToolScript = {{
    {"Ideas for the spring meetup", nullptr,
     "The community garden, first Saturday of May? I can bring a folding table and lemonade."},
    {nullptr, "Seed swap: what to bring",
     "Three kinds of seeds each, in **labelled** envelopes:\n\n- beans\n- tomatoes\n"
     "- something nobody has grown here before"},
    {"How we use this space", nullptr,
     "Got it: decisions and long answers here, quick remarks in the chat."},
    {"Seed swap: what to bring", nullptr, "I'll bring runner beans and a purple tomato."},
    {nullptr, nullptr,
     "Good point. I wrote this reply from my own copy of the space: it reached "
     "you through replication, like everything else."},
    {nullptr, nullptr, "Adding it to my list for Saturday."},
}};

// The id of the topic titled `title` in Discussion's topic list, or of the first (newest) topic
// when `title` is null; empty when there is none.
QString topicId(QObject* discussion, const char* title) {
    auto* topics = discussion->property("topics").value<QAbstractItemModel*>();
    if (!topics || topics->rowCount() == 0) return {};
    const int idRole = topics->roleNames().key("postId", -1);
    const int titleRole = topics->roleNames().key("title", -1);
    if (idRole < 0) return {};
    for (int row = 0; row < topics->rowCount(); ++row) {
        const QModelIndex index = topics->index(row, 0);
        if (!title || topics->data(index, titleRole).toString() == QLatin1String(title))
            return topics->data(index, idRole).toString();
    }
    return {};
}

}  // namespace

DemoCompanion::DemoCompanion(QObject* parent)
    : QObject(parent), dir_(QDir::temp().filePath(QStringLiteral("grove-demo-companion-XXXXXX"))) {
    timer_.setInterval(kPostEveryMs);
    connect(&timer_, &QTimer::timeout, this, &DemoCompanion::postNow);
    toolTimer_.setInterval(kToolPostEveryMs);
    connect(&toolTimer_, &QTimer::timeout, this, [this] { (void)postInToolNow(); });
}

DemoCompanion::~DemoCompanion() {
    timer_.stop();
    toolTimer_.stop();
    if (node_) node_->stop();
    worker_.waitForIdle();
}

void DemoCompanion::start(platform::Peer& host, const QString& spaceId,
                          const QString& hostAddress) {
    if (!dir_.isValid())
        return emit failed(QStringLiteral("no temporary directory for the companion"));
    space_ = spaceId.toStdString();
    const qint64 week = QDateTime::currentMSecsSinceEpoch() + 7LL * 86400000;
    auto invitation = host.create_invitation(space_, platform::Role::Participant, week,
                                             {hostAddress.toStdString()});
    if (!invitation) return emit failed(QString::fromStdString(invitation.error().describe()));
    const std::string profile = QDir(dir_.path()).filePath(QStringLiteral("profile")).toStdString();
    // The Peer and its tool host here (the host lives on this thread and is attached before the
    // account exists); the account (slow key derivation) off the GUI thread; the node here, so
    // the destructor can stop it; the join (which waits on the network) off the GUI thread.
    auto peer = platform::Peer::open(profile);
    if (!peer) return emit failed(QString::fromStdString(peer.error().describe()));
    peer_ = std::shared_ptr<platform::Peer>(std::move(peer).value());
    tools_ = std::make_unique<platform::ToolHost>();
    tools_->scan();
    peer_->attach_tool_host(*tools_, [this](std::function<void()> fn) {
        QMetaObject::invokeMethod(this, std::move(fn), Qt::QueuedConnection);
    });
    worker_.run(
        [peer = peer_]() -> Result<platform::AccountInfo> {
            return peer->create_account(kName, DemoSeeder::makePassphrase());
        },
        [this, code = invitation->code](Result<platform::AccountInfo> account) {
            if (!account) return emit failed(QString::fromStdString(account.error().describe()));
            auto node = platform::net::PeerNode::start(*peer_, {});
            if (!node) return emit failed(QString::fromStdString(node.error().describe()));
            node_ = std::move(node).value();
            // The node keeps the link it joins through: the companion stays in sync.
            worker_.run(
                [node = node_.get(), code] { return node->join(code); },
                [this](Result<platform::SpaceSummary> result) {
                    if (!result)
                        return emit failed(QString::fromStdString(result.error().describe()));
                    joined_ = true;
                    emit joined();
                    QTimer::singleShot(kFirstPostMs, this, &DemoCompanion::postNow);
                    timer_.start();
                    QTimer::singleShot(kFirstToolPostMs, this, [this] { (void)postInToolNow(); });
                    toolTimer_.start();
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

bool DemoCompanion::postInToolNow() {
    if (!joined_ || !tools_) return false;
    QObject* discussion = nullptr;
    std::vector<platform::InstanceStatus> instances;
    platform::InstanceAddress probe;
    if (sdk::from_hex(space_, probe.space)) instances = tools_->instances(probe.space);
    for (const auto& instance : instances)
        if (instance.tool_id == "org.grove.discussion" &&
            instance.state == platform::InstanceState::Running)
            if ((discussion = tools_->model(instance.address))) break;
    if (!discussion) return false;  // not replicated here yet, or not installed
    const ToolStep& step =
        kToolScript[static_cast<std::size_t>(nextToolStep_) % kToolScript.size()];
    QString id;
    if (step.title) {
        QMetaObject::invokeMethod(discussion, "postTopic", Q_RETURN_ARG(QString, id),
                                  Q_ARG(QString, QString::fromUtf8(step.title)),
                                  Q_ARG(QString, QString::fromUtf8(step.body)));
    } else {
        // The topic may be gone (removed by a moderator): reply to the newest one instead.
        QString topic = topicId(discussion, step.topic);
        if (topic.isEmpty()) topic = topicId(discussion, nullptr);
        if (topic.isEmpty()) return false;
        QMetaObject::invokeMethod(discussion, "reply", Q_RETURN_ARG(QString, id),
                                  Q_ARG(QString, topic),
                                  Q_ARG(QString, QString::fromUtf8(step.body)));
    }
    if (id.isEmpty()) return false;  // refused (see the model's lastError): tried again later
    ++nextToolStep_;
    emit postedInTool();
    return true;
}

}  // namespace grove::app
