// SpaceController: the space in view — its summary, chat, members and tool instances — and the
// chat actions (post, edit own, delete own), run off the GUI thread with errors kept for the UI.
#pragma once

#include <QtQml/qqmlregistration.h>
#include <core/peer.h>
#include <toolhost/toolhost.h>

#include <QHash>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <functional>
#include <optional>

#include "net/peer_node.h"
#include "chat_model.h"
#include "event_bridge.h"
#include "invitation_list_model.h"
#include "member_list_model.h"
#include "tool_instance_model.h"

namespace grove::app {

class AccountController;
class InstalledToolModel;
class SerialWorker;

class SpaceController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Provided by AppController")
    Q_PROPERTY(QString spaceId READ spaceId NOTIFY spaceChanged)
    Q_PROPERTY(bool open READ open NOTIFY spaceChanged)
    Q_PROPERTY(QString name READ name NOTIFY summaryChanged)
    Q_PROPERTY(QString myRole READ myRole NOTIFY summaryChanged)
    Q_PROPERTY(int memberCount READ memberCount NOTIFY summaryChanged)
    Q_PROPERTY(qint64 createdMs READ createdMs NOTIFY summaryChanged)
    Q_PROPERTY(bool canPost READ canPost NOTIFY summaryChanged)
    Q_PROPERTY(QString loadError READ loadError NOTIFY loadErrorChanged)
    Q_PROPERTY(QString chatError READ chatError NOTIFY chatErrorChanged)
    Q_PROPERTY(bool sending READ sending NOTIFY sendingChanged)
    // A membership or space action (rename, role, remove, leave) is running.
    Q_PROPERTY(bool acting READ acting NOTIFY actingChanged)
    Q_PROPERTY(bool canManage READ canManage NOTIFY summaryChanged)
    // local (no network) | alone | offline (no link) | syncing | connected; see AppController.
    Q_PROPERTY(QString syncState READ syncState NOTIFY syncChanged)
    Q_PROPERTY(int syncPending READ syncPending NOTIFY syncChanged)
    Q_PROPERTY(QString syncNote READ syncNote NOTIFY syncChanged)
    Q_PROPERTY(int linkCount READ linkCount NOTIFY syncChanged)
    Q_PROPERTY(grove::app::ChatModel* chat READ chat CONSTANT)
    Q_PROPERTY(grove::app::MemberListModel* members READ members CONSTANT)
    Q_PROPERTY(grove::app::ToolInstanceModel* tools READ tools CONSTANT)
    // Managers: the space's invitation codes (pending, used, revoked, expired).
    Q_PROPERTY(grove::app::InvitationListModel* invitations READ invitations CONSTANT)
    // The last code made by createInvitation() ("" before): its text, id and expiry.
    Q_PROPERTY(QString invitationCode READ invitationCode NOTIFY invitationCreated)
    Q_PROPERTY(QString invitationId READ invitationId NOTIFY invitationCreated)
    // The same invitation as a short code ("ABCD-EFGH-JKLMN") and a grove: link ("" without).
    Q_PROPERTY(QString invitationShortCode READ invitationShortCode NOTIFY invitationCreated)
    Q_PROPERTY(QString invitationLink READ invitationLink NOTIFY invitationCreated)
    Q_PROPERTY(double invitationExpiresMs READ invitationExpiresMs NOTIFY invitationCreated)
    // Names of the other members typing in the chat now (the core's expiry: at most 5 s).
    Q_PROPERTY(QStringList typingNames READ typingNames NOTIFY typingChanged)

public:
    static constexpr int kMaxMessageLength = 4000;
    static constexpr int kMaxSpaceNameLength = 64;
    // A presence beat ("active" / "idle" on the ephemeral channel "presence") counts this long.
    static constexpr qint64 kBeatFreshMs = 50000;
    // The composer tells the others "typing" at most this often.
    static constexpr qint64 kTypingEveryMs = 3000;

    SpaceController(AccountController* account, QObject* parent = nullptr);
    // `host` (may be null) gives running instances' views; `installed` their tools' names.
    void attach(platform::Peer* peer, SerialWorker* worker, platform::ToolHost* host,
                const InstalledToolModel* installed);

    QString spaceId() const { return spaceId_; }
    bool open() const { return !spaceId_.isEmpty(); }
    QString name() const { return name_; }
    QString myRole() const { return myRole_; }
    int memberCount() const { return memberCount_; }
    qint64 createdMs() const { return createdMs_; }
    bool canPost() const { return open() && myRole_ != QLatin1String("guest"); }
    bool canManage() const { return open() && myRole_ == QLatin1String("manager"); }
    bool acting() const { return acting_ > 0; }
    QString loadError() const { return loadError_; }
    QString chatError() const { return chatError_; }
    bool sending() const { return sending_ > 0; }
    QString syncState() const { return syncState_; }
    int syncPending() const { return syncPending_; }
    int linkCount() const { return linkCount_; }
    // The space's sync state: state is local | alone | offline | syncing | connected | behind
    // (a relay expired changes this device still lacks); note says what that means, in words
    // (empty unless behind).
    void setSync(const QString& state, int pending, int links, const QString& note = {});
    QString syncNote() const { return syncNote_; }
    // The sync state of a space from the Peer's sync_status (null when it could not be read),
    // whether anyone else is in it and the number of established links; "behind" wins.
    static QString syncStateOf(const platform::SyncStatus* status, bool shared, int established);
    // What "behind" means for the user (how much is missing, that a member must re-send it);
    // empty when the space is not behind.
    static QString syncNoteOf(const platform::SyncStatus* status);
    ChatModel* chat() { return &chat_; }
    MemberListModel* members() { return &members_; }
    ToolInstanceModel* tools() { return &tools_; }
    InvitationListModel* invitations() { return &invitations_; }
    QString invitationCode() const { return invitationCode_; }
    QString invitationShortCode() const { return invitationShortCode_; }
    QString invitationLink() const { return invitationLink_; }
    QString invitationId() const { return invitationId_; }
    double invitationExpiresMs() const { return double(invitationExpiresMs_); }
    // Where a joiner can reach this peer, and why inviting is unavailable ("" when it is not).
    struct InvitationNetwork {
        std::function<QStringList()> addresses;
        std::function<QString()> unavailableReason;
        // Files a new invitation under a short code (PeerNode::share_short_invitation); runs on
        // the worker. Unset (no node): invitations have only the full code.
        using Share = std::function<Result<platform::net::ShortInvitation>(
            const std::string& space, const platform::InvitationInfo&)>;
        Share shareShort;
    };
    void setInvitationNetwork(InvitationNetwork network) {
        invitationNetwork_ = std::move(network);
    }
    QStringList typingNames() const { return typingNames_; }

    // Shows a space (reads its summary and chat), or nothing for an empty id.
    void show(const QString& spaceId);
    void clear();
    // Events for the space in view, forwarded by AppController.
    void applyChat(EventBridge::ChatChange change, const ChatMessage& message);
    void refreshSummary();
    // Re-reads the member list (also done by refreshSummary).
    void refreshMembers();
    // Devices (hex keys) with an established link to this device right now: their members are
    // shown as connected. Nothing more about presence is known without an ephemeral channel.
    void setLinkedDevices(const QSet<QString>& devices);
    // Re-reads the Peer's presence for the space in view (online, last seen, typing) and
    // applies it with the presence beats received to the member rows and typingNames.
    void refreshPresence();
    // The other members of `spaceId` online now (active, idle or online, by the same rules as
    // the members pane; for the space in view its rows, beats included), by display name.
    QStringList onlineMembers(const QString& spaceId) const;
    static bool isOnline(const QString& presence);
    // A "presence" ephemeral message from `identityId` in `spaceId`: payload active | idle.
    void notePresenceBeat(const QString& spaceId, const QString& identityId,
                          const QString& payload);
    // Re-reads the space's invitations (managers; others get an empty list and the reason).
    Q_INVOKABLE void refreshInvitations();
    // The user is typing in the composer: tells the space's linked members, at most every
    // kTypingEveryMs. Best effort: typing is transient, a failure is not worth a message.
    Q_INVOKABLE void noteTyping();
    // Whether this app asked to leave `spaceId` (so its removal reads "You left", not "removed").
    bool isLeaving(const QString& spaceId) const { return leaving_.contains(spaceId); }
    void forgetLeaving(const QString& spaceId) { leaving_.remove(spaceId); }
    // Re-reads the space's tool instances (added, renamed, removed, opened, failed).
    void refreshTools();

    Q_INVOKABLE void post(const QString& text);
    Q_INVOKABLE void edit(const QString& messageId, const QString& text);
    Q_INVOKABLE void remove(const QString& messageId);
    Q_INVOKABLE void clearChatError();

    // Managers: membership, invitations and the space itself. Each runs off the GUI thread and
    // ends with actionFinished(action, ok, message) — action is "rename", "role", "remove",
    // "leave", "invite" or "revokeInvitation"; message is the reason in plain words when ok is
    // false.
    Q_INVOKABLE void renameSpace(const QString& name);
    Q_INVOKABLE void changeRole(const QString& identityId, const QString& role);
    Q_INVOKABLE void removeMember(const QString& identityId);
    // Anyone: leaves the space in view. On success the space disappears (SpaceRemoved).
    Q_INVOKABLE void leave();
    // A one-time code for someone to join as `role`, valid `days` (1 to 30): on success
    // invitationCode/invitationId/invitationExpiresMs hold it. The invitation list is re-read.
    Q_INVOKABLE void createInvitation(const QString& role, int days);
    // Withdraws an unused code; the invitation list is re-read either way.
    Q_INVOKABLE void revokeInvitation(const QString& invitationId);
    Q_INVOKABLE QString memberName(const QString& identityId) const;

    // Tool instances of this space (on the GUI thread: the tool host lives there). Each returns
    // "" on success or the reason in plain words.
    Q_INVOKABLE QString addTool(const QString& toolId, const QString& name);
    Q_INVOKABLE QString renameTool(const QString& instanceId, const QString& name);
    Q_INVOKABLE QString removeTool(const QString& instanceId);

signals:
    void spaceChanged();
    void summaryChanged();
    void loadErrorChanged();
    void chatErrorChanged();
    void sendingChanged();
    void syncChanged();
    // A post failed: the composer puts `text` back so nothing typed is lost.
    void postFailed(const QString& text, const QString& message);
    void editFailed(const QString& messageId, const QString& text, const QString& message);
    void toolAdded(const QString& instanceId);
    void actingChanged();
    void actionFinished(const QString& action, bool ok, const QString& message);
    void invitationCreated();
    // leave() succeeded for `spaceId` (its SpaceRemoved event normally came first).
    void left(const QString& spaceId);
    void typingChanged();

private:
    void setSummary(const platform::SpaceSummary& summary);
    void setLoadError(const QString& error);
    void setChatError(const QString& error);
    void updateMembers();
    // Builds the member rows from the last member list, presence and beats.
    void applyMembers();
    struct Beat;
    // A member other than the user (their devices, the Peer's view of them, their last beat in
    // the space in view): active | idle | online | away | unknown.
    QString presenceOf(const QStringList& devices, const platform::PresenceView* p,
                       const Beat* beat, qint64 now) const;
    // Runs a Peer write on the worker, then on the GUI thread `always`, `then` on success, and
    // actionFinished(action, …).
    void act(const QString& action, std::function<Result<void>(platform::Peer&)> call,
             std::function<void()> then = {}, std::function<void()> always = {});
    void beginSend();
    void endSend();

    AccountController* account_;
    platform::Peer* peer_ = nullptr;
    SerialWorker* worker_ = nullptr;
    platform::ToolHost* host_ = nullptr;
    const InstalledToolModel* installed_ = nullptr;
    QString spaceId_, name_, myRole_;
    int memberCount_ = 0;
    qint64 createdMs_ = 0;
    QString loadError_, chatError_;
    int sending_ = 0;
    int acting_ = 0;
    QSet<QString> linkedDevices_;
    bool membersRead_ = false;
    std::vector<platform::MemberView> lastMembers_;
    QHash<QString, platform::PresenceView> presence_;  // identity → the Peer's view
    struct Beat {
        QString state;
        qint64 atMs = 0;
    };
    QHash<QString, Beat> beats_;  // identity → last presence beat in the space in view
    QStringList typingNames_;
    qint64 typingSentMs_ = 0;
    QSet<QString> leaving_;
    QString syncState_ = QStringLiteral("local");
    int syncPending_ = 0;
    int linkCount_ = 0;
    QString syncNote_;
    ChatModel chat_;
    MemberListModel members_;
    ToolInstanceModel tools_;
    InvitationListModel invitations_;
    InvitationNetwork invitationNetwork_;
    QString invitationCode_, invitationId_, invitationShortCode_, invitationLink_;
    qint64 invitationExpiresMs_ = 0;
};

}  // namespace grove::app
