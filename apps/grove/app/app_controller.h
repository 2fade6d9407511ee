// AppController: the app's composition root behind QML — owns the Peer and the worker, routes
// Peer events to the models, tracks unread messages and which space is in view.
#pragma once

#include "account_controller.h"
#include "app_options.h"
#include "app_settings.h"
#include "desktop_notifier.h"
#include "device_controller.h"
#include "event_bridge.h"
#include "installed_tool_model.h"
#include "local_api.h"
#include "profile_state.h"
#include "network_status.h"
#include "serial_worker.h"
#include "space_controller.h"
#include "space_list_model.h"
#include "unread_tracker.h"

#include <core/peer.h>
#include <net/peer_node.h>
#include <toolhost/toolhost.h>

#include <QObject>
#include <QTimer>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <memory>

namespace grove::app {

class DemoCompanion;

class AppController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Created by the app shell")
    Q_PROPERTY(Status status READ status NOTIFY statusChanged)
    Q_PROPERTY(QString startupError READ startupError NOTIFY statusChanged)
    Q_PROPERTY(QString profileDir READ profileDir CONSTANT)
    Q_PROPERTY(bool demo READ demo CONSTANT)
    Q_PROPERTY(QString demoPassphrase READ demoPassphrase NOTIFY statusChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(bool creatingSpace READ creatingSpace NOTIFY creatingSpaceChanged)
    Q_PROPERTY(QString currentSpaceId READ currentSpaceId NOTIFY currentSpaceIdChanged)
    // Whether the user can see the window (active and not minimised): read marks depend on it.
    Q_PROPERTY(bool attentive READ attentive WRITE setAttentive NOTIFY attentiveChanged)
    Q_PROPERTY(grove::app::AccountController* account READ account CONSTANT)
    Q_PROPERTY(grove::app::SpaceListModel* spaces READ spaces CONSTANT)
    Q_PROPERTY(grove::app::SpaceController* space READ space CONSTANT)
    Q_PROPERTY(grove::app::InstalledToolModel* installedTools READ installedTools CONSTANT)
    Q_PROPERTY(grove::app::AppSettings* settings READ settings CONSTANT)
    Q_PROPERTY(grove::app::DesktopNotifier* notifier READ notifier CONSTANT)
    // This account's devices and pairing (Settings → Devices, onboarding), and the relays given
    // with --relay.
    Q_PROPERTY(grove::app::DeviceController* devices READ devices CONSTANT)
    Q_PROPERTY(grove::app::LocalApiController* localApi READ localApi CONSTANT)
    // The network as shown: state, listening address, links, relays; addresses to dial.
    Q_PROPERTY(grove::app::NetworkStatus* network READ network CONSTANT)
    // A message about something that happened outside the user's view (a space left or removed),
    // shown above the workspace until dismissed; noticeType is info | warning.
    Q_PROPERTY(QString notice READ notice NOTIFY noticeChanged)
    Q_PROPERTY(QString noticeType READ noticeType NOTIFY noticeChanged)
    Q_PROPERTY(int maxSpaceNameLength READ maxSpaceNameLength CONSTANT)
    Q_PROPERTY(bool joining READ joining NOTIFY joiningChanged)
    // A grove: invitation link the app was opened with (`grove grove:join?…`), waiting for the
    // Join dialog; "" once taken.
    Q_PROPERTY(QString pendingLink READ pendingLink NOTIFY pendingLinkChanged)
    Q_PROPERTY(QString version READ version CONSTANT)

public:
    enum Status { Starting, Ready, Failed };
    Q_ENUM(Status)

    static constexpr int kMaxSpaceNameLength = 64;

    // The app says "active" / "idle" on the ephemeral channel "presence" this often for the
    // space in view (and at once when the space or the window's state changes).
    static constexpr int kPresenceBeatMs = 20000;
    static constexpr const char* kPresenceChannel = "presence";
    static constexpr int kPresenceTtlMs = 45000;

    // `desktopNotifications` false: notes are recorded but never sent to the desktop (the
    // screenshot tour).
    AppController(QString profileDir, bool demo, AppOptions::Network network, AppSettings* settings,
                  QObject* parent = nullptr, bool desktopNotifications = true);
    ~AppController() override;

    // Opens the Peer on the profile (and prepares the demo); Ready or Failed afterwards.
    void start();

    Status status() const { return status_; }
    QString startupError() const { return startupError_; }
    QString profileDir() const { return profileDir_; }
    bool demo() const { return demo_; }
    QString demoPassphrase() const { return demoPassphrase_; }
    bool busy() const { return worker_.busy(); }
    bool creatingSpace() const { return creatingSpace_; }
    QString currentSpaceId() const { return space_.spaceId(); }
    bool attentive() const { return attentive_; }
    void setAttentive(bool attentive);
    int maxSpaceNameLength() const { return kMaxSpaceNameLength; }
    QString version() const;
    bool joining() const { return joining_; }

    AccountController* account() { return &account_; }
    SpaceListModel* spaces() { return &spaces_; }
    SpaceController* space() { return &space_; }
    InstalledToolModel* installedTools() { return &installedTools_; }
    AppSettings* settings() { return settings_; }
    DesktopNotifier* notifier() { return notifier_; }
    DeviceController* devices() { return &devices_; }
    LocalApiController* localApi() { return &localApi_; }
    NetworkStatus* network() { return &network_; }
    QString notice() const { return notice_; }
    QString noticeType() const { return noticeType_; }
    Q_INVOKABLE void dismissNotice();
    platform::Peer* peer() { return peer_.get(); }
    platform::ToolHost* toolHost() { return toolHost_.get(); }
    platform::net::PeerNode* node() { return node_.get(); }
    // Starts the simulated second member (a second Peer in this process) in `spaceId`; --demo
    // does this for its main space, the screenshot tour too. Null without a network node.
    DemoCompanion* startCompanion(const QString& spaceId);
    DemoCompanion* companion() { return companion_.get(); }
    SerialWorker* worker() { return &worker_; }

    Q_INVOKABLE void createSpace(const QString& name);
    Q_INVOKABLE void selectSpace(const QString& spaceId);
    Q_INVOKABLE void markCurrentRead();
    // Re-reads every space's summary (new spaces appear; activity and unread are kept).
    void refreshSpaces();
    // Why a feature is not usable in this build ("" when it is): the UI shows the control
    // disabled with this text instead of pretending (for "presence" and "relays": what they
    // can't say or do). Names: join, invite, members, roles, presence, sync, pairing, pairDevice,
    // tools, addTool, renameSpace, relays, notifications.
    Q_INVOKABLE QString unavailableReason(const QString& feature) const;
    Q_INVOKABLE void copyToClipboard(const QString& text) const;

    // Joins a space with an invitation code (off the GUI thread); joinFinished tells how it went.
    Q_INVOKABLE void joinSpace(const QString& code);
    QString pendingLink() const { return pendingLink_; }
    void setPendingLink(const QString& link);
    // The pending link, cleared (the Join dialog takes it once).
    Q_INVOKABLE QString takePendingLink();
    // Sends this device's presence beat for the space in view now (also every kPresenceBeatMs).
    void sendPresenceBeat();
    // Reads the links and every space's sync state now (also runs every NetworkStatus::kPollMs).
    Q_INVOKABLE void refreshNetwork();

signals:
    void statusChanged();
    void busyChanged();
    void creatingSpaceChanged();
    void currentSpaceIdChanged();
    void attentiveChanged();
    void spaceCreated(const QString& spaceId);
    void createSpaceFailed(const QString& message);
    void joiningChanged();
    void joinFinished(bool ok, const QString& spaceIdOrMessage);
    void pendingLinkChanged();
    void noticeChanged();
    // The space is gone (left or removed); `message` says which, in words.
    void spaceRemoved(const QString& spaceId, const QString& message);
    // A notification was clicked: the window should come forward (its space is selected).
    void activateRequested();

private:
    void setStatus(Status status, const QString& error = {});
    void onAccountStateChanged();
    void loadSpaces();
    void unloadSpaces();
    void onChatChanged(EventBridge::ChatChange change, const ChatMessage& message);
    void onSpaceChanged(const QString& spaceId);
    // Reads one space's sync state (behind a relay's retention, catching up…) into the list
    // and, when in view, the space header.
    void refreshSync(const QString& spaceId);
    void onSpaceRemoved(const QString& spaceId);
    void onToolChanged(const QString& spaceId, const QString& instanceId, const QString& authorId);
    void setNotice(const QString& text, const QString& type);
    // Whether the user sees `spaceId` right now (shown and the window attentive).
    bool isInView(const QString& spaceId) const;
    void refreshActivity(const QString& spaceId, const std::vector<ChatMessage>& messages);
    void startDemo();
    void startToolHost();
    void startNetwork();
    void refreshInstalledTools();
    void onEphemeral(const platform::EphemeralMessageView& message);
    // The links were read: who is linked, and every space's sync state.
    void onLinksRead(const QSet<QString>& linkedDevices);

    QString profileDir_;
    bool demo_;
    AppSettings* settings_;
    DesktopNotifier* notifier_;  // a child
    QString notice_, noticeType_;
    QHash<QString, qint64> toolNotifiedMs_;  // space id → last tool-activity note
    Status status_ = Starting;
    QString startupError_;
    QString demoPassphrase_;
    QString demoSpaceId_;
    bool creatingSpace_ = false;
    bool attentive_ = false;
    NetworkStatus network_;
    bool joining_ = false;
    QString pendingLink_;
    QTimer presenceTimer_;

    std::unique_ptr<platform::ToolHost> toolHost_;  // before peer_: outlives the Peer using it
    std::unique_ptr<ProfileState> profileState_;
    std::unique_ptr<platform::Peer> peer_;
    std::unique_ptr<platform::net::PeerNode> node_;  // after peer_: stopped before it goes
    QObject toolPost_;     // runs the tool runtime's posted work; dropped before the Peer goes
    SerialWorker worker_;  // after peer_: destroyed first, waits for a running Peer call
    SerialWorker netWorker_;  // joins (which wait on the network) without holding up the chat
    AccountController account_;
    DeviceController devices_{&account_};
    SpaceListModel spaces_;
    SpaceController space_;
    InstalledToolModel installedTools_;
    UnreadTracker unread_;
    LocalApiController localApi_;  // stopped in the destructor, before the Peer goes
    QHash<QString, QString> previewMessage_;  // space id → id of the message in its preview
    std::unique_ptr<DemoCompanion> companion_;  // --demo: the simulated second member
    EventBridge events_;  // destroyed early, so no event arrives during teardown
    QObject ephemeralPost_;         // receives ephemeral messages on the GUI thread
    platform::Subscription ephemeral_;  // last: unsubscribed first
};

}  // namespace grove::app
