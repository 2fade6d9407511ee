// Discussion through the host and the real plugin: peers that post, reply, edit, delete and mark
// read concurrently, receiving each other's operations in seeded random causal orders, end with
// equal digests and the same topic order — also a peer that joins late from a snapshot.
#include <gtest/gtest.h>
#include <toolhost/toolhost.h>

#include <QAbstractItemModel>
#include <QObject>
#include <QVariant>

#include "fake_space.h"

using namespace grove;

namespace {

const std::filesystem::path kTools = GROVE_TEST_TOOL_DIR;
const char* kDiscussion = "org.grove.discussion";

QString call(QObject* model, const char* method, const QString& a, const QString& b = {}) {
    QString result;
    bool invoked = b.isNull()
                       ? QMetaObject::invokeMethod(model, method, Q_RETURN_ARG(QString, result),
                                                   Q_ARG(QString, a))
                       : QMetaObject::invokeMethod(model, method, Q_RETURN_ARG(QString, result),
                                                   Q_ARG(QString, a), Q_ARG(QString, b));
    EXPECT_TRUE(invoked) << method;
    return result;
}

bool act(QObject* model, const char* method, const QString& a, const QString& b = {}) {
    bool result = false;
    bool invoked = b.isNull() ? QMetaObject::invokeMethod(model, method, Q_RETURN_ARG(bool, result),
                                                          Q_ARG(QString, a))
                              : QMetaObject::invokeMethod(model, method, Q_RETURN_ARG(bool, result),
                                                          Q_ARG(QString, a), Q_ARG(QString, b));
    EXPECT_TRUE(invoked) << method;
    return result;
}

QStringList topic_ids(QObject* model) {
    auto* topics = qvariant_cast<QAbstractItemModel*>(model->property("topics"));
    EXPECT_NE(topics, nullptr);
    int role = topics->roleNames().key("postId");
    QStringList ids;
    for (int row = 0; row < topics->rowCount(); ++row)
        ids << topics->index(row, 0).data(role).toString();
    return ids;
}

}  // namespace

TEST(DiscussionConvergence, RandomConcurrentWorkConvergesInEveryCausalOrder) {
    for (std::uint64_t seed : {101u, 202u, 303u, 404u, 505u, 606u}) {
        tests::FakeSpace space(
            {kTools}, {sdk::Role::Manager, sdk::Role::Participant, sdk::Role::Participant}, seed);
        auto address = space.add_instance(kDiscussion, "Talk", "1.0.0");
        for (std::size_t p = 0; p < space.size(); ++p)
            ASSERT_EQ(space.host(p).instance(address)->state, platform::InstanceState::Running)
                << space.host(p).instance(address)->message;

        std::vector<QString> known;  // every post id anyone created
        auto& rng = space.rng();
        std::uniform_int_distribution<int> peer_pick(0, 2), action(0, 9), deliveries(0, 3);
        int applied_actions = 0;
        for (int step = 0; step < 150; ++step) {
            QObject* model = space.host(static_cast<std::size_t>(peer_pick(rng))).model(address);
            ASSERT_NE(model, nullptr);
            auto random_known = [&]() -> QString {
                if (known.empty()) return QString(64, '0');
                return known[std::uniform_int_distribution<std::size_t>(0, known.size() - 1)(rng)];
            };
            const QString text = QString("text %1 (seed %2)").arg(step).arg(seed);
            switch (action(rng)) {
                case 0:
                case 1: {
                    QString id = call(model, "postTopic", "Topic " + QString::number(step), text);
                    if (!id.isEmpty()) {
                        known.push_back(id);
                        ++applied_actions;
                    }
                    break;
                }
                case 2:
                case 3:
                case 4: {
                    QString id = call(model, "reply", random_known(), text);
                    if (!id.isEmpty()) {
                        known.push_back(id);
                        ++applied_actions;
                    }
                    break;
                }
                case 5:
                case 6:
                    applied_actions += act(model, "edit", random_known(), "edited " + text);
                    break;
                case 7:
                    applied_actions += act(model, "editTitle", random_known(), "Retitled " + text);
                    break;
                case 8:
                    applied_actions += act(model, "remove", random_known());
                    break;
                case 9:
                    applied_actions += act(model, "markTopicRead", random_known());
                    break;
            }
            for (int i = deliveries(rng); i > 0; --i) space.deliver_one();
        }
        EXPECT_GT(applied_actions, 60) << "seed " << seed << ": the random work barely happened";
        space.deliver_all();

        auto digest = space.host(0).digest(address);
        ASSERT_TRUE(digest.ok());
        QStringList order = topic_ids(space.host(0).model(address));
        EXPECT_FALSE(order.isEmpty());
        for (std::size_t p = 1; p < space.size(); ++p) {
            EXPECT_EQ(*space.host(p).digest(address), *digest) << "seed " << seed << " peer " << p;
            EXPECT_EQ(topic_ids(space.host(p).model(address)), order)
                << "seed " << seed << " peer " << p;
        }

        // A late joiner restores peer 1's snapshot and reaches the same digest.
        auto snapshot = space.host(1).snapshot(address);
        ASSERT_TRUE(snapshot.ok());
        platform::ToolHost late({{kTools}});
        late.scan();
        platform::InstanceAddress copy = address;
        class NullBridge final : public platform::InstanceBridge {
        public:
            Result<sdk::OpId> submit(sdk::ByteView) override {
                return make_error(ErrorCode::FailedPrecondition, "read only");
            }
            sdk::LocalMember me() const override { return {}; }
            std::vector<sdk::Member> members() const override { return {}; }
            bool permits(const sdk::IdentityId&, sdk::Permission) const override { return false; }
            Result<void> send_ephemeral(sdk::ByteView) override { return {}; }
            void log(sdk::LogLevel, std::string_view) override {}
        };
        ASSERT_TRUE(
            late.add_instance({copy, kDiscussion, "Talk", "1.0.0"}, std::make_unique<NullBridge>())
                .ok());
        ASSERT_TRUE(late.restore(copy, *snapshot).ok());
        EXPECT_EQ(*late.digest(copy), *digest) << "seed " << seed;
    }
}

TEST(DiscussionConvergence, AGuestReadsButCannotWrite) {
    tests::FakeSpace space({kTools}, {sdk::Role::Manager, sdk::Role::Guest}, 9);
    auto address = space.add_instance(kDiscussion, "Talk", "1.0.0");
    QObject* guest = space.host(1).model(address);
    EXPECT_FALSE(guest->property("canWrite").toBool());
    EXPECT_TRUE(call(guest, "postTopic", "Hi", "from a guest").isEmpty());
    EXPECT_TRUE(guest->property("lastError").toString().contains("may not"));
    QString topic = call(space.host(0).model(address), "postTopic", "Welcome", "**hello**");
    ASSERT_FALSE(topic.isEmpty());
    space.deliver_all();
    EXPECT_EQ(topic_ids(guest), QStringList{topic});
    EXPECT_EQ(guest->property("unreadCount").toInt(), 1);
}
