// End-to-end test of the desktop app under QT_QPA_PLATFORM=offscreen: the real shell, QML and
// Peer on a temporary profile — create an account through the form, create a space, post, edit
// and delete in the chat, lock, a wrong passphrase, unlock, restart — with every model under
// QAbstractItemModelTester; then the screenshot tour, each screen checked for being non-blank.
#include "app/app_shell.h"
#include "app/demo_companion.h"
#include "app/demo_seeder.h"
#include "app/screenshot_tour.h"

#include <core/peer.h>
#include <net/peer_node.h>

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include "grove/api/v1/api.grpc.pb.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QImage>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QScreen>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <vector>

using namespace grove::app;

namespace {

constexpr int kSlowMs = 30000;  // key derivation is deliberately slow

// Starts a SpaceController action and waits for its actionFinished: "" on success, else the
// message in words.
QString finishAction(SpaceController* space, const std::function<void()>& start) {
    QSignalSpy finished(space, &SpaceController::actionFinished);
    start();
    if (finished.isEmpty() && !finished.wait(kSlowMs)) return QStringLiteral("no answer");
    return finished.first().at(1).toBool() ? QString() : finished.first().at(2).toString();
}
const QString kPassphrase = QStringLiteral("river lantern orchid 42");

// Searches the visual item tree (dialogs included: they live in the window's overlay).
QQuickItem* findIn(QQuickItem* item, const QString& name) {
    if (item->objectName() == name && item->isVisible()) return item;
    for (QQuickItem* child : item->childItems())
        if (QQuickItem* found = findIn(child, name)) return found;
    return nullptr;
}

QQuickItem* findItem(QQuickWindow* window, const char* name) {
    return findIn(window->contentItem(), QString::fromLatin1(name));
}

// Types into a text item the way a user does: focus it, then key presses.
void typeInto(QQuickWindow* window, QQuickItem* item, const QString& text) {
    item->forceActiveFocus();
    for (const QChar c : text) QTest::keyClick(window, c.toLatin1());
}

class ModelWatch {
public:
    explicit ModelWatch(AppController* app) {
        for (QAbstractItemModel* m : std::initializer_list<QAbstractItemModel*>{
                 app->spaces(), app->space()->chat(), app->space()->members(), app->space()->tools(),
                 app->installedTools(), app->space()->invitations(), app->devices()->model(), app->network()->relays()})
            testers_.push_back(std::make_unique<QAbstractItemModelTester>(
                m, QAbstractItemModelTester::FailureReportingMode::QtTest));
    }

private:
    std::vector<std::unique_ptr<QAbstractItemModelTester>> testers_;
};

AppOptions optionsFor(const QTemporaryDir& dir) {
    AppOptions options;
    options.profileDir = dir.filePath(QStringLiteral("profile"));
    options.settingsFile = dir.filePath(QStringLiteral("grove.ini"));
    options.network.listen = QStringLiteral("127.0.0.1:0");
    return options;
}

bool chatHas(grove::platform::Peer& peer, const QString& space, const char* text) {
    auto chat = peer.list_chat(space.toStdString());
    if (!chat) return false;
    for (const auto& m : *chat)
        if (m.text == text) return true;
    return false;
}

int unreadOf(AppController* app, const QString& space) {
    return app->spaces()->data(app->spaces()->index(app->spaces()->indexOf(space)),
                               SpaceListModel::UnreadRole).toInt();
}

// Waits for a blocking call running on another thread while the app's event loop keeps going.
template <class T>
T await(std::future<T>& f, int timeoutMs = kSlowMs) {
    const bool ready = QTest::qWaitFor(
        [&] { return f.wait_for(std::chrono::milliseconds(0)) == std::future_status::ready; }, timeoutMs);
    if (!ready) qWarning("still waiting after %d ms", timeoutMs);
    return f.get();
}

}  // namespace

class EndToEnd : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QQuickStyle::setStyle(QStringLiteral("Fusion")); }

    void accountSpaceAndChat() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        {
            AppShell shell(optionsFor(dir));
            QVERIFY2(shell.load(), qPrintable(shell.error()));
            AppController* app = shell.controller();
            QQuickWindow* window = shell.window();
            ModelWatch watch(app);
            QVERIFY(QTest::qWaitForWindowExposed(window));
            QCOMPARE(app->status(), AppController::Ready);
            QCOMPARE(app->account()->state(), AccountController::NoAccount);

            // ---- create the account through the form ----
            QTRY_VERIFY(findItem(window, "nameField"));
            QQuickItem* create = findItem(window, "createAccountButton");
            QVERIFY(create);
            typeInto(window, findItem(window, "nameField"), QStringLiteral("Robin Test"));
            typeInto(window, findItem(window, "passphraseField"), kPassphrase);
            typeInto(window, findItem(window, "confirmField"), QStringLiteral("not the same"));
            QTest::keyClick(window, Qt::Key_Return);  // mismatch: nothing happens
            QTest::qWait(50);
            QCOMPARE(app->account()->state(), AccountController::NoAccount);
            QVERIFY(!app->account()->busy());
            QQuickItem* confirm = findItem(window, "confirmField");
            confirm->setProperty("text", QString());
            typeInto(window, confirm, kPassphrase);
            QTest::keyClick(window, Qt::Key_Return);
            QTRY_COMPARE_WITH_TIMEOUT(app->account()->state(), AccountController::Unlocked, kSlowMs);
            QCOMPARE(app->account()->displayName(), QStringLiteral("Robin Test"));
            QVERIFY(!app->account()->fingerprint().isEmpty());
            QCOMPARE(app->spaces()->count(), 0);
            QVERIFY(!app->space()->open());

            // ---- create a space through the dialog ----
            QTRY_VERIFY(findItem(window, "welcomeCreateButton"));
            QMetaObject::invokeMethod(window, "tourShow", Q_ARG(QVariant, QStringLiteral("create-space")));
            QQuickItem* nameField = nullptr;
            QTRY_VERIFY((nameField = findItem(window, "spaceNameField")));
            nameField->setProperty("text", QString());
            typeInto(window, nameField, QStringLiteral("Design team"));
            QTest::keyClick(window, Qt::Key_Return);
            QTRY_COMPARE_WITH_TIMEOUT(app->spaces()->count(), 1, kSlowMs);
            QTRY_VERIFY(app->space()->open());
            QCOMPARE(app->space()->name(), QStringLiteral("Design team"));
            QCOMPARE(app->space()->myRole(), QStringLiteral("manager"));
            QCOMPARE(app->space()->members()->count(), 1);

            // Empty names are refused with a sentence, not sent to the Peer.
            QSignalSpy failed(app, &AppController::createSpaceFailed);
            app->createSpace(QStringLiteral("   "));
            QCOMPARE(failed.count(), 1);
            QVERIFY(failed.first().first().toString().contains(QStringLiteral("name")));

            // ---- chat: post through the composer, edit, delete ----
            // In a narrow window (the offscreen screen is 800 px wide) the chat starts hidden so
            // the tool keeps its room; the header's chat button brings it back.
            if (window->width() < 960) {
                QVERIFY(!findItem(window, "composerInput"));
                QQuickItem* chatToggle = findItem(window, "chatToggle");
                QVERIFY(chatToggle);
                QMetaObject::invokeMethod(chatToggle, "clicked");
            }
            QQuickItem* composer = nullptr;
            QTRY_VERIFY((composer = findItem(window, "composerInput")));
            typeInto(window, composer, QStringLiteral("Hello from the end-to-end test"));
            QTest::keyClick(window, Qt::Key_Return);
            ChatModel* chat = app->space()->chat();
            QTRY_COMPARE_WITH_TIMEOUT(chat->count(), 1, kSlowMs);
            const ChatMessage first = chat->messages().front();
            QCOMPARE(first.text, QStringLiteral("Hello from the end-to-end test"));
            QCOMPARE(first.authorName, QStringLiteral("Robin Test"));
            QCOMPARE(composer->property("text").toString(), QString());
            QCOMPARE(app->spaces()->data(app->spaces()->index(0), SpaceListModel::PreviewRole).toString(),
                     first.text);
            QCOMPARE(app->spaces()->totalUnread(), 0);  // one's own messages are never unread

            app->space()->post(QStringLiteral("second message"));
            QTRY_COMPARE_WITH_TIMEOUT(chat->count(), 2, kSlowMs);
            app->space()->edit(first.id, QStringLiteral("Hello, edited"));
            QTRY_COMPARE_WITH_TIMEOUT(chat->textOf(first.id), QStringLiteral("Hello, edited"), kSlowMs);
            QVERIFY(chat->find(first.id)->editedMs > 0);
            const QString second = chat->messages().back().id;
            app->space()->remove(second);
            QTRY_VERIFY_WITH_TIMEOUT(chat->find(second)->deleted, kSlowMs);
            // The sidebar preview falls back to the newest message that is still there.
            QTRY_COMPARE(app->spaces()->data(app->spaces()->index(0), SpaceListModel::PreviewRole).toString(),
                         QStringLiteral("Hello, edited"));
            QCOMPARE(app->space()->chatError(), QString());

            // ---- a tool: add Discussion; its own view opens in a tab, driven by its model ----
#ifdef GROVE_TEST_HAVE_DISCUSSION
            QTRY_VERIFY(app->installedTools()->count() > 0);
            QCOMPARE(app->installedTools()->nameOf(QStringLiteral("org.grove.discussion")),
                     QStringLiteral("Discussion"));
            QCOMPARE(app->space()->addTool(QStringLiteral("org.grove.discussion"), QStringLiteral("Design notes")),
                     QString());
            QTRY_COMPARE(app->space()->tools()->count(), 1);
            const QModelIndex tab = app->space()->tools()->index(0);
            QCOMPARE(tab.data(ToolInstanceModel::NameRole).toString(), QStringLiteral("Design notes"));
            QTRY_COMPARE(tab.data(ToolInstanceModel::StatusRole).toString(), QStringLiteral("ready"));
            QObject* discussion = tab.data(ToolInstanceModel::ToolObjectRole).value<QObject*>();
            QVERIFY(discussion);
            QTRY_VERIFY(findItem(window, "discussionView"));
            QString topic;
            QVERIFY(QMetaObject::invokeMethod(discussion, "postTopic", Q_RETURN_ARG(QString, topic),
                                              Q_ARG(QString, QStringLiteral("Agenda")),
                                              Q_ARG(QString, QStringLiteral("First item"))));
            QVERIFY(!topic.isEmpty());
            QCOMPARE(app->space()->renameTool(tab.data(ToolInstanceModel::InstanceIdRole).toString(),
                                              QStringLiteral("Notes")),
                     QString());
            QTRY_COMPARE(app->space()->tools()->index(0).data(ToolInstanceModel::NameRole).toString(),
                         QStringLiteral("Notes"));
            // Adding an unknown tool is refused in words, not silently.
            QVERIFY(!app->space()->addTool(QStringLiteral("org.example.nothing"), QStringLiteral("X")).isEmpty());
            QCOMPARE(app->space()->tools()->count(), 1);
#else
            qInfo("Discussion tool not built: tool tab part skipped");
#endif

            // ---- lock; a wrong passphrase is refused in plain words; the right one unlocks ----
            app->account()->lock();
            QTRY_COMPARE(app->account()->state(), AccountController::Locked);
            QTRY_VERIFY(!app->busy());
            QCOMPARE(app->spaces()->count(), 0);  // nothing readable stays on screen
            QQuickItem* unlockField = nullptr;
            QTRY_VERIFY((unlockField = findItem(window, "unlockPassphrase")));
            typeInto(window, unlockField, QStringLiteral("wrong passphrase"));
            QTest::keyClick(window, Qt::Key_Return);
            QTRY_VERIFY_WITH_TIMEOUT(!app->account()->error().isEmpty(), kSlowMs);
            QCOMPARE(app->account()->error(), QStringLiteral("That passphrase isn't right. Check it and try again."));
            QCOMPARE(app->account()->state(), AccountController::Locked);
            QTRY_VERIFY(!app->account()->busy());
            unlockField->setProperty("text", QString());
            typeInto(window, unlockField, kPassphrase);
            QTest::keyClick(window, Qt::Key_Return);
            QTRY_COMPARE_WITH_TIMEOUT(app->account()->state(), AccountController::Unlocked, kSlowMs);
            QCOMPARE(app->spaces()->count(), 1);
            QTRY_VERIFY(app->space()->open());
            QCOMPARE(app->space()->chat()->count(), 2);
#ifdef GROVE_TEST_HAVE_DISCUSSION
            QTRY_COMPARE(app->space()->tools()->count(), 1);  // the tool is back after unlock
            QTRY_COMPARE(app->space()->tools()->index(0).data(ToolInstanceModel::StatusRole).toString(),
                         QStringLiteral("ready"));
            QTRY_VERIFY(findItem(window, "discussionView"));
#endif
        }

        // ---- restart on the same profile: locked, then everything is back ----
        {
            AppShell shell(optionsFor(dir));
            QVERIFY2(shell.load(), qPrintable(shell.error()));
            AppController* app = shell.controller();
            ModelWatch watch(app);
            QCOMPARE(app->account()->state(), AccountController::Locked);
            app->account()->unlock(kPassphrase);
            QTRY_COMPARE_WITH_TIMEOUT(app->account()->state(), AccountController::Unlocked, kSlowMs);
            QCOMPARE(app->spaces()->count(), 1);
            QTRY_COMPARE(app->space()->name(), QStringLiteral("Design team"));  // the last space open
            QCOMPARE(app->space()->chat()->count(), 2);
#ifdef GROVE_TEST_HAVE_DISCUSSION
            QTRY_COMPARE(app->space()->tools()->count(), 1);
            QTRY_COMPARE(app->space()->tools()->index(0).data(ToolInstanceModel::NameRole).toString(),
                         QStringLiteral("Notes"));
#endif
        }
    }

    // A second Peer in this process, driven through the same API the app uses, joins the app's
    // space with a code from the app's invitation, replies, and the app's models show it; a
    // desktop notification is queued for it while another space is in view (and not once that
    // space is muted). Then membership through the members pane and the space's dialogs: Sam is
    // listed with role and fingerprint, the space is renamed, leaving is refused to the only
    // manager in words, Sam is made a guest and then removed — and Sam's copy of the space is
    // gone. The app joins Sam's space through the Join dialog, Sam removes the app, and the app
    // says so; finally the app leaves a space of its own.
    void secondPeerReplies() {
        using namespace grove::platform;
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        AppShell shell(optionsFor(dir));
        QVERIFY2(shell.load(), qPrintable(shell.error()));
        AppController* app = shell.controller();
        QQuickWindow* window = shell.window();
        ModelWatch watch(app);
        QVERIFY(QTest::qWaitForWindowExposed(window));
        window->resize(AppSettings::kDefaultSize);  // room for the chat beside the tools
        QVERIFY(!app->network()->listenAddress().isEmpty());
        app->account()->createAccount(QStringLiteral("Robin Test"), kPassphrase);
        QTRY_COMPARE_WITH_TIMEOUT(app->account()->state(), AccountController::Unlocked, kSlowMs);
        app->createSpace(QStringLiteral("Shared"));
        QTRY_VERIFY_WITH_TIMEOUT(app->space()->open(), kSlowMs);
        const QString shared = app->currentSpaceId();
        app->space()->post(QStringLiteral("Hello from the app"));
        QTRY_COMPARE_WITH_TIMEOUT(app->space()->chat()->count(), 1, kSlowMs);
        app->setAttentive(true);

        // ---- the second peer joins with the app's invitation ----
        SpaceController* space = app->space();
        QCOMPARE(finishAction(space, [&] { space->createInvitation(QStringLiteral("participant"), 1); }),
                 QString());
        const QVariantMap invitation = {{QStringLiteral("code"), space->invitationCode()},
                                        {QStringLiteral("invitationId"), space->invitationId()}};
        QVERIFY(space->invitationCode().startsWith(QStringLiteral("grove-invite:")));
        // A spare code is revoked from the dialog's button; twice is refused in words.
        QCOMPARE(finishAction(space, [&] { space->createInvitation(QStringLiteral("guest"), 1); }),
                 QString());
        const QString spare = space->invitationId();
        QVERIFY(!spare.isEmpty() && spare != invitation.value(QStringLiteral("invitationId")));
        QCOMPARE(finishAction(space, [&] { space->revokeInvitation(spare); }), QString());
        QVERIFY(finishAction(space, [&] { space->revokeInvitation(spare); })
                    .startsWith(QStringLiteral("The code wasn't revoked: ")));
        auto sam = Peer::open(dir.filePath(QStringLiteral("sam")).toStdString());
        QVERIFY(sam.ok());
        QVERIFY((*sam)->create_account("Sam Test", "another good passphrase").ok());
        net::PeerNodeOptions samOptions;
        samOptions.listen = "127.0.0.1:0";
        auto samNode = net::PeerNode::start(**sam, samOptions);
        QVERIFY(samNode.ok());
        auto joining = std::async(std::launch::async, [&, code = invitation.value("code").toString().toStdString()] {
            return (*samNode)->join(code);
        });
        auto joined = await(joining);
        QVERIFY2(joined.ok(), joined.ok() ? "" : joined.error().describe().c_str());
        QCOMPARE(QString::fromStdString(joined->id), shared);
        // Sam's node keeps the link it joined through: nothing more to dial.
        QTRY_VERIFY_WITH_TIMEOUT(chatHas(**sam, shared, "Hello from the app"), kSlowMs);

        // ---- the reply shows in the app ----
        QVERIFY((*sam)->post_chat(shared.toStdString(), "Reply from Sam").ok());
        QTRY_COMPARE_WITH_TIMEOUT(app->space()->chat()->count(), 2, kSlowMs);
        const ChatMessage reply = app->space()->chat()->messages().back();
        QCOMPARE(reply.text, QStringLiteral("Reply from Sam"));
        QCOMPARE(reply.authorName, QStringLiteral("Sam Test"));
        QVERIFY(!app->space()->chat()->data(app->space()->chat()->index(1), ChatModel::MineRole).toBool());
        QTRY_COMPARE_WITH_TIMEOUT(app->space()->memberCount(), 2, kSlowMs);
        QTRY_COMPARE_WITH_TIMEOUT(app->space()->syncState(), QStringLiteral("connected"), kSlowMs);
        QCOMPARE(unreadOf(app, shared), 0);  // it arrived in view

        // ---- unread: with another space in view, the shared one gets a badge ----
        app->createSpace(QStringLiteral("Elsewhere"));
        QTRY_COMPARE_WITH_TIMEOUT(app->space()->name(), QStringLiteral("Elsewhere"), kSlowMs);
        const std::size_t notesBefore = app->notifier()->history().size();
        QVERIFY((*sam)->post_chat(shared.toStdString(), "Are you there?").ok());
        QTRY_COMPARE_WITH_TIMEOUT(unreadOf(app, shared), 1, kSlowMs);
        QCOMPARE(app->spaces()->totalUnread(), 1);
        // The sidebar says who else is online in the space out of view (Sam: linked).
        auto onlineIn = [&](const QString& id) {
            app->refreshNetwork();
            return app->spaces()->find(id) ? app->spaces()->find(id)->online : QStringList{};
        };
        QTRY_COMPARE_WITH_TIMEOUT(onlineIn(shared), QStringList{QStringLiteral("Sam Test")}, kSlowMs);
        QCOMPARE(onlineIn(app->space()->spaceId()), QStringList{});  // "Elsewhere": only the user
        QVERIFY(window->title().startsWith(QStringLiteral("(1) ")));
        // ... and a desktop notification (recorded; no notification server runs offscreen).
        QTRY_COMPARE_WITH_TIMEOUT(app->notifier()->history().size(), notesBefore + 1, kSlowMs);
        QCOMPARE(app->notifier()->history().back().spaceId, shared);
        QCOMPARE(app->notifier()->history().back().title, QStringLiteral("Shared"));
        QCOMPARE(app->notifier()->history().back().body, QStringLiteral("Sam Test: Are you there?"));
        // Muted, the space notifies no more; its unread count still grows.
        app->settings()->setSpaceMuted(shared, true);
        QVERIFY(!app->settings()->notifiesFor(shared));
        QVERIFY((*sam)->post_chat(shared.toStdString(), "Hello?").ok());
        QTRY_COMPARE_WITH_TIMEOUT(unreadOf(app, shared), 2, kSlowMs);
        QTest::qWait(DesktopNotifier::kGatherMs + 300);
        QCOMPARE(app->notifier()->history().size(), notesBefore + 1);
        app->settings()->setSpaceMuted(shared, false);
        app->selectSpace(shared);
        QCOMPARE(unreadOf(app, shared), 0);
        QCOMPARE(app->spaces()->totalUnread(), 0);

        // ---- and the app's answer reaches the second peer ----
        app->space()->post(QStringLiteral("Yes, here!"));
        QTRY_VERIFY_WITH_TIMEOUT(chatHas(**sam, shared, "Yes, here!"), kSlowMs);

        // ---- the members pane lists Sam, with role, fingerprint and a live link ----
        const QString samId = QString::fromStdString((*sam)->account()->identity_id);
        MemberListModel* members = app->space()->members();
        QTRY_COMPARE_WITH_TIMEOUT(members->count(), 2, kSlowMs);
        QVERIFY(members->find(samId));
        QCOMPARE(members->find(samId)->displayName, QStringLiteral("Sam Test"));
        QCOMPARE(members->find(samId)->role, QStringLiteral("participant"));
        QCOMPARE(members->find(samId)->fingerprint, QString::fromStdString((*sam)->account()->fingerprint));
        QVERIFY(members->rows().front().me);
        app->refreshNetwork();
        // Linked, but Sam's peer says nothing about this space: "online", not "active here".
        QTRY_COMPARE_WITH_TIMEOUT(members->find(samId)->presence, QStringLiteral("online"), kSlowMs);
        QVERIFY(members->find(samId)->lastSeenMs > 0);
        // In view, the sidebar's count comes from the pane's own rows.
        QCOMPARE(onlineIn(shared), QStringList{QStringLiteral("Sam Test")});
        QCOMPARE(app->spaces()->data(app->spaces()->index(app->spaces()->indexOf(shared)),
                                     SpaceListModel::OnlineCountRole).toInt(), 1);

        // ---- presence beats and typing over the ephemeral channel, both ways ----
        QVERIFY((*sam)->send_ephemeral(shared.toStdString(), "presence", "idle", 45000).ok());
        QTRY_COMPARE_WITH_TIMEOUT(members->find(samId)->presence, QStringLiteral("idle"), kSlowMs);
        QVERIFY((*sam)->send_ephemeral(shared.toStdString(), "presence", "active", 45000).ok());
        QTRY_COMPARE_WITH_TIMEOUT(members->find(samId)->presence, QStringLiteral("active"), kSlowMs);
        QVERIFY((*sam)->set_typing(shared.toStdString()).ok());
        QTRY_COMPARE_WITH_TIMEOUT(app->space()->typingNames(), QStringList{QStringLiteral("Sam Test")}, kSlowMs);
        QVERIFY(members->find(samId)->typing);
        QQuickItem* typingLine = findItem(window, "typingIndicator");
        QVERIFY(typingLine);
        QCOMPARE(typingLine->property("text").toString(), QStringLiteral("Sam Test is typing…"));
        // It ends by itself when Sam stops (the core's 5 s).
        QTRY_VERIFY_WITH_TIMEOUT(app->space()->typingNames().isEmpty(), 8000);
        QCOMPARE(typingLine->property("text").toString(), QString());
        // The app's side: typing in the composer reaches Sam, and so does its presence beat.
        std::atomic<int> beats{0};
        Subscription samEphemeral = (*sam)->subscribe_ephemeral(
            shared.toStdString(), [&](const EphemeralMessageView& m) {
                if (m.channel == "presence" && (m.payload == "active" || m.payload == "idle") &&
                    m.identity_id == app->account()->identityId().toStdString())
                    ++beats;
            });
        auto appTyping = [&] {
            auto presence = (*sam)->presence(shared.toStdString());
            if (!presence) return false;
            for (const auto& p : *presence)
                if (p.identity_id == app->account()->identityId().toStdString()) return p.typing;
            return false;
        };
        QVERIFY(!appTyping());
        QQuickItem* typingComposer = findItem(window, "composerInput");
        QVERIFY(typingComposer);
        typeInto(window, typingComposer, QStringLiteral("Wri"));
        QTRY_VERIFY_WITH_TIMEOUT(appTyping(), kSlowMs);
        typingComposer->setProperty("text", QString());
        app->sendPresenceBeat();
        QTRY_VERIFY_WITH_TIMEOUT(beats.load() > 0, kSlowMs);
        samEphemeral.reset();

        // ---- the space's invitation codes: Sam's used, the spare revoked; devices; no relays ----
        InvitationListModel* codes = app->space()->invitations();
        app->space()->refreshInvitations();
        QTRY_COMPARE_WITH_TIMEOUT(codes->count(), 2, kSlowMs);
        {
            const int used = codes->indexOf(invitation.value(QStringLiteral("invitationId")).toString());
            const int revoked = codes->indexOf(spare);
            QVERIFY(used >= 0 && revoked >= 0);
            QCOMPARE(codes->rows()[std::size_t(used)].state, QStringLiteral("used"));
            QCOMPARE(codes->rows()[std::size_t(used)].usedBy, QStringList{QStringLiteral("Sam Test")});
            QCOMPARE(codes->rows()[std::size_t(used)].createdBy, QStringLiteral("Robin Test"));
            QCOMPARE(codes->rows()[std::size_t(revoked)].state, QStringLiteral("revoked"));
            QCOMPARE(codes->pendingCount(), 0);
        }
        // A new code is pending at once, and revoking it from the list updates the row.
        QCOMPARE(finishAction(app->space(),
                              [&] { app->space()->createInvitation(QStringLiteral("participant"), 7); }),
                 QString());
        const QString pendingId = app->space()->invitationId();
        QCOMPARE(codes->count(), 3);
        QCOMPARE(codes->pendingCount(), 1);
        QCOMPARE(codes->rows().front().invitationId, pendingId);
        QCOMPARE(finishAction(app->space(), [&] { app->space()->revokeInvitation(pendingId); }),
                 QString());
        QCOMPARE(codes->pendingCount(), 0);
        QCOMPARE(codes->rows()[std::size_t(codes->indexOf(pendingId))].state, QStringLiteral("revoked"));
        app->devices()->refreshDevices();
        QCOMPARE(app->devices()->model()->count(), 1);
        QVERIFY(app->devices()->model()->rows().front().thisDevice);
        QCOMPARE(app->devices()->model()->rows().front().deviceId, app->account()->deviceId());
        {
            // Made on the worker: the answer comes as pairingFinished.
            QSignalSpy made(app->devices(), &DeviceController::pairingFinished);
            app->devices()->createPairing();
            QVERIFY(app->devices()->creatingPairing());
            QTRY_COMPARE(made.count(), 1);
            QVERIFY2(made.first().at(0).toBool(), qPrintable(made.first().at(1).toString()));
            QVERIFY(app->devices()->pairingCode().startsWith(QStringLiteral("grove-pair:")));
            QVERIFY(app->devices()->pairingExpiresMs() > QDateTime::currentMSecsSinceEpoch());
            QVERIFY(!app->devices()->creatingPairing());
        }
        QCOMPARE(app->network()->relays()->count(), 0);
        QMetaObject::invokeMethod(window, "tourShow", Q_ARG(QVariant, QStringLiteral("members")));
        QQuickItem* samRow = nullptr;
        QTRY_VERIFY((samRow = findItem(window, "member_Sam Test")));
        QVERIFY(findItem(window, "memberMenu_Sam Test"));  // the manager's menu for Sam

        // ---- rename the space through its dialog: Sam sees the new name ----
        QMetaObject::invokeMethod(window, "tourShow", Q_ARG(QVariant, QStringLiteral("rename-space")));
        QQuickItem* renameField = nullptr;
        QTRY_VERIFY((renameField = findItem(window, "renameSpaceField")));
        renameField->setProperty("text", QStringLiteral("Shared work"));
        QVERIFY(QMetaObject::invokeMethod(findItem(window, "confirmRenameSpace"), "triggered"));
        QTRY_COMPARE_WITH_TIMEOUT(app->space()->name(), QStringLiteral("Shared work"), kSlowMs);
        QTRY_VERIFY(!findItem(window, "renameSpaceField"));
        QTRY_VERIFY_WITH_TIMEOUT((*sam)->get_space(shared.toStdString())->name == "Shared work", kSlowMs);

        // ---- leaving is refused to the only manager, in words, in the dialog ----
        QMetaObject::invokeMethod(window, "tourShow", Q_ARG(QVariant, QStringLiteral("leave-space")));
        QQuickItem* confirmLeave = nullptr;
        QTRY_VERIFY((confirmLeave = findItem(window, "confirmLeaveSpace")));
        QVERIFY(QMetaObject::invokeMethod(confirmLeave, "triggered"));
        QQuickItem* leaveError = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((leaveError = findItem(window, "leaveError")), kSlowMs);
        QVERIFY2(leaveError->property("text").toString().contains(QStringLiteral("only manager")),
                 qPrintable(leaveError->property("text").toString()));
        QCOMPARE(app->spaces()->indexOf(shared) >= 0, true);
        QMetaObject::invokeMethod(window, "tourShow", Q_ARG(QVariant, QStringLiteral("members")));
        QTRY_VERIFY(!findItem(window, "confirmLeaveSpace"));

        // ---- the manager makes Sam a guest (the pane's menu), Sam's peer agrees ----
        QTRY_VERIFY((samRow = findItem(window, "member_Sam Test")));
        QVERIFY(QMetaObject::invokeMethod(samRow, "roleChangeRequested", Q_ARG(QString, samId),
                                          Q_ARG(QString, QStringLiteral("Sam Test")),
                                          Q_ARG(QString, QStringLiteral("guest"))));
        QTRY_COMPARE_WITH_TIMEOUT(members->find(samId)->role, QStringLiteral("guest"), kSlowMs);
        auto samRole = [&] {
            auto list = (*sam)->list_members(shared.toStdString());
            if (!list) return std::string("none");
            for (const auto& m : *list)
                if (m.is_me) return std::string(to_string(m.role));
            return std::string("gone");
        };
        QTRY_COMPARE_WITH_TIMEOUT(samRole(), std::string("guest"), kSlowMs);

        // ---- then removes Sam, after a confirmation naming the consequence ----
        std::atomic<bool> samRemoved{false};
        Subscription samEvents = (*sam)->subscribe({}, [&](const SpaceEvent& e) {
            if (e.kind == SpaceEvent::Kind::SpaceRemoved && e.space_id == shared.toStdString())
                samRemoved = true;
        });
        QMetaObject::invokeMethod(window, "tourShow", Q_ARG(QVariant, QStringLiteral("remove-member")));
        QQuickItem* confirmRemove = nullptr;
        QTRY_VERIFY((confirmRemove = findItem(window, "confirmRemoveMember")));
        QCOMPARE(confirmRemove->property("text").toString(), QStringLiteral("Remove Sam Test"));
        QVERIFY(QMetaObject::invokeMethod(confirmRemove, "triggered"));
        QTRY_COMPARE_WITH_TIMEOUT(members->count(), 1, kSlowMs);
        QTRY_VERIFY(!findItem(window, "confirmRemoveMember"));
        QVERIFY(!findItem(window, "member_Sam Test"));
        QTRY_COMPARE_WITH_TIMEOUT(app->space()->memberCount(), 1, kSlowMs);
        // Sam's peer learns it after sync: SpaceRemoved, and the space is gone from its list.
        QTRY_VERIFY_WITH_TIMEOUT(samRemoved.load(), kSlowMs);
        {
            auto list = (*sam)->list_spaces();
            QVERIFY(list.ok());
            for (const auto& sp : *list) QVERIFY(sp.id != shared.toStdString());
        }
        samEvents.reset();

        // ---- the app joins the second peer's space through the Join dialog ----
        auto samSpace = (*sam)->create_space("Sam's garden");
        QVERIFY(samSpace.ok());
        QVERIFY((*sam)->post_chat(samSpace->id, "Welcome to my garden").ok());
        const qint64 week = QDateTime::currentMSecsSinceEpoch() + 7LL * 86400000;
        auto samInvite = (*sam)->create_invitation(samSpace->id, Role::Participant, week,
                                                   std::vector<std::string>{(*samNode)->listen_address()});
        QVERIFY(samInvite.ok());
        QMetaObject::invokeMethod(window, "tourShow", Q_ARG(QVariant, QStringLiteral("join")));
        QQuickItem* codeField = nullptr;
        QTRY_VERIFY((codeField = findItem(window, "joinCodeField")));
        codeField->setProperty("text", QString::fromStdString(samInvite->code));
        codeField->forceActiveFocus();
        QSignalSpy finished(app, &AppController::joinFinished);
        QTest::keyClick(window, Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kSlowMs);
        QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
        QCOMPARE(app->currentSpaceId(), QString::fromStdString(samSpace->id));
        QCOMPARE(app->space()->name(), QStringLiteral("Sam's garden"));
        QCOMPARE(app->space()->myRole(), QStringLiteral("participant"));
        QTRY_COMPARE_WITH_TIMEOUT(app->space()->chat()->count(), 1, kSlowMs);
        QTRY_VERIFY(!findItem(window, "joinCodeField"));  // the dialog closed itself

        // A code used once is refused the second time, in words.
        QSignalSpy again(app, &AppController::joinFinished);
        app->joinSpace(QString::fromStdString(samInvite->code));
        QTRY_COMPARE_WITH_TIMEOUT(again.count(), 1, kSlowMs);
        QVERIFY(!again.first().at(0).toBool());
        QVERIFY(again.first().at(1).toString().startsWith(QStringLiteral("Couldn't join the space")));

        // ---- Sam removes the app from Sam's garden: it disappears, and the app says why ----
        const QString garden = QString::fromStdString(samSpace->id);
        QSignalSpy removedSpy(app, &AppController::spaceRemoved);
        QVERIFY((*sam)->remove_member(samSpace->id, app->account()->identityId().toStdString()).ok());
        QTRY_COMPARE_WITH_TIMEOUT(removedSpy.count(), 1, kSlowMs);
        QCOMPARE(removedSpy.first().at(0).toString(), garden);
        QCOMPARE(app->spaces()->indexOf(garden), -1);
        QVERIFY(app->currentSpaceId() != garden);
        QVERIFY(app->space()->open());  // another space is shown instead
        QVERIFY2(app->notice().startsWith(QStringLiteral("You were removed from “Sam's garden”")),
                 qPrintable(app->notice()));
        QTRY_VERIFY(findItem(window, "workspaceNotice"));

        // ---- the app leaves a space of its own (alone in it: it is deleted) ----
        const QString elsewhere = app->spaces()->idAt(app->spaces()->indexOf(shared) == 0 ? 1 : 0);
        app->selectSpace(elsewhere);
        QCOMPARE(app->space()->name(), QStringLiteral("Elsewhere"));
        QMetaObject::invokeMethod(window, "tourShow", Q_ARG(QVariant, QStringLiteral("leave-space")));
        QTRY_VERIFY((confirmLeave = findItem(window, "confirmLeaveSpace")));
        QSignalSpy leaveDone(app->space(), &SpaceController::actionFinished);
        QVERIFY(QMetaObject::invokeMethod(confirmLeave, "triggered"));
        QTRY_COMPARE_WITH_TIMEOUT(leaveDone.count(), 1, kSlowMs);
        QVERIFY2(leaveDone.first().at(1).toBool(), qPrintable(leaveDone.first().at(2).toString()));
        QTRY_COMPARE_WITH_TIMEOUT(app->spaces()->indexOf(elsewhere), -1, kSlowMs);
        QTRY_VERIFY(!findItem(window, "confirmLeaveSpace"));
        QCOMPARE(app->notice(), QStringLiteral("You left “Elsewhere”. Its messages and tools are no "
                                               "longer on this device."));
        QCOMPARE(app->currentSpaceId(), shared);
        app->dismissNotice();
        QTRY_VERIFY(!findItem(window, "workspaceNotice"));

        (*samNode)->stop();
    }

    // First run on a new device of an existing account: the onboarding's "link this device"
    // form takes a pairing code made by another Peer (the account's first device); the app ends
    // unlocked as that identity, with its space and history, and lists both devices.
    void linkDeviceWithPairingCode() {
        using namespace grove::platform;
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        auto ada = Peer::open(dir.filePath(QStringLiteral("ada")).toStdString());
        QVERIFY(ada.ok());
        QVERIFY((*ada)->create_account("Ada Test", "a first device passphrase").ok());
        auto notes = (*ada)->create_space("Ada's notes");
        QVERIFY(notes.ok());
        QVERIFY((*ada)->post_chat(notes->id, "Written on the first device").ok());
        net::PeerNodeOptions adaOptions;
        adaOptions.listen = "127.0.0.1:0";
        auto adaNode = net::PeerNode::start(**ada, adaOptions);
        QVERIFY(adaNode.ok());
        const qint64 expires = QDateTime::currentMSecsSinceEpoch() + 10 * 60000;
        auto code = (*ada)->create_pairing(expires, {(*adaNode)->listen_address()});
        QVERIFY(code.ok());
        {
            AppShell shell(optionsFor(dir));
            QVERIFY2(shell.load(), qPrintable(shell.error()));
            AppController* app = shell.controller();
            QQuickWindow* window = shell.window();
            ModelWatch watch(app);
            QVERIFY(QTest::qWaitForWindowExposed(window));
            QCOMPARE(app->account()->state(), AccountController::NoAccount);
            QQuickItem* instead = nullptr;
            QTRY_VERIFY((instead = findItem(window, "linkDeviceInstead")));
            QVERIFY(QMetaObject::invokeMethod(instead, "triggered"));
            QQuickItem* codeField = nullptr;
            QTRY_VERIFY((codeField = findItem(window, "pairCodeField")));
            codeField->setProperty("text", QString::fromStdString(*code));
            findItem(window, "pairPassphraseField")->setProperty("text", kPassphrase);
            findItem(window, "pairConfirmField")->setProperty("text", kPassphrase);
            QSignalSpy finished(app->devices(), &DeviceController::pairDeviceFinished);
            QVERIFY(QMetaObject::invokeMethod(findItem(window, "pairDeviceButton"), "triggered"));
            QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 90000);
            QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
            QTRY_COMPARE_WITH_TIMEOUT(app->account()->state(), AccountController::Unlocked, kSlowMs);
            QCOMPARE(app->account()->identityId(), QString::fromStdString((*ada)->account()->identity_id));
            QCOMPARE(app->account()->displayName(), QStringLiteral("Ada Test"));
            QVERIFY(app->account()->deviceId() != QString::fromStdString((*ada)->account()->device_id));
            QTRY_COMPARE_WITH_TIMEOUT(app->spaces()->count(), 1, kSlowMs);
            QTRY_COMPARE_WITH_TIMEOUT(app->space()->chat()->count(), 1, kSlowMs);
            QCOMPARE(app->space()->chat()->messages().front().text,
                     QStringLiteral("Written on the first device"));
            app->devices()->refreshDevices();
            const DeviceListModel* devices = app->devices()->model();
            QCOMPARE(devices->count(), 2);
            QVERIFY(devices->rows().front().thisDevice);
            QCOMPARE(devices->rows().front().deviceId, app->account()->deviceId());
            QVERIFY(!devices->rows().back().thisDevice);
            // The same code again (this profile now has an account) is refused in words.
            QSignalSpy again(app->devices(), &DeviceController::pairDeviceFinished);
            app->devices()->pairDevice(QString::fromStdString(*code), kPassphrase);
            QCOMPARE(again.count(), 1);
            QVERIFY(!again.first().at(0).toBool());
            QVERIFY(again.first().at(1).toString().contains(QStringLiteral("already has an account")));
        }
        (*adaNode)->stop();
    }

    // --demo: a temporary profile with the demo account and spaces, every installed tool, and a
    // second member (a second Peer in this process) who joins and writes; it all shuts down cleanly.
    void demoHasASecondMember() {
        AppOptions options;
        options.demo = true;
        options.network.listen = QStringLiteral("127.0.0.1:0");
        QString profile;
        {
            AppShell shell(options);
            QVERIFY2(shell.load(), qPrintable(shell.error()));
            AppController* app = shell.controller();
            ModelWatch watch(app);
            profile = app->profileDir();
            QTRY_COMPARE_WITH_TIMEOUT(app->account()->state(), AccountController::Unlocked, kSlowMs);
            QVERIFY(!app->demoPassphrase().isEmpty());
            QCOMPARE(app->spaces()->count(), 3);
            QTRY_COMPARE(app->space()->name(), QString::fromUtf8(DemoSeeder::kMainSpace));
            QVERIFY(app->space()->chat()->count() >= 5);
#ifdef GROVE_TEST_HAVE_DISCUSSION
            QTRY_VERIFY(app->space()->tools()->count() >= 1);
#endif
            QVERIFY(app->companion());
            QTRY_VERIFY_WITH_TIMEOUT(app->companion()->isJoined(), kSlowMs);
            QTRY_COMPARE_WITH_TIMEOUT(app->space()->memberCount(), 2, kSlowMs);
            QTRY_VERIFY_WITH_TIMEOUT(app->space()->chat()->messages().back().authorName ==
                                         QString::fromUtf8(DemoCompanion::kName),
                                     kSlowMs);
            QTRY_COMPARE_WITH_TIMEOUT(app->space()->syncState(), QStringLiteral("connected"), kSlowMs);
            app->companion()->postNow();  // it keeps writing
            const int before = app->space()->chat()->count();
            QTRY_COMPARE_WITH_TIMEOUT(app->space()->chat()->count(), before + 1, kSlowMs);
#ifdef GROVE_TEST_HAVE_DISCUSSION
            // It has its own tool host and writes in the demo's Discussion; the app's copy shows
            // it. With another space in view, its tool activity notifies; the user's own does not.
            QObject* discussion = nullptr;
            for (int row = 0; row < app->space()->tools()->count(); ++row) {
                const QModelIndex tab = app->space()->tools()->index(row);
                if (tab.data(ToolInstanceModel::ToolIdRole).toString() == "org.grove.discussion")
                    discussion = tab.data(ToolInstanceModel::ToolObjectRole).value<QObject*>();
            }
            QVERIFY(discussion);
            const QString mainSpace = app->space()->spaceId();
            app->selectSpace(app->spaces()->idAt(0) == mainSpace ? app->spaces()->idAt(1)
                                                                 : app->spaces()->idAt(0));
            QSignalSpy samInTool(app->companion(), &DemoCompanion::postedInTool);
            auto toolNotes = [&] {
                int n = 0;
                for (const auto& note : app->notifier()->history())
                    if (note.spaceId == mainSpace && note.body.startsWith("New activity in")) ++n;
                return n;
            };
            const int notesBefore = toolNotes();
            QString mine;
            QVERIFY(QMetaObject::invokeMethod(discussion, "postTopic", Q_RETURN_ARG(QString, mine),
                                              Q_ARG(QString, QStringLiteral("Robin's topic")),
                                              Q_ARG(QString, QStringLiteral("My own activity"))));
            QVERIFY(!mine.isEmpty());
            QTest::qWait(2000);  // longer than the notifier gathers notes
            if (samInTool.isEmpty()) QCOMPARE(toolNotes(), notesBefore);
            auto* topics = discussion->property("topics").value<QAbstractItemModel*>();
            QVERIFY(topics);
            auto hasTopic = [&](const QString& title) {
                const int titleRole = topics->roleNames().key("title");
                const int authorRole = topics->roleNames().key("authorName");
                for (int row = 0; row < topics->rowCount(); ++row)
                    if (topics->index(row, 0).data(titleRole).toString() == title &&
                        topics->index(row, 0).data(authorRole).toString() ==
                            QString::fromUtf8(DemoCompanion::kName))
                        return true;
                return false;
            };
            // Its script: a reply, then a topic of its own (its timer may have begun already).
            QElapsedTimer waited;
            waited.start();
            for (int step = 0; step < 2 && !hasTopic(QStringLiteral("Seed swap: what to bring"));) {
                if (app->companion()->postInToolNow())
                    ++step;
                else
                    QTest::qWait(200);  // its copy of the Discussion has not arrived yet
                QVERIFY(waited.elapsed() < kSlowMs);
            }
            QTRY_VERIFY_WITH_TIMEOUT(hasTopic(QStringLiteral("Seed swap: what to bring")), kSlowMs);
            QTRY_VERIFY_WITH_TIMEOUT(toolNotes() > notesBefore, kSlowMs);
            QCOMPARE(app->notifier()->history().back().title,
                     QString::fromUtf8(DemoSeeder::kMainSpace));
#endif
        }
        QVERIFY(!QDir(profile).exists());  // the temporary profile is gone
    }

    // The keyboard reaches everything: space switching, new space, settings, members, lock.
    void keyboardShortcuts() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        AppOptions options = optionsFor(dir);
        options.network.offline = true;
        AppShell shell(options);
        QVERIFY(shell.load());
        AppController* app = shell.controller();
        QQuickWindow* window = shell.window();
        window->resize(AppSettings::kDefaultSize);  // room for the chat beside the tools
        window->requestActivate();
        QVERIFY(QTest::qWaitForWindowActive(window));
        app->account()->createAccount(QStringLiteral("Keys"), kPassphrase);
        QTRY_COMPARE_WITH_TIMEOUT(app->account()->state(), AccountController::Unlocked, kSlowMs);
        for (const char* name : {"Alpha", "Beta", "Gamma"}) {
            app->createSpace(QString::fromLatin1(name));
            QTRY_COMPARE_WITH_TIMEOUT(app->space()->name(), QString::fromLatin1(name), kSlowMs);
        }
        QTest::keyClick(window, Qt::Key_1, Qt::ControlModifier);
        QTRY_COMPARE(app->space()->name(), QStringLiteral("Alpha"));
        QTest::keyClick(window, Qt::Key_Down, Qt::AltModifier);
        QTRY_COMPARE(app->space()->name(), QStringLiteral("Beta"));
        QTest::keyClick(window, Qt::Key_Up, Qt::AltModifier);
        QTest::keyClick(window, Qt::Key_Up, Qt::AltModifier);  // wraps around
        QTRY_COMPARE(app->space()->name(), QStringLiteral("Gamma"));

        QTest::keyClick(window, Qt::Key_N, Qt::ControlModifier);
        QTRY_VERIFY(findItem(window, "spaceNameField"));
        QTest::keyClick(window, Qt::Key_Escape);
        QTRY_VERIFY(!findItem(window, "spaceNameField"));

        QTest::keyClick(window, Qt::Key_M, Qt::ControlModifier);
        QTRY_VERIFY(findItem(window, "membersPane"));
        QTest::keyClick(window, Qt::Key_M, Qt::ControlModifier);
        QTRY_VERIFY(!findItem(window, "membersPane"));

        QTest::keyClick(window, Qt::Key_Comma, Qt::ControlModifier);
        QTRY_VERIFY(findItem(window, "settingsNav"));
        QTest::keyClick(window, Qt::Key_Escape);
        QTRY_VERIFY(findItem(window, "composerInput"));

        QTest::keyClick(window, Qt::Key_L, Qt::ControlModifier);
        QTRY_COMPARE(app->account()->state(), AccountController::Locked);
        QTRY_VERIFY(findItem(window, "unlockPassphrase"));
        QTRY_VERIFY(findItem(window, "unlockPassphrase")->hasActiveFocus());  // ready to type
    }

    // Settings → Local API: off by default; switched on (through the panel's switch), the app
    // serves the gRPC API on loopback; a read token created there lists the spaces over a real
    // call, and once revoked the next call is refused. The choice is remembered.
    void localApiTokens() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        AppOptions options = optionsFor(dir);
        options.network.offline = true;
        {
            AppShell shell(options);
            QVERIFY(shell.load());
            AppController* app = shell.controller();
            app->account()->createAccount(QStringLiteral("Api"), kPassphrase);
            QTRY_COMPARE_WITH_TIMEOUT(app->account()->state(), AccountController::Unlocked, kSlowMs);
            app->createSpace(QStringLiteral("Scripts"));
            QTRY_COMPARE_WITH_TIMEOUT(app->space()->name(), QStringLiteral("Scripts"), kSlowMs);
            LocalApiController* api = app->localApi();
            QAbstractItemModelTester tester(api->tokens(), QAbstractItemModelTester::FailureReportingMode::QtTest);
            QVERIFY(!api->enabled());
            QVERIFY(!api->running());
            QVERIFY(api->createToken(QStringLiteral("x"), QStringLiteral("read"), {}).contains(QStringLiteral("error")));

            QQuickWindow* window = shell.window();
            QTest::keyClick(window, Qt::Key_Comma, Qt::ControlModifier);
            QTRY_VERIFY(findItem(window, "settingsNav"));
            findItem(window, "settingsNav")->setProperty("currentIndex", 5);  // Local API
            QTRY_VERIFY(findItem(window, "localApiSwitch"));
            QVERIFY(!findItem(window, "createToken"));  // nothing more while off
            QMetaObject::invokeMethod(findItem(window, "localApiSwitch"), "toggle");
            QMetaObject::invokeMethod(findItem(window, "localApiSwitch"), "toggled");
            QTRY_VERIFY(api->running());
            QVERIFY(app->settings()->localApiEnabled());
            QVERIFY2(api->address().startsWith(QStringLiteral("127.0.0.1:")), qPrintable(api->address()));
            QCOMPARE(api->tokens()->count(), 1);  // the profile token
            QVERIFY(api->tokens()->rows().front().profile);

            const QVariantMap created = api->createToken(QStringLiteral("reader"), QStringLiteral("read"), {});
            QVERIFY2(!created.contains(QStringLiteral("error")), qPrintable(created.value("error").toString()));
            const std::string secret = created.value(QStringLiteral("secret")).toString().toStdString();
            QVERIFY(!secret.empty());
            QCOMPARE(api->tokens()->count(), 2);
            QVERIFY(api->createToken(QStringLiteral("reader"), QStringLiteral("read"), {})
                        .value(QStringLiteral("error")).toString().contains(QStringLiteral("exists already")));
            QVERIFY(api->createToken(QStringLiteral("bad name"), QStringLiteral("read"), {}).contains(QStringLiteral("error")));

            auto channel = grpc::CreateChannel(api->address().toStdString(), grpc::InsecureChannelCredentials());
            auto stub = grove::api::v1::SpaceService::NewStub(channel);
            auto list = [&](grove::api::v1::ListSpacesResponse* out) {
                grpc::ClientContext context;
                context.AddMetadata("authorization", "Bearer " + secret);
                context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
                return stub->List(&context, grove::api::v1::ListSpacesRequest{}, out);
            };
            grove::api::v1::ListSpacesResponse response;
            const grpc::Status ok = list(&response);
            QVERIFY2(ok.ok(), ok.error_message().c_str());
            QCOMPARE(response.spaces_size(), 1);
            QCOMPARE(QString::fromStdString(response.spaces(0).name()), QStringLiteral("Scripts"));
            api->refresh();
            const auto used = std::find_if(api->tokens()->rows().begin(), api->tokens()->rows().end(),
                                           [](const auto& r) { return r.name == QLatin1String("reader"); });
            QVERIFY(used != api->tokens()->rows().end());
            QCOMPARE(used->scope, QStringLiteral("read"));
            QVERIFY(used->lastUsedMs > 0);

            QVERIFY(api->revokeToken(QStringLiteral("profile")).contains(QStringLiteral("can't be revoked")));
            QCOMPARE(api->revokeToken(QStringLiteral("reader")), QString());
            QCOMPARE(api->tokens()->count(), 1);
            const grpc::Status refused = list(&response);
            QCOMPARE(refused.error_code(), grpc::StatusCode::UNAUTHENTICATED);
        }
        {
            AppShell shell(options);  // remembered: on again at the next start
            QVERIFY(shell.load());
            QTRY_VERIFY(shell.controller()->localApi()->running());
            shell.controller()->localApi()->setEnabled(false);
            QVERIFY(!shell.controller()->localApi()->running());
            QVERIFY(!shell.controller()->settings()->localApiEnabled());
        }
    }

    // The window opens at 1200×800 the first time and where it was left afterwards.
    void remembersWindowGeometry() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        AppOptions options = optionsFor(dir);
        options.network.offline = true;
        {
            AppShell shell(options);
            QVERIFY(shell.load());
            const QSize screen = shell.window()->screen()->availableGeometry().size();
            QCOMPARE(shell.window()->size(), AppSettings::kDefaultSize.boundedTo(screen));
            QCOMPARE(shell.controller()->network()->state(), QStringLiteral("off"));
            QVERIFY(!shell.controller()->unavailableReason(QStringLiteral("invite")).isEmpty());
            shell.window()->setGeometry(40, 50, 1000, 700);
            QTRY_COMPARE(shell.window()->size(), QSize(1000, 700));
        }
        {
            AppShell shell(options);
            QVERIFY(shell.load());
            QCOMPARE(shell.window()->size(), QSize(1000, 700));
        }
    }

    void screenshotsAreNotBlank() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        AppOptions options;
        options.screenshotDir = QStringLiteral(GROVE_TEST_SCREENSHOT_DIR);
        AppShell shell(options);  // temporary profile, like `grove --screenshot-dir`
        QVERIFY2(shell.load(), qPrintable(shell.error()));
        QVERIFY(QTest::qWaitForWindowExposed(shell.window()));
        ModelWatch watch(shell.controller());
        ScreenshotTour tour(shell.window(), shell.controller(), options.screenshotDir);
        QSignalSpy finished(&tour, &ScreenshotTour::finished);
        tour.start();
        QVERIFY(finished.wait(120000));
        QVERIFY2(finished.first().first().toBool(), qPrintable(tour.error()));
        QCOMPARE(tour.files().size(), 41);
        // The Files, Discussion and Sketchpad screens are taken at three widths, the space's menu
        // at 960 px; every other one (the Calendar's two included) at 1200×800.
        const QMap<QString, QSize> sizes{{QStringLiteral("960"), QSize(960, 720)},
                                         {QStringLiteral("1200"), QSize(1200, 800)},
                                         {QStringLiteral("1920"), QSize(1920, 1080)}};
        for (const QString& file : tour.files()) {
            const QImage image(file);
            QVERIFY2(!image.isNull(), qPrintable(file));
            QSize expected(1200, 800);
            const QString base = QFileInfo(file).completeBaseName();
            if (base.contains(QStringLiteral("-files-")) ||
                base.contains(QStringLiteral("-discussion-")) ||
                base.contains(QStringLiteral("-sketchpad-")))
                expected = sizes.value(base.section(QLatin1Char('-'), 2, 2));
            else if (base.endsWith(QStringLiteral("-960")))
                expected = sizes.value(QStringLiteral("960"));
            QCOMPARE(image.size(), expected * shell.window()->devicePixelRatio());
            const int colors = ScreenshotTour::distinctColors(image);
            QVERIFY2(colors > 100, qPrintable(QStringLiteral("%1 has only %2 colours").arg(file).arg(colors)));
        }
    }
};

QTEST_MAIN(EndToEnd)
#include "tst_e2e.moc"
