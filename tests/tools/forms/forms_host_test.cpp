// Forms through the host and the real plugin (no Forms code linked in): a manager evolving the
// schema while two participants create and edit records, in seeded random causal orders with one
// peer cut off for a while; all end with the same records, CSV and digest, and a peer that starts
// from a snapshot too.
#include <gtest/gtest.h>
#include <toolhost/toolhost.h>

#include <QObject>
#include <QVariant>
#include <random>

#include "fake_space.h"

using namespace grove;

namespace {

const std::filesystem::path kTools = GROVE_TEST_TOOL_DIR;
const char* kForms = "org.grove.forms";

QString call(QObject* model, const char* method, const QVariantMap& map) {
    QString out;
    EXPECT_TRUE(QMetaObject::invokeMethod(model, method, Q_RETURN_ARG(QString, out),
                                          Q_ARG(QVariantMap, map)));
    return out;
}

bool update(QObject* model, const char* method, const QString& id, const QVariantMap& map) {
    bool ok = false;
    EXPECT_TRUE(QMetaObject::invokeMethod(model, method, Q_RETURN_ARG(bool, ok), Q_ARG(QString, id),
                                          Q_ARG(QVariantMap, map)));
    return ok;
}

QVariantList rows(QObject* model) {
    QVariantList out;
    EXPECT_TRUE(QMetaObject::invokeMethod(model, "rows", Q_RETURN_ARG(QVariantList, out),
                                          Q_ARG(QString, {}), Q_ARG(QString, {}),
                                          Q_ARG(bool, false), Q_ARG(QString, {})));
    return out;
}

QString csv(QObject* model) {
    QString out;
    EXPECT_TRUE(QMetaObject::invokeMethod(model, "exportCsv", Q_RETURN_ARG(QString, out)));
    return out;
}

}  // namespace

TEST(FormsHostConvergence, ASchemaEvolvingUnderConcurrentRecordEditsEndsEqual) {
    for (std::uint64_t seed : {11u, 12u, 13u}) {
        tests::FakeSpace space(
            {kTools}, {sdk::Role::Manager, sdk::Role::Participant, sdk::Role::Participant}, seed);
        auto address = space.add_instance(kForms, "Inventory", "1.0.0");
        for (std::size_t p = 0; p < space.size(); ++p)
            ASSERT_EQ(space.host(p).instance(address)->state, platform::InstanceState::Running)
                << space.host(p).instance(address)->message;
        QObject* manager = space.host(0).model(address);
        const QString item = call(manager, "addField", {{"name", "Item"}, {"type", 1}});
        const QString count = call(manager, "addField", {{"name", "Count"}, {"type", 3}});
        const QString place = call(manager, "addField",
                                   {{"name", "Place"},
                                    {"type", 7},
                                    {"options", QStringList{"Shelf A", "Shelf B", "Store"}}});
        ASSERT_FALSE(place.isEmpty()) << manager->property("lastError").toString().toStdString();
        space.deliver_all();

        std::mt19937_64 rng(seed);
        auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
        QString added;
        for (int round = 0; round < 14; ++round) {
            for (std::size_t p = 0; p < space.size(); ++p) {
                QObject* model = space.host(p).model(address);
                const QVariantList list = rows(model);
                QStringList mine;
                for (const QVariant& row : list)
                    if (row.toMap()["canEdit"].toBool()) mine << row.toMap()["id"].toString();
                const QString target = mine.isEmpty() ? QString() : mine[pick(mine.size())];
                switch (pick(p == 0 ? 6 : 4)) {
                    case 0:
                        call(model, "createRecord",
                             {{item, QString("Part %1.%2").arg(p).arg(round)},
                              {count, QString::number(pick(50))}});
                        break;
                    case 1:
                        if (!target.isEmpty())
                            update(model, "updateRecord", target,
                                   {{count, QString::number(pick(100))}});
                        break;
                    case 2:
                        if (!target.isEmpty())
                            update(model, "updateRecord", target,
                                   {{place, QStringList{"Shelf A", "Shelf B", "Store"}[pick(3)]}});
                        break;
                    case 3:
                        if (!target.isEmpty() && pick(3) == 0) {
                            bool ok = false;
                            QMetaObject::invokeMethod(model, "deleteRecord", Q_RETURN_ARG(bool, ok),
                                                      Q_ARG(QString, target));
                        }
                        break;
                    case 4:  // the manager renames a field or changes its options
                        update(model, "updateField", pick(2) ? item : place,
                               pick(2) ? QVariantMap{{"name", QString("Name %1").arg(round)}}
                                       : QVariantMap{{"required", pick(2) == 0}});
                        break;
                    default:  // … or adds a field, later retires it
                        if (added.isEmpty())
                            added = call(model, "addField",
                                         {{"name", QString("Note %1").arg(round)}, {"type", 2}});
                        else
                            update(model, "updateField", added, {{"name", "Old note"}});
                }
            }
            if (round >= 5 && round < 9) {  // peer 2 cut off
                space.deliver_all_to(0);
                space.deliver_all_to(1);
            } else {
                for (int k = 0; k < 8; ++k) space.deliver_one();
            }
        }
        space.deliver_all();

        const QString expected = csv(manager);
        EXPECT_GT(rows(manager).size(), 3);
        for (std::size_t p = 0; p < space.size(); ++p) {
            EXPECT_EQ(csv(space.host(p).model(address)), expected) << "seed " << seed;
            EXPECT_EQ(*space.host(p).digest(address), *space.host(0).digest(address))
                << "seed " << seed << " peer " << p;
        }
        auto snapshot = space.host(1).snapshot(address);
        ASSERT_TRUE(snapshot.ok());
        tests::FakeSpace late({kTools}, {sdk::Role::Participant}, seed + 1);
        auto late_address = late.add_instance(kForms, "Inventory", "1.0.0");
        ASSERT_TRUE(late.host(0).restore(late_address, *snapshot).ok());
        EXPECT_EQ(csv(late.host(0).model(late_address)), expected);
        EXPECT_EQ(*late.host(0).digest(late_address), *space.host(0).digest(address));
    }
}
