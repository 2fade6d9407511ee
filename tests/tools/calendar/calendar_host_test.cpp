// Calendar through the host and the real plugin (no Calendar code linked in): three peers edit
// one recurring series at once — time, title, deleted and changed occurrences, answers —
// receiving each other's operations in seeded random causal orders with one peer cut off for a
// while; all end with the same occurrences and digest, and a peer that starts from a snapshot too.
#include <gtest/gtest.h>
#include <toolhost/toolhost.h>

#include <QObject>
#include <QVariant>
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
