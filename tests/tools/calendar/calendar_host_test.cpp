// Calendar through the host and the real plugin (no Calendar code linked in): three peers edit
// one recurring series at once — time, title, deleted and changed occurrences, answers —
// receiving each other's operations in seeded random causal orders with one peer cut off for a
// while; all end with the same occurrences and digest, and a peer that starts from a snapshot too.
// Reminders reach the host's notification sink once per device.
#include <gtest/gtest.h>
#include <toolhost/toolhost.h>

#include <QCoreApplication>
#include <QObject>
#include <QVariant>
#include <chrono>
#include <random>

#include "fake_space.h"

using namespace grove;

namespace {

const std::filesystem::path kTools = GROVE_TEST_TOOL_DIR;
const char* kCalendar = "org.grove.calendar";
constexpr double kMarch2027 = 1'804'000'000'000.0;  // 2027-03-01T…Z, ms

QString call(QObject* model, const char* method, const QString& event, const QString& occurrence,
             int scope, const QVariantMap& fields) {
    QString out;
    EXPECT_TRUE(QMetaObject::invokeMethod(model, method, Q_RETURN_ARG(QString, out),
                                          Q_ARG(QString, event), Q_ARG(QString, occurrence),
                                          Q_ARG(int, scope), Q_ARG(QVariantMap, fields)));
    return out;
}

QVariantList occurrences(QObject* model) {
    QVariantList out;
    EXPECT_TRUE(QMetaObject::invokeMethod(model, "occurrences", Q_RETURN_ARG(QVariantList, out),
                                          Q_ARG(double, kMarch2027 - 86'400'000.0 * 30),
                                          Q_ARG(double, kMarch2027 + 86'400'000.0 * 90)));
    return out;
}

QStringList summary(QObject* model) {
    QStringList out;
    for (const QVariant& item : occurrences(model)) {
        const QVariantMap map = item.toMap();
        out << QString("%1 %2 %3 %4")
                   .arg(map["recurrenceId"].toString(), map["title"].toString(),
                        map["location"].toString())
                   .arg(map["start"].toDouble(), 0, 'f', 0);
    }
    return out;
}

}  // namespace

TEST(CalendarHostConvergence, ThreePeersEditingOneSeriesEndEqual) {
    for (std::uint64_t seed : {5u, 6u, 7u}) {
        tests::FakeSpace space(
            {kTools}, {sdk::Role::Manager, sdk::Role::Participant, sdk::Role::Participant}, seed);
        auto address = space.add_instance(kCalendar, "Schedule", "1.0.0");
        for (std::size_t p = 0; p < space.size(); ++p) {
            ASSERT_EQ(space.host(p).instance(address)->state, platform::InstanceState::Running)
                << space.host(p).instance(address)->message;
            space.host(p).model(address)->setProperty("timeZone", "Europe/Paris");
        }
        QObject* first = space.host(0).model(address);
        QString event;
        ASSERT_TRUE(QMetaObject::invokeMethod(
            first, "createEvent", Q_RETURN_ARG(QString, event),
            Q_ARG(QVariantMap, (QVariantMap{{"title", "Standup"},
                                            {"start", kMarch2027},
                                            {"end", kMarch2027 + 900'000.0},
                                            {"timeZone", "Europe/Paris"},
                                            {"rrule", "FREQ=DAILY;COUNT=30"}}))));
        ASSERT_FALSE(event.isEmpty()) << first->property("lastError").toString().toStdString();
        space.deliver_all();

        std::mt19937_64 rng(seed);
        auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
        for (int round = 0; round < 12; ++round) {
            for (std::size_t p = 0; p < space.size(); ++p) {
                QObject* model = space.host(p).model(address);
                const QVariantList list = occurrences(model);
                if (list.isEmpty()) continue;
                const QVariantMap one = list[pick(static_cast<int>(list.size()))].toMap();
                const QString occurrence = one["recurrenceId"].toString();
                switch (pick(5)) {
                    case 0:
                        call(model, "updateEvent", event, occurrence, 0,
                             {{"title", QString("Standup %1.%2").arg(p).arg(round)}});
                        break;
                    case 1:
                        call(model, "updateEvent", event, occurrence, 1,
                             {{"location", QString("Room %1").arg(pick(9))}});
                        break;
                    case 2: {
                        bool ok = false;
                        QMetaObject::invokeMethod(model, "deleteEvent", Q_RETURN_ARG(bool, ok),
                                                  Q_ARG(QString, event), Q_ARG(QString, occurrence),
                                                  Q_ARG(int, 1));
                        break;
                    }
                    case 3: {
                        bool ok = false;
                        QMetaObject::invokeMethod(model, "respond", Q_RETURN_ARG(bool, ok),
                                                  Q_ARG(QString, event), Q_ARG(int, 1 + pick(3)));
                        break;
                    }
                    default:
                        call(model, "updateEvent", event, occurrence, 0,
                             {{"description", QString("Notes %1").arg(round)}});
                }
            }
            if (round >= 4 && round < 8) {  // peer 2 cut off
                space.deliver_all_to(0);
                space.deliver_all_to(1);
            } else {
                for (int k = 0; k < 6; ++k) space.deliver_one();
            }
        }
        space.deliver_all();

        const QStringList expected = summary(first);
        EXPECT_GT(expected.size(), 10);
        for (std::size_t p = 0; p < space.size(); ++p) {
            EXPECT_EQ(summary(space.host(p).model(address)), expected) << "seed " << seed;
            EXPECT_EQ(*space.host(p).digest(address), *space.host(0).digest(address))
                << "seed " << seed << " peer " << p;
        }
        auto snapshot = space.host(1).snapshot(address);
        ASSERT_TRUE(snapshot.ok());
        tests::FakeSpace late({kTools}, {sdk::Role::Participant}, seed + 1);
        auto late_address = late.add_instance(kCalendar, "Schedule", "1.0.0");
        ASSERT_TRUE(late.host(0).restore(late_address, *snapshot).ok());
        late.host(0).model(late_address)->setProperty("timeZone", "Europe/Paris");
        EXPECT_EQ(summary(late.host(0).model(late_address)), expected);
        EXPECT_EQ(*late.host(0).digest(late_address), *space.host(0).digest(address));
    }
}

// A reminder reaches the host's notification sink once per device, from the real plugin through
// ToolContext::notify, on the instance's own timer; a later change re-checks without repeating.
TEST(CalendarHostReminders, AReminderIsShownOncePerDevice) {
    tests::FakeSpace space({kTools}, {sdk::Role::Manager, sdk::Role::Participant}, 3);
    std::vector<std::vector<platform::ToolNotification>> shown(space.size());
    for (std::size_t p = 0; p < space.size(); ++p)
        space.host(p).set_notification_sink(
            [&shown, p](const platform::ToolNotification& n) { shown[p].push_back(n); });
    auto address = space.add_instance(kCalendar, "Schedule", "1.0.0");
    QObject* first = space.host(0).model(address);
    const double now = static_cast<double>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                               std::chrono::system_clock::now().time_since_epoch())
                                               .count());
    QString event;
    ASSERT_TRUE(QMetaObject::invokeMethod(
        first, "createEvent", Q_RETURN_ARG(QString, event),
        Q_ARG(QVariantMap, (QVariantMap{{"title", "Review"},
                                        {"start", now + 5 * 60'000.0},
                                        {"end", now + 35 * 60'000.0},
                                        {"timeZone", "UTC"},
                                        {"reminders", QVariantList{10}}}))));
    ASSERT_FALSE(event.isEmpty());
    space.deliver_all();
    auto wait_for = [&](std::size_t count) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (std::chrono::steady_clock::now() < deadline &&
               (shown[0].size() < count || shown[1].size() < count))
            QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    };
    wait_for(1);
    ASSERT_EQ(shown[0].size(), 1u);
    ASSERT_EQ(shown[1].size(), 1u);
    EXPECT_EQ(shown[0][0].notification.title, "Review");
    EXPECT_EQ(shown[0][0].instance.address, address);
    EXPECT_EQ(shown[0][0].notification.key, shown[1][0].notification.key);

    call(first, "updateEvent", event, QString(), 0, {{"location", "Room 2"}});
    space.deliver_all();
    const auto settle = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    while (std::chrono::steady_clock::now() < settle)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    EXPECT_EQ(shown[0].size(), 1u);
    EXPECT_EQ(shown[1].size(), 1u);
}
