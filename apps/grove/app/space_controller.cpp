#include "space_controller.h"

#include <grove/sdk/types.h>

#include <QDateTime>
#include <QSet>
#include <algorithm>

#include "account_controller.h"
#include "error_text.h"
#include "installed_tool_model.h"
#include "serial_worker.h"

namespace grove::app {

namespace {
QString qs(const std::string& s) {
    return QString::fromStdString(s);
}
}  // namespace

SpaceController::SpaceController(AccountController* account, QObject* parent)
    : QObject(parent), account_(account) {
    connect(account_, &AccountController::infoChanged, this, [this] {
        chat_.setMyIdentity(account_->identityId());
        updateMembers();
    });
}

void SpaceController::attach(platform::Peer* peer, SerialWorker* worker, platform::ToolHost* host,
                             const InstalledToolModel* installed) {
    peer_ = peer;
    worker_ = worker;
    host_ = host;
    installed_ = installed;
    tools_.setAvailable(host_ != nullptr);
}

void SpaceController::show(const QString& spaceId) {
    if (spaceId.isEmpty()) return clear();
    const bool changed = spaceId != spaceId_;
    spaceId_ = spaceId;
    if (changed) {
        beats_.clear();
        presence_.clear();
        invitations_.clear();
    }
    setLoadError({});
    setChatError({});
    chat_.setMyIdentity(account_->identityId());
    auto summary = peer_->get_space(spaceId.toStdString());
    if (!summary) {
        setLoadError(userMessage(Action::LoadSpace, summary.error()));
        chat_.clear();
    } else {
        setSummary(*summary);
        auto messages = peer_->list_chat(spaceId.toStdString());
        if (!messages) {
            setLoadError(userMessage(Action::LoadSpace, messages.error()));
            chat_.clear();
        } else {
            std::vector<ChatMessage> rows;
            rows.reserve(messages->size());
            for (const auto& m : *messages) rows.push_back(ChatMessage::from(m));
            chat_.setMessages(std::move(rows));
        }
    }
    updateMembers();
    if (changed) tools_.clear();  // another space's views must not linger
    refreshTools();
    if (changed) emit spaceChanged();
}

void SpaceController::clear() {
    const bool changed = !spaceId_.isEmpty();
    spaceId_.clear();
    name_.clear();
    myRole_.clear();
    memberCount_ = 0;
    createdMs_ = 0;
    chat_.clear();
    members_.clear();
    tools_.clear();
    invitations_.clear();
    beats_.clear();
    presence_.clear();
    lastMembers_.clear();
    if (!typingNames_.isEmpty()) {
        typingNames_.clear();
        emit typingChanged();
    }
    setLoadError({});
    setChatError({});
    emit summaryChanged();
    if (changed) emit spaceChanged();
}

void SpaceController::applyChat(EventBridge::ChatChange, const ChatMessage& message) {
    if (message.spaceId != spaceId_) return;
    chat_.upsert(message);
}

void SpaceController::refreshSummary() {
    if (!open()) return;
    auto summary = peer_->get_space(spaceId_.toStdString());
    if (summary) setSummary(*summary);
}

void SpaceController::refreshMembers() {
    updateMembers();
}

void SpaceController::setLinkedDevices(const QSet<QString>& devices) {
    if (devices == linkedDevices_) return;
    linkedDevices_ = devices;
    updateMembers();
}

QString SpaceController::memberName(const QString& identityId) const {
    const MemberListModel::Row* row = members_.find(identityId);
    return row ? row->displayName : QString();
}

void SpaceController::act(const QString& action, std::function<Result<void>(platform::Peer&)> call,
                          std::function<void()> then, std::function<void()> always) {
    if (!open()) return emit actionFinished(action, false, QStringLiteral("Open a space first."));
    if (acting_++ == 0) emit actingChanged();
    const Action kind = action == QLatin1String("rename")             ? Action::RenameSpace
                        : action == QLatin1String("role")             ? Action::ChangeRole
                        : action == QLatin1String("remove")           ? Action::RemoveMember
                        : action == QLatin1String("revokeInvitation") ? Action::RevokeInvitation
                                                                      : Action::LeaveSpace;
    worker_->run([peer = peer_, call = std::move(call)] { return call(*peer); },
                 [this, action, kind, id = spaceId_, then = std::move(then),
                  always = std::move(always)](Result<void> result) {
                     if (--acting_ == 0) emit actingChanged();
                     if (always) always();
                     if (!result) {
                         if (kind == Action::LeaveSpace) leaving_.remove(id);
                         emit actionFinished(action, false, userMessage(kind, result.error()));
                         return;
                     }
                     if (then) then();
                     emit actionFinished(action, true, {});
                 });
}

void SpaceController::createInvitation(const QString& role, int days) {
    const QString action = QStringLiteral("invite");
    const QString reason =
        invitationNetwork_.unavailableReason ? invitationNetwork_.unavailableReason() : QString();
    if (!reason.isEmpty()) return emit actionFinished(action, false, reason);
    if (!open()) return emit actionFinished(action, false, QStringLiteral("Open a space first."));
    const auto parsed = platform::role_from_string(role.toStdString());
    if (!parsed)
        return emit actionFinished(action, false,
                                   QStringLiteral("Choose a role for the person you invite."));
    std::vector<std::string> addresses;
    if (invitationNetwork_.addresses)
        for (const QString& a : invitationNetwork_.addresses())
            addresses.push_back(a.toStdString());
    const qint64 expires =
        QDateTime::currentMSecsSinceEpoch() + qint64(std::clamp(days, 1, 30)) * 86400000;
    if (acting_++ == 0) emit actingChanged();
    struct Made {
        platform::InvitationInfo invitation;
        std::optional<platform::net::ShortInvitation> short_form;
    };
    worker_->run(
        [peer = peer_, space = spaceId_.toStdString(), role = *parsed, expires,
         addresses = std::move(addresses),
         share = invitationNetwork_.shareShort]() -> Result<Made> {
            auto made = peer->create_invitation(space, role, expires, addresses);
            if (!made) return made.error();
            Made out{*made, std::nullopt};
            // Without a short code the full one still works: a failure here is not the
            // invitation's.
            if (share)
                if (auto shared = share(space, *made)) out.short_form = *shared;
            return out;
        },
        [this, action, id = spaceId_](Result<Made> made) {
            if (--acting_ == 0) emit actingChanged();
            if (id == spaceId_) refreshInvitations();
            if (!made)
                return emit actionFinished(action, false,
                                           userMessage(Action::Invite, made.error()));
            const platform::InvitationInfo* invitation = &made->invitation;
            invitationShortCode_ = made->short_form
                                       ? QString::fromStdString(made->short_form->code)
                                       : QString();
            invitationLink_ = made->short_form ? QString::fromStdString(made->short_form->link)
                                               : QString();
            invitationCode_ = QString::fromStdString(invitation->code);
            invitationId_ = QString::fromStdString(invitation->invitation_id);
            invitationExpiresMs_ = invitation->expires_ms;
            emit invitationCreated();
            emit actionFinished(action, true, {});
        });
}

void SpaceController::revokeInvitation(const QString& invitationId) {
    act(
        QStringLiteral("revokeInvitation"),
        [space = spaceId_.toStdString(), id = invitationId.toStdString()](platform::Peer& peer) {
            return peer.revoke_invitation(space, id);
        },
        {}, [this] { refreshInvitations(); });
}

void SpaceController::renameSpace(const QString& name) {
    const QString clean = name.simplified();
    if (clean.isEmpty())
        return emit actionFinished(QStringLiteral("rename"), false,
                                   QStringLiteral("Give the space a name."));
    if (clean.size() > kMaxSpaceNameLength)
        return emit actionFinished(
            QStringLiteral("rename"), false,
            QStringLiteral("Use a shorter name (at most %1 characters).").arg(kMaxSpaceNameLength));
    act(
        QStringLiteral("rename"),
        [s = spaceId_.toStdString(),
         n = clean.toStdString()](platform::Peer& peer) -> Result<void> {
            auto renamed = peer.rename_space(s, n);
            if (!renamed) return renamed.error();
            return {};
        },
        [this] { refreshSummary(); });
}

void SpaceController::changeRole(const QString& identityId, const QString& role) {
    const auto parsed = platform::role_from_string(role.toStdString());
    if (!parsed)
        return emit actionFinished(QStringLiteral("role"), false,
                                   QStringLiteral("Choose manager, participant or guest."));
    act(
        QStringLiteral("role"),
        [s = spaceId_.toStdString(), m = identityId.toStdString(),
         r = *parsed](platform::Peer& peer) -> Result<void> {
            auto changed = peer.change_role(s, m, r);
            if (!changed) return changed.error();
            return {};
        },
        [this] { refreshSummary(); });
}

void SpaceController::removeMember(const QString& identityId) {
    act(
        QStringLiteral("remove"),
        [s = spaceId_.toStdString(), m = identityId.toStdString()](platform::Peer& peer) {
            return peer.remove_member(s, m);
        },
        [this] { refreshSummary(); });
}

void SpaceController::leave() {
    const QString id = spaceId_;
    leaving_.insert(id);  // before the call: its SpaceRemoved event arrives before the result
    act(
        QStringLiteral("leave"),
        [s = id.toStdString()](platform::Peer& peer) { return peer.leave_space(s); },
        [this, id] { emit left(id); });
}

void SpaceController::refreshTools() {
    if (!open() || !loadError_.isEmpty()) return tools_.clear();
    auto list = peer_->list_tools(spaceId_.toStdString());
    if (!list) return tools_.clear();
    platform::InstanceAddress address;
    sdk::from_hex(spaceId_.toStdString(), address.space);
    std::vector<ToolInstanceModel::Row> rows;
    for (const auto& v : *list) {
        ToolInstanceModel::Row row;
        row.instanceId = qs(v.id);
        row.name = qs(v.name);
        row.toolId = qs(v.tool_id);
        row.toolName = installed_ ? installed_->nameOf(row.toolId) : QString();
        row.errorText = qs(v.message);
        if (v.state == "running") {
            row.status = QStringLiteral("ready");
            if (host_ && sdk::from_hex(v.id, address.instance)) {
                auto url = host_->view_url(address);
                if (url) {
                    row.viewUrl = QUrl(qs(*url));
                } else {
                    row.status = QStringLiteral("failed");
                    row.errorText = qs(url.error().message);
                }
                row.toolObject = host_->model(address);
            }
        } else if (v.state == "placeholder") {
            row.status = QStringLiteral("missing");
        } else if (v.state == "failed") {
            row.status = QStringLiteral("failed");
        } else {
            row.status = QStringLiteral("loading");
        }
        rows.push_back(std::move(row));
    }
    tools_.setInstances(std::move(rows));
}

QString SpaceController::addTool(const QString& toolId, const QString& name) {
    if (!open()) return QStringLiteral("Open a space first.");
    auto added = peer_->add_tool(spaceId_.toStdString(), toolId.toStdString(),
                                 name.simplified().toStdString());
    if (!added) return userMessage(Action::AddTool, added.error());
    refreshTools();
    emit toolAdded(qs(added->id));
    return {};
}

QString SpaceController::renameTool(const QString& instanceId, const QString& name) {
    const QString clean = name.simplified();
    if (!open()) return QStringLiteral("Open a space first.");
    if (clean.isEmpty()) return QStringLiteral("Give the tab a name.");
    auto renamed =
        peer_->rename_tool(spaceId_.toStdString(), instanceId.toStdString(), clean.toStdString());
    if (!renamed) return userMessage(Action::RenameTool, renamed.error());
    refreshTools();
    return {};
}

QString SpaceController::removeTool(const QString& instanceId) {
    if (!open()) return QStringLiteral("Open a space first.");
    // Close the view first: the host destroys the instance's model when the removal applies.
    tools_.removeInstance(instanceId);
    auto removed = peer_->remove_tool(spaceId_.toStdString(), instanceId.toStdString());
    refreshTools();
    if (!removed) return userMessage(Action::RemoveTool, removed.error());
    return {};
}

void SpaceController::post(const QString& text) {
    const QString trimmed = text.trimmed();
    if (!open() || trimmed.isEmpty()) return;
    if (trimmed.size() > kMaxMessageLength) {
        setChatError(QStringLiteral("That message is too long (%1 characters; the limit is %2).")
                         .arg(trimmed.size())
                         .arg(kMaxMessageLength));
        emit postFailed(text, chatError_);
        return;
    }
    setChatError({});
    beginSend();
    worker_->run([peer = peer_, s = spaceId_.toStdString(),
                  t = trimmed.toStdString()] { return peer->post_chat(s, t); },
                 [this, text](Result<platform::ChatMessageView> result) {
                     endSend();
                     if (!result) {
                         setChatError(userMessage(Action::Post, result.error()));
                         emit postFailed(text, chatError_);
                         return;
                     }
                     const ChatMessage m = ChatMessage::from(*result);
                     if (m.spaceId == spaceId_) chat_.upsert(m);
                 });
}

void SpaceController::edit(const QString& messageId, const QString& text) {
    const QString trimmed = text.trimmed();
    if (!open() || trimmed.isEmpty()) return;
    const ChatMessage* existing = chat_.find(messageId);
    if (existing && existing->text == trimmed) return;  // nothing changed
    setChatError({});
    beginSend();
    worker_->run([peer = peer_, s = spaceId_.toStdString(), id = messageId.toStdString(),
                  t = trimmed.toStdString()] { return peer->edit_chat(s, id, t); },
                 [this, messageId, text](Result<platform::ChatMessageView> result) {
                     endSend();
                     if (!result) {
                         setChatError(userMessage(Action::Edit, result.error()));
                         emit editFailed(messageId, text, chatError_);
                         return;
                     }
                     const ChatMessage m = ChatMessage::from(*result);
                     if (m.spaceId == spaceId_) chat_.upsert(m);
                 });
}

void SpaceController::remove(const QString& messageId) {
    if (!open()) return;
    setChatError({});
    beginSend();
    worker_->run([peer = peer_, s = spaceId_.toStdString(),
                  id = messageId.toStdString()] { return peer->delete_chat(s, id); },
                 [this](Result<platform::ChatMessageView> result) {
                     endSend();
                     if (!result) return setChatError(userMessage(Action::Delete, result.error()));
                     const ChatMessage m = ChatMessage::from(*result);
                     if (m.spaceId == spaceId_) chat_.upsert(m);
                 });
}

void SpaceController::clearChatError() {
    setChatError({});
}

void SpaceController::setSync(const QString& state, int pending, int links, const QString& note) {
    if (state == syncState_ && pending == syncPending_ && links == linkCount_ && note == syncNote_)
        return;
    syncState_ = state;
    syncPending_ = pending;
    linkCount_ = links;
    syncNote_ = note;
    emit syncChanged();
}

QString SpaceController::syncStateOf(const platform::SyncStatus* status, bool shared,
                                     int established) {
    const int pending = status ? static_cast<int>(status->pending) : 0;
    if (status && status->behind_retention) return QStringLiteral("behind");
    return !shared && pending == 0 ? QStringLiteral("alone")
           : established == 0      ? QStringLiteral("offline")
           : pending > 0           ? QStringLiteral("syncing")
                                   : QStringLiteral("connected");
}

QString SpaceController::syncNoteOf(const platform::SyncStatus* status) {
    if (status && !status->behind_retention && !status->relay_problem.empty())
        return QStringLiteral("The relay does not take this device's changes: %1")
            .arg(qs(status->relay_problem));
    if (!status || !status->behind_retention) return {};
    quint64 changes = 0;
    QSet<QString> devices;
    for (const auto& m : status->missing) {
        if (m.to_seq >= m.from_seq) changes += m.to_seq - m.from_seq + 1;
        devices.insert(qs(m.device_id));
    }
    QString what = changes == 0   ? QStringLiteral("Some older changes")
                   : changes == 1 ? QStringLiteral("1 older change")
                                  : QStringLiteral("%1 older changes").arg(changes);
    if (devices.size() > 1) what += QStringLiteral(" from %1 devices").arg(devices.size());
    QString note = QStringLiteral(
                       "%1 expired on the relay before this device received them, so part of "
                       "this space's history is missing here. Waiting for a member to come "
                       "online to re-send it; nothing you do now is lost.")
                       .arg(what);
    if (!status->retention_note.empty())
        note += QStringLiteral(" (%1)").arg(qs(status->retention_note));
    return note;
}

void SpaceController::setSummary(const platform::SpaceSummary& summary) {
    name_ = qs(summary.name);
    myRole_ = QString::fromLatin1(platform::to_string(summary.my_role));
    memberCount_ = static_cast<int>(summary.member_count);
    createdMs_ = summary.created_ms;
    emit summaryChanged();
    updateMembers();
    refreshInvitations();
}

void SpaceController::updateMembers() {
    lastMembers_.clear();
    membersRead_ = false;
    if (!open() || myRole_.isEmpty() || !peer_) return applyMembers();
    auto list = peer_->list_members(spaceId_.toStdString());
    if (list) {
        lastMembers_ = std::move(list).value();
        membersRead_ = true;
    }
    refreshPresence();  // reads presence, then applies
}

void SpaceController::refreshPresence() {
    if (!open() || !peer_) return applyMembers();
    presence_.clear();
    if (auto presence = peer_->presence(spaceId_.toStdString()))
        for (const auto& p : *presence) presence_.insert(qs(p.identity_id), p);
    applyMembers();
}

QString SpaceController::presenceOf(const QStringList& devices, const platform::PresenceView* p,
                                    const Beat* beat, qint64 now) const {
    const bool linked = std::any_of(devices.begin(), devices.end(),
                                    [&](const QString& d) { return linkedDevices_.contains(d); });
    const bool online = linked || (p && p->online);
    const bool fresh = beat && now - beat->atMs <= kBeatFreshMs;
    return online && fresh             ? beat->state
           : online                    ? QStringLiteral("online")
           : p && p->last_seen_ms != 0 ? QStringLiteral("away")
                                       : QStringLiteral("unknown");
}

bool SpaceController::isOnline(const QString& presence) {
    return presence == QLatin1String("active") || presence == QLatin1String("idle") ||
           presence == QLatin1String("online");
}

QStringList SpaceController::onlineMembers(const QString& spaceId) const {
    QStringList names;
    if (spaceId.isEmpty() || !peer_) return names;
    if (spaceId == spaceId_) {  // the pane's own rows, beats included
        for (const auto& row : members_.rows())
            if (!row.me && isOnline(row.presence)) names << row.displayName;
        return names;
    }
    auto members = peer_->list_members(spaceId.toStdString());
    if (!members) return names;
    QHash<QString, platform::PresenceView> presence;
    if (auto list = peer_->presence(spaceId.toStdString()))
        for (const auto& p : *list) presence.insert(qs(p.identity_id), p);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const auto& m : *members) {
        if (m.is_me) continue;
        QStringList devices;
        for (const auto& d : m.devices) devices << qs(d);
        const auto p = presence.constFind(qs(m.identity_id));
        // Beats are kept for the space in view only; "online" needs none.
        if (isOnline(presenceOf(devices, p != presence.constEnd() ? &*p : nullptr, nullptr, now)))
            names << qs(m.display_name);
    }
    return names;
}

void SpaceController::notePresenceBeat(const QString& spaceId, const QString& identityId,
                                       const QString& payload) {
    if (spaceId != spaceId_) return;  // only the space in view is shown
    if (payload != QLatin1String("active") && payload != QLatin1String("idle")) return;
    beats_.insert(identityId, {payload, QDateTime::currentMSecsSinceEpoch()});
    applyMembers();
}

void SpaceController::applyMembers() {
    if (!open() || myRole_.isEmpty() || !peer_) {
        if (!typingNames_.isEmpty()) {
            typingNames_.clear();
            emit typingChanged();
        }
        return members_.clear();
    }
    std::vector<MemberListModel::Row> rows;
    if (!membersRead_) {
        // Show the user (whose role we know) and say the rest couldn't be read.
        MemberListModel::Row me;
        me.identityId = account_->identityId();
        me.displayName = account_->displayName();
        me.fingerprint = account_->fingerprint();
        me.role = myRole_;
        me.presence = QStringLiteral("active");
        me.me = true;
        rows.push_back(std::move(me));
        members_.setMembers(std::move(rows), memberCount_ <= 1);
    } else {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        for (const auto& m : lastMembers_) {
            MemberListModel::Row row;
            row.identityId = qs(m.identity_id);
            row.displayName = qs(m.display_name);
            row.fingerprint = qs(m.fingerprint);
            row.role = QString::fromLatin1(platform::to_string(m.role));
            row.me = m.is_me;
            for (const auto& d : m.devices) row.devices << qs(d);
            if (row.me) {
                row.presence = QStringLiteral("active");
            } else {
                const auto p = presence_.constFind(row.identityId);
                const bool known = p != presence_.constEnd();
                row.lastSeenMs = known ? p->last_seen_ms : 0;
                row.typing = known && p->typing;
                const auto beat = beats_.constFind(row.identityId);
                row.presence = presenceOf(row.devices, known ? &*p : nullptr,
                                          beat != beats_.constEnd() ? &*beat : nullptr, now);
            }
            rows.push_back(std::move(row));
        }
        members_.setMembers(std::move(rows), true);
    }
    QStringList typing;
    for (const auto& row : members_.rows())
        if (row.typing && !row.me) typing << row.displayName;
    if (typing != typingNames_) {
        typingNames_ = typing;
        emit typingChanged();
    }
}

void SpaceController::refreshInvitations() {
    if (!open() || !peer_) return invitations_.clear();
    if (!canManage()) {
        invitations_.clear();
        invitations_.setError(QStringLiteral("Only managers see the space's invitation codes."));
        return;
    }
    auto list = peer_->list_invitations(spaceId_.toStdString());
    if (!list) return invitations_.setError(userMessage(Action::ListInvitations, list.error()));
    auto nameOf = [this](const std::string& identity) {
        for (const auto& m : lastMembers_)
            if (m.identity_id == identity) return qs(m.display_name);
        return QStringLiteral("a former member");
    };
    std::vector<InvitationListModel::Row> rows;
    for (const auto& i : *list) {
        InvitationListModel::Row row;
        row.invitationId = qs(i.invitation_id);
        row.role = QString::fromLatin1(platform::to_string(i.role));
        row.expiresMs = i.expires_ms;
        row.createdBy = nameOf(i.created_by);
        for (const auto& u : i.used_by) row.usedBy << nameOf(u);
        row.state = i.revoked            ? QStringLiteral("revoked")
                    : !i.used_by.empty() ? QStringLiteral("used")
                    : i.expired          ? QStringLiteral("expired")
                                         : QStringLiteral("pending");
        rows.push_back(std::move(row));
    }
    invitations_.setInvitations(std::move(rows));
}

void SpaceController::noteTyping() {
    if (!canPost() || !peer_) return;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (now - typingSentMs_ < kTypingEveryMs) return;
    typingSentMs_ = now;
    (void)peer_->set_typing(spaceId_.toStdString());
}

void SpaceController::setLoadError(const QString& error) {
    if (error == loadError_) return;
    loadError_ = error;
    emit loadErrorChanged();
}

void SpaceController::setChatError(const QString& error) {
    if (error == chatError_) return;
    chatError_ = error;
    emit chatErrorChanged();
}

void SpaceController::beginSend() {
    if (sending_++ == 0) emit sendingChanged();
}

void SpaceController::endSend() {
    if (--sending_ == 0) emit sendingChanged();
}

}  // namespace grove::app
