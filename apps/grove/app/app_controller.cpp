#include "app_controller.h"

#include "app_settings.h"
#include "demo_seeder.h"
#include "error_text.h"

#include <QClipboard>
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

AppController::AppController(QString profileDir, bool demo, AppSettings* settings, QObject* parent)
    : QObject(parent),
      profileDir_(std::move(profileDir)),
      demo_(demo),
      settings_(settings),
      space_(&account_) {
    for (QObject* o : std::initializer_list<QObject*>{&account_, &spaces_, &space_, &installedTools_})
        QQmlEngine::setObjectOwnership(o, QQmlEngine::CppOwnership);
    if (settings_) QQmlEngine::setObjectOwnership(settings_, QQmlEngine::CppOwnership);
    connect(&worker_, &SerialWorker::busyChanged, this, &AppController::busyChanged);
    connect(&account_, &AccountController::stateChanged, this, &AppController::onAccountStateChanged);
    connect(&space_, &SpaceController::spaceChanged, this, &AppController::currentSpaceIdChanged);
    connect(&events_, &EventBridge::chatChanged, this, &AppController::onChatChanged);
    connect(&events_, &EventBridge::spaceChanged, this, &AppController::onSpaceChanged);
    connect(&events_, &EventBridge::toolChanged, this, [](const QString&, const QString&) {
        // Tool views follow their own models once the tool host lands.
    });
}

AppController::~AppController() {
    events_.detach();
    worker_.waitForIdle();
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
    profileState_ = std::make_unique<ProfileState>(profileDir_);
    startToolHost();
    account_.attach(peer_.get(), &worker_);
    space_.attach(peer_.get(), &worker_, toolHost_.get(), &installedTools_);
    if (demo_ && account_.state() == AccountController::NoAccount) return startDemo();
    setStatus(Ready);
    if (account_.state() == AccountController::Unlocked) loadSpaces();
}

void AppController::startToolHost() {
    // The host lives on this (the GUI) thread: tool models feed QML. It is attached before
    // any unlock, as the Peer requires.
    toolHost_ = std::make_unique<platform::ToolHost>();
    toolHost_->set_instance_observer([this](const platform::InstanceStatus& status) {
        const QString space = QString::fromStdString(sdk::to_hex(status.address.space));
        QMetaObject::invokeMethod(
            &toolPost_, [this, space] { if (space == space_.spaceId()) space_.refreshTools(); },
            Qt::QueuedConnection);
    });
    toolHost_->scan();
    peer_->attach_tool_host(*toolHost_, [target = &toolPost_](std::function<void()> fn) {
        QMetaObject::invokeMethod(target, std::move(fn), Qt::QueuedConnection);
    });
    installedTools_.setAvailable(true);
    refreshInstalledTools();
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

    QString select = profileState_->lastSpace();
    if (spaces_.indexOf(select) < 0) select = spaces_.idAt(0);
    if (!select.isEmpty()) selectSpace(select);
}

void AppController::unloadSpaces() {
    events_.detach();
    space_.clear();
    spaces_.clear();
    unread_.clear();
    previewMessage_.clear();
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
}

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
    profileState_->setLastSpace(spaceId);
    markCurrentRead();
}

void AppController::markCurrentRead() {
    const QString id = space_.spaceId();
    if (id.isEmpty() || !attentive_ || !profileState_) return;
    profileState_->setReadMarker(id, unread_.markRead(id));
    spaces_.setUnread(id, 0);
}

QString AppController::version() const { return QStringLiteral(GROVE_APP_VERSION); }

void AppController::copyToClipboard(const QString& text) const {
    if (QClipboard* clipboard = QGuiApplication::clipboard()) clipboard->setText(text);
}

QString AppController::unavailableReason(const QString& feature) const {
    static const QHash<QString, QString> reasons = {
        {QStringLiteral("join"),
         QStringLiteral("Joining with an invitation code isn't available yet: this build has no "
                        "membership support.")},
        {QStringLiteral("invite"),
         QStringLiteral("Inviting people isn't available yet: this build has no membership "
                        "support.")},
        {QStringLiteral("members"),
         QStringLiteral("The member list isn't available yet: this build can't list members.")},
        {QStringLiteral("roles"),
         QStringLiteral("Changing roles isn't available yet: this build has no membership "
                        "support.")},
        {QStringLiteral("presence"),
         QStringLiteral("Presence isn't available yet: this build has no live connection to "
                        "other members.")},
        {QStringLiteral("sync"),
         QStringLiteral("Sync status isn't available yet: this build doesn't replicate spaces "
                        "between devices.")},
        {QStringLiteral("typing"),
         QStringLiteral("Typing indicators aren't available yet.")},
        {QStringLiteral("renameSpace"),
         QStringLiteral("Renaming a space isn't available yet.")},
        {QStringLiteral("devices"),
         QStringLiteral("Linking more devices isn't available yet.")},
        {QStringLiteral("relays"),
         QStringLiteral("Relays can't be configured yet.")},
        {QStringLiteral("apiTokens"),
         QStringLiteral("Local API tokens can't be managed from the app yet.")},
        {QStringLiteral("notifications"),
         QStringLiteral("Desktop notifications aren't available yet.")},
    };
    return reasons.value(feature);
}

}  // namespace grove::app
