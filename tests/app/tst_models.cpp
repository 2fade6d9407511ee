// Model tests: every C++ model behind the app's QML runs under QAbstractItemModelTester while
// it is filled, updated, reordered and cleared; the unread logic is checked on its own; the
// desktop notifier against a stand-in notification server on a private D-Bus, and without one.
#include "app/app_options.h"
#include "app/app_settings.h"
#include "app/chat_model.h"
#include "app/desktop_notifier.h"
#include "app/device_list_model.h"
#include "app/installed_tool_model.h"
#include "app/local_api.h"
#include "app/invitation_list_model.h"
#include "app/member_list_model.h"
#include "app/relay_list_model.h"
#include "app/account_controller.h"
#include "app/space_controller.h"
#include "app/space_list_model.h"
#include "app/tool_instance_model.h"
#include "app/unread_tracker.h"

#include <QAbstractItemModelTester>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QProcess>
#include <QSignalSpy>
#include <QtTest>

using namespace grove::app;

namespace {

ChatMessage message(const QString& id, const QString& author, qint64 ms, const QString& text = "hi") {
    ChatMessage m;
    m.id = id;
    m.spaceId = QStringLiteral("space");
    m.authorId = author;
    m.authorName = author.toUpper();
    m.text = text;
    m.postedMs = ms;
    return m;
}

SpaceListModel::Row space(const QString& id, const QString& name) {
    SpaceListModel::Row r;
    r.id = id;
    r.name = name;
    r.myRole = QStringLiteral("manager");
    r.memberCount = 1;
    r.createdMs = 1000;
    return r;
}

template <class Model>
QVariant roleData(const Model& model, int row, const char* roleName) {
    const auto roles = model.roleNames();
    const int role = roles.key(roleName, -1);
    return model.data(model.index(row, 0), role);
}

constexpr qint64 kMinute = 60 * 1000;

MemberListModel::Row member(const char* id, const char* name, const char* role, bool me = false) {
    MemberListModel::Row r;
    r.identityId = QString::fromLatin1(id);
    r.displayName = QString::fromLatin1(name);
    r.fingerprint = QStringLiteral("fp ") + r.identityId;
    r.role = QString::fromLatin1(role);
    r.presence = me ? QStringLiteral("active") : QStringLiteral("unknown");
    r.devices = {QStringLiteral("dev-") + r.identityId};
    r.me = me;
    return r;
}

// A stand-in freedesktop notification server on a private bus: records what it is sent.
class FakeNotificationServer : public QObject {
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")

public:
    struct Call {
        uint replaces;
        QString summary, body;
        QStringList actions;
    };
    QList<Call> calls;
    QList<uint> closed;

public slots:
    uint Notify(const QString&, uint replaces, const QString&, const QString& summary,
                const QString& body, const QStringList& actions, const QVariantMap&, int) {
        calls.append({replaces, summary, body, actions});
        return 40 + uint(calls.size());
    }
    QString GetServerInformation(QString& vendor, QString& version, QString& spec) {
        vendor = QStringLiteral("Grove tests");
        version = QStringLiteral("1");
        spec = QStringLiteral("1.2");
        return QStringLiteral("Fake");
    }
    void CloseNotification(uint id) { closed.append(id); }
};

}  // namespace

class ModelTests : public QObject {
    Q_OBJECT

private slots:
    void desktopNotifierOverDBus();
    void desktopNotifierWithoutBus();
    void settingsReadDefaultsAndKeepChanges();

private slots:
    // `grove %u` (the desktop file) with a grove: link opens it; anything else is refused.
    void appOptionsTakeOneGroveLink() {
        const QString link = QStringLiteral("grove:join?code=ABCD-EFGH-JKLMN&peer=10.0.0.5:4100");
        AppOptions opened = AppOptions::parse({QStringLiteral("grove"), link});
        QCOMPARE(int(opened.outcome), int(AppOptions::Outcome::Run));
        QCOMPARE(opened.openLink, link);
        AppOptions upper = AppOptions::parse({QStringLiteral("grove"), QStringLiteral("--offline"),
                                              QStringLiteral("GROVE:join?code=x")});
        QCOMPARE(int(upper.outcome), int(AppOptions::Outcome::Run));
        QVERIFY(upper.network.offline);
        AppOptions other = AppOptions::parse({QStringLiteral("grove"), QStringLiteral("file.txt")});
        QCOMPARE(int(other.outcome), int(AppOptions::Outcome::Error));
        QVERIFY2(other.message.contains(QStringLiteral("unexpected argument: file.txt")),
                 qPrintable(other.message));
        AppOptions two = AppOptions::parse({QStringLiteral("grove"), link, link});
        QCOMPARE(int(two.outcome), int(AppOptions::Outcome::Error));
        AppOptions none = AppOptions::parse({QStringLiteral("grove")});
        QVERIFY(none.openLink.isEmpty());
    }

    void chatModelOrdersAndGroups() {
        ChatModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setMyIdentity(QStringLiteral("me"));
        const qint64 t0 = QDateTime(QDate(2024, 3, 12), QTime(10, 0)).toMSecsSinceEpoch();
        model.setMessages({message("a", "sam", t0), message("b", "me", t0 + kMinute)});
        QCOMPARE(model.count(), 2);
        QCOMPARE(roleData(model, 0, "messageId").toString(), QStringLiteral("a"));
        QCOMPARE(roleData(model, 0, "mine").toBool(), false);
        QCOMPARE(roleData(model, 1, "mine").toBool(), true);
        QCOMPARE(roleData(model, 1, "groupStart").toBool(), true);  // another author
        QCOMPARE(roleData(model, 0, "day").toString(), QStringLiteral("2024-03-12"));

        // Same author within five minutes continues the group; later ones start a new one.
        model.upsert(message("c", "me", t0 + 2 * kMinute));
        QCOMPARE(roleData(model, 2, "groupStart").toBool(), false);
        model.upsert(message("d", "me", t0 + 20 * kMinute));
        QCOMPARE(roleData(model, 3, "groupStart").toBool(), true);

        // A message arriving late is inserted in order and regroups its neighbour.
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.upsert(message("x", "sam", t0 + 90 * 1000));
        QCOMPARE(model.indexOf("x"), 2);
        QCOMPARE(roleData(model, 3, "messageId").toString(), QStringLiteral("c"));
        QCOMPARE(roleData(model, 3, "groupStart").toBool(), true);
        QVERIFY(!changed.isEmpty());
        QCOMPARE(model.lastOwnMessageId(), QStringLiteral("d"));

        // The Peer's order is kept as given, and a live message posted in the same millisecond
        // as the last one goes after it.
        model.setMessages({message("z", "me", t0), message("a", "me", t0)});
        QCOMPARE(model.indexOf("z"), 0);
        model.upsert(message("0", "me", t0));
        QCOMPARE(model.indexOf("0"), 2);
    }

    void chatModelEditsAndDeletes() {
        ChatModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setMyIdentity(QStringLiteral("me"));
        model.setMessages({message("a", "me", 1000, "first"), message("b", "me", 2000, "second")});
        ChatMessage edited = message("b", "me", 2000, "second, edited");
        edited.editedMs = 3000;
        model.upsert(edited);
        QCOMPARE(model.count(), 2);
        QCOMPARE(model.textOf("b"), QStringLiteral("second, edited"));
        QCOMPARE(roleData(model, 1, "editedMs").toLongLong(), 3000);

        ChatMessage deleted = message("b", "me", 2000, QString());
        deleted.deleted = true;
        model.upsert(deleted);
        QCOMPARE(roleData(model, 1, "deleted").toBool(), true);
        QCOMPARE(model.lastOwnMessageId(), QStringLiteral("a"));  // deleted ones can't be edited

        QSignalSpy mine(&model, &QAbstractItemModel::dataChanged);
        model.setMyIdentity(QStringLiteral("someone else"));
        QCOMPARE(mine.count(), 1);
        QCOMPARE(model.lastOwnMessageId(), QString());
        model.clear();
        QCOMPARE(model.count(), 0);
    }

    void spaceListModelSortsAndTracks() {
        SpaceListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy unreadChanged(&model, &SpaceListModel::totalUnreadChanged);
        model.setRows({space("2", "garden"), space("1", "Apple"), space("3", "Zebra")});
        QCOMPARE(model.idAt(0), QStringLiteral("1"));
        QCOMPARE(model.idAt(1), QStringLiteral("2"));

        model.upsertSpace(space("4", "Middle"));
        QCOMPARE(model.count(), 4);
        QCOMPARE(model.indexOf("4"), 2);

        // Renames move rows both ways.
        model.upsertSpace(space("1", "Zz last"));
        QCOMPARE(model.indexOf("1"), 3);
        model.upsertSpace(space("3", "Aardvark"));
        QCOMPARE(model.indexOf("3"), 0);
        model.upsertSpace(space("4", "Middle"));  // unchanged position
        QCOMPARE(model.indexOf("4"), 2);

        model.setActivity("2", 5000, "hello", "Sam", false);
        QCOMPARE(roleData(model, model.indexOf("2"), "preview").toString(), QStringLiteral("hello"));
        QCOMPARE(roleData(model, model.indexOf("2"), "lastActivityMs").toLongLong(), 5000);
        model.setUnread("2", 3);
        model.setUnread("4", 2);
        QCOMPARE(model.totalUnread(), 5);
        QCOMPARE(unreadChanged.count(), 2);
        model.setUnread("2", 3);  // no change, no signal
        QCOMPARE(unreadChanged.count(), 2);
        model.setUnread("missing", 9);
        QCOMPARE(model.totalUnread(), 5);

        // Who else is online: sorted names, one change signal per real change, kept on rename.
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setOnline("2", {QStringLiteral("Sam"), QStringLiteral("ann")});
        QCOMPARE(roleData(model, model.indexOf("2"), "onlineCount").toInt(), 2);
        QCOMPARE(roleData(model, model.indexOf("2"), "onlineNames").toString(), QStringLiteral("ann, Sam"));
        QCOMPARE(changed.count(), 1);
        model.setOnline("2", {QStringLiteral("ann"), QStringLiteral("Sam")});
        QCOMPARE(changed.count(), 1);
        model.upsertSpace(space("2", "garden"));
        QCOMPARE(roleData(model, model.indexOf("2"), "onlineCount").toInt(), 2);
        model.setOnline("2", {});
        QCOMPARE(roleData(model, model.indexOf("2"), "onlineCount").toInt(), 0);
        QCOMPARE(roleData(model, model.indexOf("2"), "onlineNames").toString(), QString());
        QCOMPARE(roleData(model, model.indexOf("4"), "onlineCount").toInt(), 0);

        // Behind a relay's retention, with the note; cleared when caught up.
        model.setSync("2", QStringLiteral("behind"), 0, QStringLiteral("missing"));
        QCOMPARE(roleData(model, model.indexOf("2"), "syncState").toString(), QStringLiteral("behind"));
        QCOMPARE(roleData(model, model.indexOf("2"), "syncNote").toString(), QStringLiteral("missing"));
        model.setSync("2", QStringLiteral("connected"), 0);
        QCOMPARE(roleData(model, model.indexOf("2"), "syncNote").toString(), QString());
        model.clear();
        QCOMPARE(model.count(), 0);
        QCOMPARE(model.totalUnread(), 0);
    }

    // The sync state from the Peer's sync_status: behind a relay's retention wins over every
    // other state and is said in words; caught up, the note is gone.
    void syncStateBehindRetention() {
        using grove::platform::SyncStatus;
        QCOMPARE(SpaceController::syncStateOf(nullptr, false, 0), QStringLiteral("alone"));
        SyncStatus status;
        QCOMPARE(SpaceController::syncStateOf(&status, true, 0), QStringLiteral("offline"));
        QCOMPARE(SpaceController::syncStateOf(&status, true, 2), QStringLiteral("connected"));
        status.pending = 3;
        QCOMPARE(SpaceController::syncStateOf(&status, true, 2), QStringLiteral("syncing"));
        QCOMPARE(SpaceController::syncNoteOf(&status), QString());

        status.pending = 0;
        status.behind_retention = true;
        status.missing = {{"aa", 5, 9}, {"bb", 2, 2}};
        status.retention_note = "refill requested from 2 member devices";
        for (int links : {0, 2})
            QCOMPARE(SpaceController::syncStateOf(&status, true, links), QStringLiteral("behind"));
        const QString note = SpaceController::syncNoteOf(&status);
        QVERIFY2(note.startsWith(QStringLiteral("6 older changes from 2 devices expired on the relay")),
                 qPrintable(note));
        QVERIFY(note.contains(QStringLiteral("Waiting for a member to come online to re-send it")));
        QVERIFY(note.endsWith(QStringLiteral("(refill requested from 2 member devices)")));
        status.missing = {{"aa", 4, 4}};
        status.retention_note.clear();
        QVERIFY(SpaceController::syncNoteOf(&status).startsWith(QStringLiteral("1 older change expired")));

        // The header's state and note follow, and clear when caught up.
        AccountController account;
        SpaceController space(&account);
        QSignalSpy changed(&space, &SpaceController::syncChanged);
        space.setSync(SpaceController::syncStateOf(&status, true, 1), 0, 1,
                      SpaceController::syncNoteOf(&status));
        QCOMPARE(space.syncState(), QStringLiteral("behind"));
        QVERIFY(!space.syncNote().isEmpty());
        status.behind_retention = false;
        status.missing.clear();
        space.setSync(SpaceController::syncStateOf(&status, true, 1), 0, 1,
                      SpaceController::syncNoteOf(&status));
        QCOMPARE(space.syncState(), QStringLiteral("connected"));
        QCOMPARE(space.syncNote(), QString());
        QCOMPARE(changed.count(), 2);
    }

    void apiTokenListModel() {
        ApiTokenListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy countChanged(&model, &ApiTokenListModel::countChanged);
        ApiTokenListModel::Row profile{QStringLiteral("profile"), QStringLiteral("admin"), {}, 0, 0, true};
        ApiTokenListModel::Row reader{QStringLiteral("reader"), QStringLiteral("read"),
                                      {QStringLiteral("Garden club"), QStringLiteral("Release planning")},
                                      1000, 2000, false};
        model.setTokens({profile, reader});
        QCOMPARE(model.count(), 2);
        QCOMPARE(countChanged.count(), 1);
        QCOMPARE(roleData(model, 0, "profile").toBool(), true);
        QCOMPARE(roleData(model, 1, "name").toString(), QStringLiteral("reader"));
        QCOMPARE(roleData(model, 1, "scope").toString(), QStringLiteral("read"));
        QCOMPARE(roleData(model, 1, "spaces").toString(), QStringLiteral("Garden club, Release planning"));
        QCOMPARE(roleData(model, 0, "spaces").toString(), QString());
        QCOMPARE(roleData(model, 1, "createdMs").toLongLong(), 1000);
        QCOMPARE(roleData(model, 1, "lastUsedMs").toLongLong(), 2000);
        model.setTokens({profile, reader});  // same count: no count signal
        QCOMPARE(countChanged.count(), 1);
        model.clear();
        QCOMPARE(model.count(), 0);
        QCOMPARE(countChanged.count(), 2);
    }

    void memberListModel() {
        MemberListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const MemberListModel::Row me = member("i1", "Robin", "participant", true);
        const MemberListModel::Row guest = member("i2", "Ann", "guest");
        const MemberListModel::Row manager = member("i3", "Zoe", "manager");
        model.setMembers({guest, manager, me}, true);
        QCOMPARE(model.count(), 3);
        QVERIFY(model.complete());
        QCOMPARE(roleData(model, 0, "me").toBool(), true);  // the user first
        QCOMPARE(roleData(model, 1, "memberRole").toString(), QStringLiteral("manager"));
        QCOMPARE(roleData(model, 2, "displayName").toString(), QStringLiteral("Ann"));
        QCOMPARE(roleData(model, 2, "fingerprint").toString(), QStringLiteral("fp i2"));
        QCOMPARE(roleData(model, 2, "deviceCount").toInt(), 1);
        QCOMPARE(model.get(2).value(QStringLiteral("identityId")).toString(), QStringLiteral("i2"));
        QVERIFY(model.get(7).isEmpty());
        model.clear();
        QCOMPARE(model.count(), 0);
        QVERIFY(!model.complete());
    }

    // Refreshes from the Peer are applied row by row: a role change moves one row, a newcomer is
    // inserted, a removed member's row goes, nothing else is reset.
    void memberListModelAppliesDifferences() {
        MemberListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const MemberListModel::Row me = member("i1", "Robin", "manager", true);
        MemberListModel::Row sam = member("i2", "Sam", "participant");
        const MemberListModel::Row ann = member("i3", "Ann", "participant");
        model.setMembers({me, sam}, true);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy counted(&model, &MemberListModel::countChanged);

        model.setMembers({me, sam, ann}, true);  // Ann joins: before Sam by name
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(model.indexOf(QStringLiteral("i3")), 1);
        QCOMPARE(counted.count(), 1);

        model.setMembers({me, sam, ann}, true);  // nothing new: no signal at all
        QCOMPARE(changed.count(), 0);
        QCOMPARE(moved.count(), 0);

        sam.role = QStringLiteral("manager");  // Sam becomes a manager: moves above Ann
        model.setMembers({ann, sam, me}, true);
        QCOMPARE(moved.count(), 1);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(model.indexOf(QStringLiteral("i2")), 1);
        QCOMPARE(roleData(model, 1, "memberRole").toString(), QStringLiteral("manager"));

        sam.presence = QStringLiteral("online");  // a link comes up: one row changes
        model.setMembers({me, sam, ann}, true);
        QCOMPARE(changed.count(), 2);
        QCOMPARE(roleData(model, 1, "presence").toString(), QStringLiteral("online"));

        sam.presence = QStringLiteral("active");  // Sam's app says it shows this space
        sam.typing = true;                         // and Sam types
        sam.lastSeenMs = 123456;
        model.setMembers({me, sam, ann}, true);
        QCOMPARE(changed.count(), 3);
        QCOMPARE(roleData(model, 1, "presence").toString(), QStringLiteral("active"));
        QCOMPARE(roleData(model, 1, "typing").toBool(), true);
        QCOMPARE(roleData(model, 1, "lastSeenMs").toLongLong(), 123456);
        sam.typing = false;  // typing expires: one change, no move
        model.setMembers({me, sam, ann}, true);
        QCOMPARE(changed.count(), 4);
        QCOMPARE(moved.count(), 1);

        model.setMembers({me, ann}, true);  // Sam is removed
        QCOMPARE(removed.count(), 1);
        QCOMPARE(model.count(), 2);
        QCOMPARE(model.indexOf(QStringLiteral("i2")), -1);
        QVERIFY(!model.find(QStringLiteral("i2")));

        // A complete turnover, duplicates of an identity collapsed.
        model.setMembers({member("i9", "Xena", "guest"), member("i8", "Bo", "guest"),
                          member("i8", "Bo", "guest")}, false);
        QCOMPARE(model.count(), 2);
        QCOMPARE(roleData(model, 0, "displayName").toString(), QStringLiteral("Bo"));
        QVERIFY(!model.complete());
        QCOMPARE(resets.count(), 0);
    }

    // Invitation codes: pending first (soonest expiry first), then the rest; a revocation moves
    // one row and changes it, never a reset; the pending count follows.
    void invitationListModel() {
        InvitationListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        using Row = InvitationListModel::Row;
        Row week{"a", "participant", 7000, "Robin", {}, "pending"};
        const Row day{"b", "guest", 1000, "Robin", {}, "pending"};
        const Row used{"c", "participant", 5000, "Robin", {"Sam"}, "used"};
        const Row old{"d", "manager", 500, "Ada", {}, "expired"};
        model.setInvitations({used, week, old, day});
        QCOMPARE(model.count(), 4);
        QCOMPARE(model.pendingCount(), 2);
        QCOMPARE(roleData(model, 0, "invitationId").toString(), QStringLiteral("b"));
        QCOMPARE(roleData(model, 1, "invitationId").toString(), QStringLiteral("a"));
        QCOMPARE(roleData(model, 2, "usedBy").toStringList(), QStringList{"Sam"});
        QCOMPARE(roleData(model, 2, "status").toString(), QStringLiteral("used"));
        QCOMPARE(roleData(model, 3, "createdBy").toString(), QStringLiteral("Ada"));
        QCOMPARE(roleData(model, 0, "invitationRole").toString(), QStringLiteral("guest"));
        QCOMPARE(roleData(model, 0, "expiresMs").toLongLong(), 1000);
        QCOMPARE(model.get(0).value(QStringLiteral("status")).toString(), QStringLiteral("pending"));
        QVERIFY(model.get(9).isEmpty());

        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy counted(&model, &InvitationListModel::countChanged);
        week.state = QStringLiteral("revoked");  // revoked: below the pending, above older
        model.setInvitations({used, week, old, day});
        QCOMPARE(model.pendingCount(), 1);
        QCOMPARE(model.indexOf(QStringLiteral("a")), 1);
        QCOMPARE(roleData(model, 1, "status").toString(), QStringLiteral("revoked"));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(counted.count(), 1);
        model.setInvitations({used, week, old, day});
        QCOMPARE(changed.count(), 1);
        QCOMPARE(resets.count(), 0);

        model.setError(QStringLiteral("Only managers see the space's invitation codes."));
        QCOMPARE(model.error(), QStringLiteral("Only managers see the space's invitation codes."));
        model.clear();
        QCOMPARE(model.count(), 0);
        QCOMPARE(model.error(), QString());
        Q_UNUSED(moved);
    }

    // Devices: this one first, others by when they were added, revoked ones last.
    void deviceListModel() {
        DeviceListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        using Row = DeviceListModel::Row;
        Row laptop{"bb", false, false, 2000, 3};
        const Row phone{"cc", false, false, 3000, 3};
        const Row self{"aa", true, false, 1000, 3};
        model.setDevices({phone, laptop, self});
        QCOMPARE(model.count(), 3);
        QCOMPARE(roleData(model, 0, "thisDevice").toBool(), true);
        QCOMPARE(roleData(model, 1, "deviceId").toString(), QStringLiteral("bb"));
        QCOMPARE(roleData(model, 1, "issuedMs").toLongLong(), 2000);
        QCOMPARE(roleData(model, 2, "spaceCount").toInt(), 3);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);
        laptop.revoked = true;
        laptop.spaceCount = 0;
        model.setDevices({phone, laptop, self});
        QCOMPARE(moved.count(), 1);
        QCOMPARE(roleData(model, 2, "deviceId").toString(), QStringLiteral("bb"));
        QCOMPARE(roleData(model, 2, "revoked").toBool(), true);
        QVERIFY(model.find(QStringLiteral("bb"))->revoked);
        QCOMPARE(model.get(0).value(QStringLiteral("deviceId")).toString(), QStringLiteral("aa"));
        model.setError(QStringLiteral("Your devices couldn't be read."));
        QCOMPARE(model.error(), QStringLiteral("Your devices couldn't be read."));
        model.clear();
        QCOMPARE(model.count(), 0);
        QCOMPARE(resets.count(), 0);
    }

    // Relays keep the command line's order; a link coming up changes one row.
    void relayListModel() {
        RelayListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRelays({{"relay.example:7420", "connecting"}, {"10.0.0.2:7420", "connecting"}});
        QCOMPARE(model.count(), 2);
        QCOMPARE(model.connectedCount(), 0);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy counted(&model, &RelayListModel::countChanged);
        model.setRelays({{"relay.example:7420", "connecting"}, {"10.0.0.2:7420", "connected"}});
        QCOMPARE(changed.count(), 1);
        QCOMPARE(counted.count(), 1);
        QCOMPARE(model.connectedCount(), 1);
        QCOMPARE(roleData(model, 1, "linkState").toString(), QStringLiteral("connected"));
        QCOMPARE(roleData(model, 0, "address").toString(), QStringLiteral("relay.example:7420"));
        QCOMPARE(model.get(1).value(QStringLiteral("address")).toString(), QStringLiteral("10.0.0.2:7420"));
        model.setRelays({});
        QCOMPARE(model.count(), 0);
    }

    void toolModels() {
        ToolInstanceModel instances;
        QAbstractItemModelTester t1(&instances, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy available(&instances, &ToolInstanceModel::availableChanged);
        instances.setAvailable(true);
        instances.setAvailable(true);
        QCOMPARE(available.count(), 1);
        instances.setInstances({{"a1", "Design notes", "org.grove.discussion", "Discussion", "ready", {},
                                 QUrl("qrc:/x.qml"), nullptr},
                                {"b2", "Sketch", "org.grove.sketch", {}, "missing", "needs Sketch ≥ 1.0", {},
                                 nullptr}});
        QCOMPARE(instances.count(), 2);
        QCOMPARE(roleData(instances, 1, "status").toString(), QStringLiteral("missing"));
        QCOMPARE(roleData(instances, 0, "viewUrl").toUrl(), QUrl("qrc:/x.qml"));
        instances.clear();
        QCOMPARE(instances.count(), 0);

        InstalledToolModel tools;
        QAbstractItemModelTester t2(&tools, QAbstractItemModelTester::FailureReportingMode::QtTest);
        tools.setTools({{"org.grove.discussion", "Discussion", "Threads", "1.0.0", "Grove", {}}});
        QCOMPARE(tools.count(), 1);
        QCOMPARE(roleData(tools, 0, "publisher").toString(), QStringLiteral("Grove"));
        tools.setTools({});
        QCOMPARE(tools.count(), 0);
    }

    void unreadTracker() {
        UnreadTracker tracker;
        // At load: messages by others newer than the marker are unread; own ones never.
        tracker.load("space", {message("a", "sam", 1000), message("b", "sam", 2000), message("c", "me", 3000)},
                     1000, "me");
        QCOMPARE(tracker.unread("space"), 1);
        // Arriving while not in view counts, in view does not, own never, twice once.
        QVERIFY(tracker.apply(UnreadTracker::Change::Posted, message("d", "sam", 4000), false, "me"));
        QVERIFY(!tracker.apply(UnreadTracker::Change::Posted, message("d", "sam", 4000), false, "me"));
        QVERIFY(!tracker.apply(UnreadTracker::Change::Posted, message("e", "sam", 5000), true, "me"));
        QVERIFY(!tracker.apply(UnreadTracker::Change::Posted, message("f", "me", 6000), false, "me"));
        QCOMPARE(tracker.unread("space"), 2);
        // A deleted unread message is no longer unread; an edit changes nothing.
        ChatMessage gone = message("b", "sam", 2000);
        gone.deleted = true;
        QVERIFY(tracker.apply(UnreadTracker::Change::Deleted, gone, false, "me"));
        QVERIFY(!tracker.apply(UnreadTracker::Change::Edited, message("d", "sam", 4000), false, "me"));
        QCOMPARE(tracker.unread("space"), 1);
        // Marking read clears it and returns the newest time seen, the next marker.
        QCOMPARE(tracker.markRead("space"), qint64(6000));
        QCOMPARE(tracker.unread("space"), 0);
        QCOMPARE(tracker.unread("unknown"), 0);
    }
};

// Out of the class: DesktopNotifier over a real (private) D-Bus with a stand-in server.
void ModelTests::desktopNotifierOverDBus() {
    QProcess bus;
    bus.start(QStringLiteral("dbus-daemon"),
              {QStringLiteral("--session"), QStringLiteral("--nofork"), QStringLiteral("--print-address")});
    if (!bus.waitForStarted(5000)) QSKIP("dbus-daemon is not installed");
    QVERIFY(bus.waitForReadyRead(5000));
    const QString address = QString::fromUtf8(bus.readLine()).trimmed();
    QVERIFY(!address.isEmpty());
    qputenv("DBUS_SESSION_BUS_ADDRESS", address.toUtf8());
    {
        QDBusConnection serverBus = QDBusConnection::connectToBus(address, QStringLiteral("fake-server"));
        QVERIFY(serverBus.isConnected());
        FakeNotificationServer server;
        QVERIFY(serverBus.registerObject(QStringLiteral("/org/freedesktop/Notifications"), &server,
                                         QDBusConnection::ExportAllSlots));
        QVERIFY(serverBus.registerService(QStringLiteral("org.freedesktop.Notifications")));

        DesktopNotifier notifier;
        QTRY_COMPARE(notifier.state(), QStringLiteral("available"));
        QCOMPARE(notifier.detail(), QStringLiteral("Shown by Fake (Grove tests)."));

        // Two notes for one space within the gathering time: one notification.
        notifier.notify(QStringLiteral("s1"), QStringLiteral("Design"), QStringLiteral("Sam: one"));
        notifier.notify(QStringLiteral("s1"), QStringLiteral("Design"), QStringLiteral("Sam: <two>"));
        QTRY_COMPARE_WITH_TIMEOUT(server.calls.size(), 1, DesktopNotifier::kGatherMs + 3000);
        QCOMPARE(server.calls[0].summary, QStringLiteral("Design"));
        QCOMPARE(server.calls[0].body, QStringLiteral("Sam: &lt;two&gt;\nand 1 more"));
        QCOMPARE(server.calls[0].replaces, 0u);
        QCOMPARE(server.calls[0].actions.value(0), QStringLiteral("default"));
        QVERIFY(notifier.history().back().delivered);

        // The next one for that space replaces it in place (once the server has said its id).
        QTRY_COMPARE(notifier.shownId(QStringLiteral("s1")), 41u);
        notifier.notify(QStringLiteral("s1"), QStringLiteral("Design"), QStringLiteral("Sam: three"));
        notifier.flush();
        QTRY_COMPARE(server.calls.size(), 2);
        QCOMPARE(server.calls[1].replaces, 41u);

        // Clicking it asks for the space; looking at the space withdraws it.
        QSignalSpy activated(&notifier, &DesktopNotifier::activated);
        QTest::qWait(200);  // the reply carrying the notification's id arrives
        QDBusMessage click = QDBusMessage::createSignal(QStringLiteral("/org/freedesktop/Notifications"),
                                                        QStringLiteral("org.freedesktop.Notifications"),
                                                        QStringLiteral("ActionInvoked"));
        click << 42u << QStringLiteral("default");
        QVERIFY(serverBus.send(click));
        QTRY_COMPARE(activated.count(), 1);
        QCOMPARE(activated.first().first().toString(), QStringLiteral("s1"));
        notifier.withdraw(QStringLiteral("s1"));
        QTRY_COMPARE(server.closed, QList<uint>{42u});
        serverBus.unregisterService(QStringLiteral("org.freedesktop.Notifications"));
    }
    QDBusConnection::disconnectFromBus(QStringLiteral("fake-server"));
    bus.kill();
    bus.waitForFinished(3000);
}

// Without a bus nothing is sent, the notes are still recorded, and the reason is in words.
void ModelTests::desktopNotifierWithoutBus() {
    DesktopNotifier notifier(false);
    QCOMPARE(notifier.state(), QStringLiteral("unavailable"));
    QVERIFY(!notifier.detail().isEmpty());
    QSignalSpy sent(&notifier, &DesktopNotifier::sent);
    notifier.notify(QStringLiteral("s1"), QStringLiteral("Design"), QStringLiteral("Sam: hi"));
    notifier.notify(QStringLiteral("s2"), QStringLiteral("Garden"), QStringLiteral("Ann: hello"));
    notifier.flush();
    QCOMPARE(sent.count(), 2);
    QCOMPARE(notifier.history().size(), std::size_t(2));
    QVERIFY(!notifier.history().front().delivered);
    notifier.withdraw(QStringLiteral("s1"));  // harmless
}

// The preferences table: defaults before anything is stored, only allowed choices, a change
// signal only for a real change, and what was stored read back alike after a restart.
void ModelTests::settingsReadDefaultsAndKeepChanges() {
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("grove.ini"));
    {
        AppSettings settings(file);
        QCOMPARE(settings.colorScheme(), QStringLiteral("system"));
        QVERIFY(settings.notificationsEnabled());
        QVERIFY(!settings.localApiEnabled());
        QVERIFY(settings.mutedSpaces().isEmpty());
        QSignalSpy scheme(&settings, &AppSettings::colorSchemeChanged);
        QSignalSpy notifications(&settings, &AppSettings::notificationsChanged);
        settings.setColorScheme(QStringLiteral("dark"));
        settings.setColorScheme(QStringLiteral("dark"));
        QCOMPARE(scheme.count(), 1);
        settings.setNotificationsEnabled(true);  // already on
        QCOMPARE(notifications.count(), 0);
        settings.setNotificationsEnabled(false);
        settings.setSpaceMuted(QStringLiteral("s1"), true);
        settings.setSpaceMuted(QStringLiteral("s1"), true);
        QCOMPARE(notifications.count(), 2);
        settings.setLocalApiEnabled(true);
        QVERIFY(!settings.notifiesFor(QStringLiteral("s2")));  // all off
    }
    AppSettings reopened(file);
    QCOMPARE(reopened.colorScheme(), QStringLiteral("dark"));
    QVERIFY(!reopened.notificationsEnabled());
    QVERIFY(reopened.localApiEnabled());
    QCOMPARE(reopened.mutedSpaces(), QStringList{QStringLiteral("s1")});  // one item, still a list
    QSignalSpy notifications(&reopened, &AppSettings::notificationsChanged);
    reopened.setNotificationsEnabled(false);  // the stored "false" is the same value
    QCOMPARE(notifications.count(), 0);
    reopened.setColorScheme(QStringLiteral("purple"));  // not a choice: reads as the default
    QCOMPARE(reopened.colorScheme(), QStringLiteral("system"));
}

QTEST_GUILESS_MAIN(ModelTests)
#include "tst_models.moc"
