#include "app_controller.h"

#include "app_settings.h"
#include "demo_companion.h"
#include "demo_seeder.h"
#include "error_text.h"
#include "blob/profile_blob_stores.h"
#include "net/kept_port.h"

#include <QClipboard>
#include <QDateTime>
#include <QDir>
#include <QGuiApplication>
#include <QQmlEngine>

#include <algorithm>

#include <filesystem>

namespace grove::app {

namespace {

QString qs(const std::string& s) { return QString::fromStdString(s); }

SpaceListModel::Row rowFrom(const platform::SpaceSummary& s) {
    SpaceListModel::Row row;
    row.id = qs(s.id);
    row.name = qs(s.name);
    row.myRole = QString::fromLatin1(platform::to_string(s.my_role));
    row.memberCount = static_cast<int>(s.member_count);
    row.createdMs = s.created_ms;
    return row;
}

// One line of preview: the first line of the message, without surrounding space.
QString previewOf(const QString& text) {
    const QString line = text.section(QLatin1Char('\n'), 0, 0).simplified();
    return line.size() > 140 ? line.left(139) + QChar(0x2026) : line;
}

}  // namespace

AppController::AppController(QString profileDir, bool demo, AppOptions::Network network,
                             AppSettings* settings, QObject* parent, bool desktopNotifications)
    : QObject(parent),
      profileDir_(std::move(profileDir)),
      demo_(demo),
      settings_(settings),
      notifier_(new DesktopNotifier(desktopNotifications, this)),
      network_(std::move(network)),
      space_(&account_) {
    for (QObject* o : std::initializer_list<QObject*>{&account_, &spaces_, &space_, &installedTools_,
                                                      &devices_, &network_})
        QQmlEngine::setObjectOwnership(o, QQmlEngine::CppOwnership);
    if (settings_) QQmlEngine::setObjectOwnership(settings_, QQmlEngine::CppOwnership);
    QQmlEngine::setObjectOwnership(notifier_, QQmlEngine::CppOwnership);
    connect(notifier_, &DesktopNotifier::activated, this, [this](const QString& spaceId) {
        selectSpace(spaceId);
        emit activateRequested();
    });
    connect(&worker_, &SerialWorker::busyChanged, this, &AppController::busyChanged);
    connect(&account_, &AccountController::stateChanged, this, &AppController::onAccountStateChanged);
    connect(&space_, &SpaceController::spaceChanged, this, &AppController::currentSpaceIdChanged);
    connect(&events_, &EventBridge::chatChanged, this, &AppController::onChatChanged);
    connect(&events_, &EventBridge::spaceChanged, this, &AppController::onSpaceChanged);
    connect(&events_, &EventBridge::spaceRemoved, this, &AppController::onSpaceRemoved);
    connect(&events_, &EventBridge::syncChanged, this, [this](const QString& spaceId) {
        if (node_) refreshSync(spaceId);  // fell behind a relay's retention, or caught up
    });
    // A space left while alone in it is dropped at once; its SpaceRemoved event can carry a
    // wrong space id (the core reads the id after erasing the space), so the successful leave
    // itself removes it too (a no-op when the event did).
    connect(&space_, &SpaceController::left, this, [this](const QString& spaceId) {
        if (spaces_.indexOf(spaceId) >= 0) onSpaceRemoved(spaceId);
    });
    connect(&events_, &EventBridge::toolChanged, this, &AppController::onToolChanged);
    connect(&presenceTimer_, &QTimer::timeout, this, &AppController::sendPresenceBeat);
    connect(&devices_, &DeviceController::spacesChanged, this, &AppController::refreshSpaces);
    connect(&devices_, &DeviceController::paired, this, &AppController::refreshNetwork);
    connect(&network_, &NetworkStatus::linksRead, this, &AppController::onLinksRead);
}

AppController::~AppController() {
    localApi_.stop();
    network_.stop();
    presenceTimer_.stop();
    ephemeral_.reset();
    events_.detach();
    companion_.reset();
    if (node_) node_->stop();  // ends a join in progress
    worker_.waitForIdle();
    netWorker_.waitForIdle();
}

void AppController::start() {
    if (!QDir().mkpath(profileDir_)) {
        setStatus(Failed, QStringLiteral("Grove couldn't create the profile folder %1. Check that "
                                         "the disk is writable.")
                              .arg(profileDir_));
        return;
    }
    auto peer = platform::Peer::open(std::filesystem::path(profileDir_.toStdString()));
    if (!peer) {
        setStatus(Failed, userMessage(Action::OpenProfile, peer.error()) +
                              QStringLiteral("\n\nProfile: ") + profileDir_);
        return;
    }
    peer_ = std::move(peer).value();
    platform::blob::ProfileBlobStores::attach(*peer_);  // tools' content on disk
    profileState_ = std::make_unique<ProfileState>(profileDir_);
    startToolHost();
    startNetwork();
    account_.attach(peer_.get(), &worker_);
    devices_.attach(peer_.get(), node_.get(), &worker_, &netWorker_,
                    {[this] { return network_.directAddresses(); },
                     [this](const QString& feature) { return unavailableReason(feature); }});
    space_.attach(peer_.get(), &worker_, toolHost_.get(), &installedTools_);
    space_.setInvitationNetwork(
        {[this] { return network_.invitationAddresses(); },
         [this] { return unavailableReason(QStringLiteral("invite")); },
         node_ ? SpaceController::InvitationNetwork::Share(
                     [node = node_.get()](const std::string& space,
                                          const platform::InvitationInfo& invitation) {
                         return node->share_short_invitation(space, invitation);
                     })
               : SpaceController::InvitationNetwork::Share()});
    localApi_.attach(peer_.get(), settings_, [this](const QString& id) {
        const SpaceListModel::Row* row = spaces_.find(id);
        return row ? row->name : QString();
    });
    if (demo_ && account_.state() == AccountController::NoAccount) return startDemo();
    setStatus(Ready);
    if (account_.state() == AccountController::Unlocked) loadSpaces();
}

void AppController::startToolHost() {
    // The host lives on this (the GUI) thread: tool models feed QML. It is attached before
    // any unlock, as the Peer requires. Its crash guard lives in the profile, as groved's does:
    // a tool that crashed the app last time starts disabled and is shown as failed.
    platform::ToolHostOptions toolOptions;
    toolOptions.state_directory = profileDir_.toStdString();
    toolHost_ = std::make_unique<platform::ToolHost>(std::move(toolOptions));
    toolHost_->set_instance_observer([this](const platform::InstanceStatus& status) {
        const QString space = QString::fromStdString(sdk::to_hex(status.address.space));
        QMetaObject::invokeMethod(
            &toolPost_, [this, space] { if (space == space_.spaceId()) space_.refreshTools(); },
            Qt::QueuedConnection);
    });
    // A removal (this user's or another member's) closes the tab now, before the host destroys
    // the model the tab's view holds.
    toolHost_->set_removal_observer([this](const platform::InstanceStatus& status) {
        if (QString::fromStdString(sdk::to_hex(status.address.space)) == space_.spaceId())
            space_.tools()->removeInstance(QString::fromStdString(sdk::to_hex(status.address.instance)));
    });
    // A tool's notification (a Calendar reminder) goes to the desktop as a note of its own,
    // at once; clicking it shows the space.
    toolHost_->set_notification_sink([this](const platform::ToolNotification& shown) {
        const QString space = QString::fromStdString(sdk::to_hex(shown.instance.address.space));
        notifier_->announce(space, QString::fromStdString(shown.notification.title),
                            QString::fromStdString(shown.notification.body));
    });
    toolHost_->scan();
    peer_->attach_tool_host(*toolHost_, [target = &toolPost_](std::function<void()> fn) {
        QMetaObject::invokeMethod(target, std::move(fn), Qt::QueuedConnection);
    });
    installedTools_.setAvailable(true);
    refreshInstalledTools();
}

void AppController::startNetwork() {
    const AppOptions::Network& network = network_.options();
    if (network.offline) return;
    platform::net::PeerNodeOptions options;
    options.listen = network.listen.toStdString();
    for (const QString& p : network.peers) options.peers.push_back(p.toStdString());
    for (const QString& r : network.relays) options.relays.push_back(r.toStdString());
    options.discovery = network.discovery;  // LAN discovery (grove --no-discovery switches it off)
    // A peer joined through stays linked; remember it so it is redialed at the next start.
    options.on_peer_kept = [this](const std::string& address) {
        QMetaObject::invokeMethod(
            this, [this, a = qs(address)] { if (profileState_) profileState_->addKnownPeer(a); },
            Qt::QueuedConnection);
    };
    // Members' signed addresses and this device's port are kept in the profile, so that members
    // find each other again after a restart (docs/replication.md, "Staying connected").
    const auto dir = peer_->profile_dir();
    options.addresses = platform::net::AddressBook::open(dir / "addresses");
    auto node = platform::net::start_with_kept_port(*peer_, options, dir / "peer-port");
    if (!node) {
        // Not fatal: the spaces work on this device; the UI says why nobody can connect.
        network_.setFailed(QStringLiteral("Grove couldn't start networking on %1: %2")
                               .arg(network.listen, qs(node.error().message)));
        return;
    }
    if (!node->warning.empty()) qWarning("grove: %s", node->warning.c_str());
    node_ = std::move(node->node);
    for (const QString& peer : profileState_->knownPeers())
        if (!network.peers.contains(peer)) node_->connect(peer.toStdString());
    for (const QString& relay : profileState_->relays()) node_->connect(relay.toStdString(), true);
    // Relays added or removed in Settings are kept (those given with --relay stay per run).
    connect(&network_, &NetworkStatus::relaysEdited, this,
            [this, given = network.relays](const QStringList& relays) {
                QStringList kept;
                for (const QString& r : relays)
                    if (!given.contains(r)) kept << r;
                if (profileState_) profileState_->setRelays(kept);
            });
    network_.attach(node_.get());
}

DemoCompanion* AppController::startCompanion(const QString& spaceId) {
    if (!node_ || spaceId.isEmpty()) return nullptr;
    if (companion_) return companion_.get();
    const QStringList addresses = network_.invitationAddresses();
    if (addresses.isEmpty()) return nullptr;
    companion_ = std::make_unique<DemoCompanion>();
    connect(companion_.get(), &DemoCompanion::failed, this, [](const QString& message) {
        qWarning("grove: the demo's second member could not join: %s", qPrintable(message));
    });
    connect(companion_.get(), &DemoCompanion::joined, this, [this, spaceId] {
        onSpaceChanged(spaceId);
        refreshNetwork();
    });
    // Same machine: the loopback address is the one that surely answers.
    QString address = addresses.first();
    for (const QString& a : addresses)
        if (a.startsWith(QLatin1String("127.0.0.1:"))) address = a;
    companion_->start(*peer_, spaceId, address);
    return companion_.get();
}

void AppController::refreshNetwork() {
    if (peer_) network_.refresh();
}

void AppController::onLinksRead(const QSet<QString>& linkedDevices) {
    space_.setLinkedDevices(linkedDevices);
    if (account_.state() != AccountController::Unlocked) return;
    space_.refreshPresence();
    for (int i = 0; i < spaces_.count(); ++i) {
        const QString id = spaces_.idAt(i);
        refreshSync(id);
        spaces_.setOnline(id, space_.onlineMembers(id));
    }
}

void AppController::refreshSync(const QString& spaceId) {
    if (!peer_ || account_.state() != AccountController::Unlocked) return;
    auto status = peer_->sync_status(spaceId.toStdString());
    const platform::SyncStatus* read = status ? &*status : nullptr;
    const int pending = read ? static_cast<int>(read->pending) : 0;
    const SpaceListModel::Row* row = spaces_.find(spaceId);
    const bool shared = row && row->memberCount > 1;
    const QString sync = SpaceController::syncStateOf(read, shared, network_.linkCount());
    const QString note = SpaceController::syncNoteOf(read);
    spaces_.setSync(spaceId, sync, pending, note);
    if (spaceId == space_.spaceId()) space_.setSync(sync, pending, network_.linkCount(), note);
}

void AppController::setPendingLink(const QString& link) {
    if (pendingLink_ == link) return;
    pendingLink_ = link;
    emit pendingLinkChanged();
}

QString AppController::takePendingLink() {
    const QString link = pendingLink_;
    setPendingLink({});
    return link;
}

void AppController::joinSpace(const QString& code) {
    const QString reason = unavailableReason(QStringLiteral("join"));
    if (!reason.isEmpty()) return emit joinFinished(false, reason);
    if (joining_) return;
    const QString clean = code.simplified().remove(QLatin1Char(' '));
    if (clean.isEmpty()) return emit joinFinished(false, QStringLiteral("Paste the invitation code first."));
    joining_ = true;
    emit joiningChanged();
    // The node keeps the link it joined through (and reports it to on_peer_kept).
    netWorker_.run([node = node_.get(), c = clean.toStdString()] { return node->join(c); },
                   [this](Result<platform::SpaceSummary> result) {
                       joining_ = false;
                       emit joiningChanged();
                       if (!result) {
                           emit joinFinished(false, userMessage(Action::Join, result.error()));
                           return;
                       }
                       const QString id = qs(result->id);
                       refreshSpaces();
                       selectSpace(id);
                       refreshNetwork();
                       emit joinFinished(true, id);
                   });
}

void AppController::sendPresenceBeat() {
    if (!peer_ || !node_ || account_.state() != AccountController::Unlocked || !space_.open())
        return;
    // Best effort, like the message itself: nobody linked means nobody to tell.
    (void)peer_->send_ephemeral(space_.spaceId().toStdString(), kPresenceChannel,
                                attentive_ ? "active" : "idle", kPresenceTtlMs);
}

void AppController::onEphemeral(const platform::EphemeralMessageView& message) {
    const QString spaceId = qs(message.space_id);
    if (spaceId != space_.spaceId()) return;
    if (message.channel == kPresenceChannel) {
        space_.notePresenceBeat(spaceId, qs(message.identity_id), qs(message.payload));
    } else if (message.channel == "chat.typing") {
        space_.refreshPresence();
        // Typing ends by itself (the core's expiry, at most platform::kTypingTtlMs).
        const int ttl = int(std::min<std::uint32_t>(message.ttl_ms ? message.ttl_ms : platform::kTypingTtlMs,
                                                    platform::kTypingTtlMs));
        QTimer::singleShot(ttl + 100, &ephemeralPost_, [this] { space_.refreshPresence(); });
    }
}

void AppController::refreshInstalledTools() {
    auto tools = peer_->installed_tools();
    if (!tools) return;
    std::vector<InstalledToolModel::Row> rows;
    for (const auto& t : *tools) {
        InstalledToolModel::Row row;
        row.toolId = qs(t.id);
        row.name = qs(t.name.empty() ? t.id : t.name);
        row.description = qs(t.description);
        row.version = qs(t.version);
        row.publisher = qs(t.publisher);
        if (t.state == "failed") row.errorText = qs(t.error);
        else if (t.state != "running") row.errorText = QStringLiteral("not started (%1)").arg(qs(t.state));
        rows.push_back(std::move(row));
    }
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
        return QString::compare(a.name, b.name, Qt::CaseInsensitive) < 0;
    });
    installedTools_.setTools(std::move(rows));
}

void AppController::startDemo() {
    demoPassphrase_ = QString::fromStdString(DemoSeeder::makePassphrase());
    worker_.run(
        [peer = peer_.get(), pass = demoPassphrase_.toStdString()]()
            -> Result<std::pair<platform::AccountInfo, std::string>> {
            auto account = DemoSeeder::createAccount(*peer, pass);
            if (!account) return account.error();
            auto space = DemoSeeder::seedSpaces(*peer);
            if (!space) return space.error();
            return std::pair{*account, *space};
        },
        [this](Result<std::pair<platform::AccountInfo, std::string>> result) {
            if (!result) return setStatus(Failed, userMessage(Action::Demo, result.error()));
            demoSpaceId_ = qs(result->second);
            DemoSeeder::seedTools(*peer_, *toolHost_, result->second);
            profileState_->setLastSpace(demoSpaceId_);
            setStatus(Ready);
            account_.adopt(result->first);  // → Unlocked → loadSpaces()
            startCompanion(demoSpaceId_);
        });
}

void AppController::setStatus(Status status, const QString& error) {
    status_ = status;
    startupError_ = error;
    emit statusChanged();
}

void AppController::setAttentive(bool attentive) {
    if (attentive == attentive_) return;
    attentive_ = attentive;
    emit attentiveChanged();
    if (attentive_) markCurrentRead();
    sendPresenceBeat();
}

void AppController::onAccountStateChanged() {
    if (account_.state() == AccountController::Unlocked)
        loadSpaces();
    else
        unloadSpaces();
}

void AppController::loadSpaces() {
    // Subscribe first so nothing posted while loading is missed (applying twice is harmless).
    events_.attach(*peer_);
    // Ephemeral messages arrive on link threads: hand them to the GUI thread.
    ephemeral_ = peer_->subscribe_ephemeral({}, [target = &ephemeralPost_, this](
                                                    const platform::EphemeralMessageView& m) {
        QMetaObject::invokeMethod(target, [this, m] { onEphemeral(m); }, Qt::QueuedConnection);
    });
    if (node_) presenceTimer_.start(kPresenceBeatMs);
    devices_.refreshDevices();
    unread_.clear();
    previewMessage_.clear();
    auto spaces = peer_->list_spaces();
    if (!spaces) {
        spaces_.clear();
        return;
    }
    std::vector<SpaceListModel::Row> rows;
    const QString me = account_.identityId();
    std::vector<std::pair<QString, std::vector<ChatMessage>>> chats;
    for (const auto& summary : *spaces) {
        SpaceListModel::Row row = rowFrom(summary);
        std::vector<ChatMessage> messages;
        if (auto chat = peer_->list_chat(summary.id)) {
            for (const auto& m : *chat) messages.push_back(ChatMessage::from(m));
        }
        unread_.load(row.id, messages, profileState_->readMarker(row.id), me);
        row.unread = unread_.unread(row.id);
        chats.emplace_back(row.id, std::move(messages));
        rows.push_back(std::move(row));
    }
    spaces_.setRows(std::move(rows));
    for (const auto& [id, messages] : chats) refreshActivity(id, messages);
    refreshNetwork();

    QString select = profileState_->lastSpace();
    if (spaces_.indexOf(select) < 0) select = spaces_.idAt(0);
    if (!select.isEmpty()) selectSpace(select);
}

void AppController::unloadSpaces() {
    events_.detach();
    ephemeral_.reset();
    presenceTimer_.stop();
    devices_.clear();
    space_.clear();
    spaces_.clear();
    unread_.clear();
    previewMessage_.clear();
    dismissNotice();
}

void AppController::refreshActivity(const QString& spaceId, const std::vector<ChatMessage>& messages) {
    const QString me = account_.identityId();
    for (auto it = messages.rbegin(); it != messages.rend(); ++it) {
        if (it->deleted) continue;
        spaces_.setActivity(spaceId, it->postedMs, previewOf(it->text), it->authorName,
                            it->authorId == me);
        previewMessage_.insert(spaceId, it->id);
        return;
    }
    spaces_.setActivity(spaceId, 0, {}, {}, false);
    previewMessage_.remove(spaceId);
}

void AppController::onChatChanged(EventBridge::ChatChange change, const ChatMessage& message) {
    if (spaces_.indexOf(message.spaceId) < 0) onSpaceChanged(message.spaceId);  // a new space
    const bool inView = message.spaceId == space_.spaceId() && attentive_;
    const auto kind = change == EventBridge::ChatChange::Posted   ? UnreadTracker::Change::Posted
                      : change == EventBridge::ChatChange::Edited ? UnreadTracker::Change::Edited
                                                                  : UnreadTracker::Change::Deleted;
    if (unread_.apply(kind, message, inView, account_.identityId()))
        spaces_.setUnread(message.spaceId, unread_.unread(message.spaceId));
    if (inView && kind == UnreadTracker::Change::Posted) markCurrentRead();

    // The sidebar preview: the newest message that is not deleted.
    const SpaceListModel::Row* row = spaces_.find(message.spaceId);
    const bool isPreview = previewMessage_.value(message.spaceId) == message.id;
    if (row && !message.deleted && (isPreview || message.postedMs >= row->lastActivityMs)) {
        spaces_.setActivity(message.spaceId, message.postedMs, previewOf(message.text),
                            message.authorName, message.authorId == account_.identityId());
        previewMessage_.insert(message.spaceId, message.id);
    } else if (row && message.deleted && isPreview) {
        std::vector<ChatMessage> messages;
        if (auto chat = peer_->list_chat(message.spaceId.toStdString()))
            for (const auto& m : *chat) messages.push_back(ChatMessage::from(m));
        refreshActivity(message.spaceId, messages);
    }
    space_.applyChat(change, message);

    // A desktop notification for someone else's new message in a space not in view.
    if (kind == UnreadTracker::Change::Posted && !isInView(message.spaceId) &&
        message.authorId != account_.identityId() && settings_ &&
        settings_->notifiesFor(message.spaceId)) {
        const SpaceListModel::Row* space = spaces_.find(message.spaceId);
        notifier_->notify(message.spaceId, space ? space->name : QStringLiteral("Grove"),
                          message.authorName + QStringLiteral(": ") + previewOf(message.text));
    }
}

bool AppController::isInView(const QString& spaceId) const {
    return attentive_ && spaceId == space_.spaceId();
}

void AppController::onToolChanged(const QString& spaceId, const QString& instanceId,
                                  const QString& authorId) {
    // Someone else's tool activity in a space not in view (this account's own, from any of its
    // devices, never notifies). One note a minute per space at most.
    if (authorId.isEmpty() || authorId == account_.identityId()) return;
    if (isInView(spaceId) || !settings_ || !settings_->notifiesFor(spaceId)) return;
    const SpaceListModel::Row* space = spaces_.find(spaceId);
    if (!space) return;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (now - toolNotifiedMs_.value(spaceId, 0) < 60000) return;
    toolNotifiedMs_.insert(spaceId, now);
    QString tool;
    if (auto tools = peer_->list_tools(spaceId.toStdString()))
        for (const auto& t : *tools)
            if (qs(t.id) == instanceId) tool = qs(t.name);
    notifier_->notify(spaceId, space->name,
                      tool.isEmpty() ? QStringLiteral("New activity in a tool")
                                     : QStringLiteral("New activity in %1").arg(tool));
}

void AppController::onSpaceRemoved(const QString& spaceId) {
    const SpaceListModel::Row* row = spaces_.find(spaceId);
    const QString name = row ? row->name : QString();
    const bool left = space_.isLeaving(spaceId);
    space_.forgetLeaving(spaceId);
    if (!row) return;  // not listed (already gone)
    const int index = spaces_.indexOf(spaceId);
    const bool current = spaceId == space_.spaceId();
    spaces_.removeSpace(spaceId);
    unread_.forget(spaceId);
    previewMessage_.remove(spaceId);
    toolNotifiedMs_.remove(spaceId);
    notifier_->withdraw(spaceId);
    if (settings_) settings_->setSpaceMuted(spaceId, false);
    if (current) {
        const QString next = spaces_.idAt(std::min(index, spaces_.count() - 1));
        if (next.isEmpty()) {
            space_.clear();
            profileState_->setLastSpace({});
        } else {
            selectSpace(next);
        }
    }
    const QString message =
        left ? QStringLiteral("You left “%1”. Its messages and tools are no longer on this device.")
                   .arg(name)
             : QStringLiteral("You were removed from “%1” by a manager. Its messages and tools "
                              "are no longer on this device.")
                   .arg(name);
    setNotice(message, left ? QStringLiteral("info") : QStringLiteral("warning"));
    emit spaceRemoved(spaceId, message);
}

void AppController::setNotice(const QString& text, const QString& type) {
    notice_ = text;
    noticeType_ = type;
    emit noticeChanged();
}

void AppController::dismissNotice() { setNotice({}, {}); }

void AppController::onSpaceChanged(const QString& spaceId) {
    auto summary = peer_->get_space(spaceId.toStdString());
    if (!summary) return;
    spaces_.upsertSpace(rowFrom(*summary));
    if (spaceId == space_.spaceId()) {
        space_.refreshSummary();
        space_.refreshTools();  // tool instances are space deltas
    }
}

void AppController::refreshSpaces() {
    if (!peer_ || account_.state() != AccountController::Unlocked) return;
    auto spaces = peer_->list_spaces();
    if (!spaces) return;
    for (const auto& summary : *spaces) {
        const SpaceListModel::Row row = rowFrom(summary);
        const bool known = spaces_.indexOf(row.id) >= 0;
        spaces_.upsertSpace(row);
        if (known) continue;
        std::vector<ChatMessage> messages;
        if (auto chat = peer_->list_chat(summary.id))
            for (const auto& m : *chat) messages.push_back(ChatMessage::from(m));
        unread_.load(row.id, messages, profileState_->readMarker(row.id), account_.identityId());
        spaces_.setUnread(row.id, unread_.unread(row.id));
        refreshActivity(row.id, messages);
    }
}

void AppController::createSpace(const QString& name) {
    const QString clean = name.simplified();
    if (creatingSpace_ || !peer_) return;
    if (clean.isEmpty()) return emit createSpaceFailed(QStringLiteral("Give the space a name."));
    if (clean.size() > kMaxSpaceNameLength)
        return emit createSpaceFailed(
            QStringLiteral("Use a shorter name (at most %1 characters).").arg(kMaxSpaceNameLength));
    creatingSpace_ = true;
    emit creatingSpaceChanged();
    worker_.run([peer = peer_.get(), n = clean.toStdString()] { return peer->create_space(n); },
                [this](Result<platform::SpaceSummary> result) {
                    creatingSpace_ = false;
                    emit creatingSpaceChanged();
                    if (!result) {
                        emit createSpaceFailed(userMessage(Action::CreateSpace, result.error()));
                        return;
                    }
                    const SpaceListModel::Row row = rowFrom(*result);
                    spaces_.upsertSpace(row);
                    unread_.load(row.id, {}, 0, account_.identityId());
                    selectSpace(row.id);
                    emit spaceCreated(row.id);
                });
}

void AppController::selectSpace(const QString& spaceId) {
    if (spaces_.indexOf(spaceId) < 0) return;
    space_.show(spaceId);
    if (const SpaceListModel::Row* row = spaces_.find(spaceId))
        space_.setSync(row->syncState, row->syncPending, network_.linkCount(), row->syncNote);
    profileState_->setLastSpace(spaceId);
    markCurrentRead();
    sendPresenceBeat();
}

void AppController::markCurrentRead() {
    const QString id = space_.spaceId();
    if (id.isEmpty() || !attentive_ || !profileState_) return;
    profileState_->setReadMarker(id, unread_.markRead(id));
    spaces_.setUnread(id, 0);
    notifier_->withdraw(id);  // the user is looking at it now
}

QString AppController::version() const { return QStringLiteral(GROVE_APP_VERSION); }

void AppController::copyToClipboard(const QString& text) const {
    if (QClipboard* clipboard = QGuiApplication::clipboard()) clipboard->setText(text);
}

QString AppController::unavailableReason(const QString& feature) const {
    const bool networked = feature == QLatin1String("join") || feature == QLatin1String("invite") ||
                           feature == QLatin1String("sync");
    if (networked && !node_) {
        if (network_.options().offline)
            return QStringLiteral("Grove was started with --offline: it doesn't connect to anyone, "
                                  "so spaces stay on this device.");
        return network_.error().isEmpty() ? QStringLiteral("Networking hasn't started.") : network_.error();
    }
    if (feature == QLatin1String("invite") && network_.invitationAddresses().isEmpty())
        return QStringLiteral("Nobody could reach this device: start Grove with --listen host:port "
                              "or --relay host:port to invite people.");
    if (networked) return {};
    if (feature == QLatin1String("pairDevice") && !node_)
        return network_.options().offline ? QStringLiteral("Grove was started with --offline: this device "
                                                 "can't reach your other one.")
                                : (network_.error().isEmpty() ? QStringLiteral("Networking hasn't started.")
                                                           : network_.error());
    if (feature == QLatin1String("pairing")) {
        if (!node_)
            return network_.options().offline
                       ? QStringLiteral("Grove was started with --offline: a new device can't "
                                        "reach this one.")
                       : (network_.error().isEmpty() ? QStringLiteral("Networking hasn't started.")
                                                  : network_.error());
        if (network_.directAddresses().isEmpty())
            return QStringLiteral("A new device must reach this one directly: start Grove with "
                                  "--listen host:port to link a device.");
        return {};
    }
    static const QHash<QString, QString> reasons = {
        {QStringLiteral("presence"),
         QStringLiteral("Presence is only known over direct links: it never goes through "
                        "relays, so someone reachable only through a relay shows as not seen.")},
    };
    return reasons.value(feature);
}

}  // namespace grove::app
