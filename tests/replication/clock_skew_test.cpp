// Clock skew of days between peers (Peer's injectable clock): invitations made and used across
// skewed clocks, chat order and edits decided without wall clocks, seeded fault schedules that
// must still converge. The rules are in docs/replication.md#clock-skew.
#include <gtest/gtest.h>

#include <atomic>
#include <set>

#include "direct_pair.h"
#include "sim_network.h"

using namespace grove;
using namespace grove::platform;
using grove::test::DirectPair;

namespace {

constexpr std::int64_t kDay = 86'400'000;
constexpr std::int64_t kHour = 3'600'000;

std::int64_t system_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// An account whose peer reads the system clock shifted by an offset the test can move.
struct SkewedAccount {
    grove::test::TestAccount account;
    std::shared_ptr<std::atomic<std::int64_t>> offset;
    Peer& peer() { return *account.peer; }
};

SkewedAccount make_skewed(const std::string& name, std::int64_t offset_ms) {
    SkewedAccount a;
    a.offset = std::make_shared<std::atomic<std::int64_t>>(offset_ms);
    a.account.name = name;
    PeerOptions options;
    options.clock = [offset = a.offset] { return system_ms() + offset->load(); };
    auto peer = Peer::open(a.account.dir->path() / "profile", std::move(options));
    EXPECT_TRUE(peer.ok()) << peer.error().message;
    a.account.peer = std::move(peer).value();
    auto info = a.account.peer->create_account(name, "correct horse battery");
    EXPECT_TRUE(info.ok()) << info.error().message;
    return a;
}

std::vector<std::string> chat_ids(Peer& p, const std::string& space) {
    auto chat = p.list_chat(space);
    EXPECT_TRUE(chat.ok());
    std::vector<std::string> ids;
    if (chat.ok())
        for (const auto& m : *chat) ids.push_back(m.id);
    return ids;
}

}  // namespace

TEST(ClockSkew, ThePeersClockDatesItsDeltas) {
    auto ada = make_skewed("Ada", -3 * kDay);
    EXPECT_NEAR(static_cast<double>(ada.peer().now_ms()),
                static_cast<double>(system_ms() - 3 * kDay), 60'000.0);
    auto space = ada.peer().create_space("Dated");
    ASSERT_TRUE(space.ok());
    EXPECT_NEAR(static_cast<double>(space->created_ms), static_cast<double>(system_ms() - 3 * kDay),
                60'000.0);
    auto m = ada.peer().post_chat(space->id, "from three days ago");
    ASSERT_TRUE(m.ok());
    EXPECT_NEAR(static_cast<double>(m->posted_ms), static_cast<double>(system_ms() - 3 * kDay),
                60'000.0);
    // "The expiry lies in the past" is judged by the peer's own clock, too.
    auto past =
        ada.peer().create_invitation(space->id, Role::Participant, system_ms() - kDay, {"x"});
    EXPECT_TRUE(past.ok()) << "a day ago by the system clock is two days ahead by Ada's";
    auto really_past =
        ada.peer().create_invitation(space->id, Role::Participant, ada.peer().now_ms() - 1, {"x"});
    ASSERT_FALSE(really_past.ok());
    EXPECT_EQ(really_past.error().code, ErrorCode::InvalidArgument);
}

// A 7-day invitation from a manager whose clock is 3 days behind works for a joiner whose clock
// is 5 days ahead (the code's expiry is already past by the joiner's clock: the joiner never
// judges it); one that expired by the admitting manager's clock is refused.
TEST(ClockSkew, InvitationExpiryIsTheAdmittingManagersCall) {
    auto ada = make_skewed("Ada", -3 * kDay);
    auto bob = make_skewed("Bob", 0);
    auto cy = make_skewed("Cy", 5 * kDay);
    auto dan = make_skewed("Dan", 0);
    auto space = ada.peer().create_space("Skewed");
    ASSERT_TRUE(space.ok());
    for (auto* joiner : {&bob, &cy}) {
        auto inv = ada.peer().create_invitation(space->id, Role::Participant,
                                                ada.peer().now_ms() + 7 * kDay, {"sim"});
        ASSERT_TRUE(inv.ok()) << inv.error().message;
        if (joiner == &cy) {
            auto code = decode_invitation_code(inv->code);
            ASSERT_TRUE(code.ok());
            EXPECT_LT(code->expires_ms(), cy.peer().now_ms()) << "past by the joiner's clock";
        }
        DirectPair pair(ada.peer(), joiner->peer());
        auto joined = pair.join(inv->code);
        ASSERT_TRUE(joined.ok()) << joiner->account.name << ": " << joined.error().message;
        pair.run();
    }

    // One hour of validity, then Ada's clock moves two hours on: expired by the admitter's clock.
    auto short_lived = ada.peer().create_invitation(space->id, Role::Participant,
                                                    ada.peer().now_ms() + kHour, {"sim"});
    ASSERT_TRUE(short_lived.ok());
    ada.offset->fetch_add(2 * kHour);
    {
        DirectPair pair(ada.peer(), dan.peer());
        auto joined = pair.join(short_lived->code);
        ASSERT_FALSE(joined.ok());
        EXPECT_EQ(joined.error().code, ErrorCode::PermissionDenied);
        EXPECT_NE(joined.error().message.find("expired"), std::string::npos)
            << joined.error().message;
    }
    // The refusal wrote nothing: Dan holds no space and the invitation is still unused.
    EXPECT_TRUE(dan.peer().list_spaces()->empty());
    auto invitations = ada.peer().list_invitations(space->id);
    ASSERT_TRUE(invitations.ok());
    std::size_t expired = 0, used = 0;
    for (const auto& v : *invitations) {
        expired += v.expired ? 1 : 0;
        used += v.used_by.empty() ? 0 : 1;
    }
    EXPECT_EQ(expired, 1u);
    EXPECT_EQ(used, 2u);
    EXPECT_EQ(ada.peer().get_space(space->id)->member_count, 3u);
}

// Order comes from Lamport clocks and ids: a reply written after reading a message is listed
// after it everywhere even when its author's clock is 8 days behind, and a later edit wins
// though its wall time is earlier.
TEST(ClockSkew, OrderAndEditsIgnoreWallClocks) {
    auto ada = make_skewed("Ada", -3 * kDay);
    auto cy = make_skewed("Cy", 5 * kDay);
    auto space = ada.peer().create_space("Order");
    ASSERT_TRUE(space.ok());
    auto inv = ada.peer().create_invitation(space->id, Role::Participant,
                                            ada.peer().now_ms() + 7 * kDay, {"sim"});
    ASSERT_TRUE(inv.ok());
    DirectPair pair(ada.peer(), cy.peer());
    ASSERT_TRUE(pair.join(inv->code).ok());
    pair.run();

    auto question = cy.peer().post_chat(space->id, "question (Cy, +5 days)");
    ASSERT_TRUE(question.ok());
    pair.run();
    auto answer = ada.peer().post_chat(space->id, "answer (Ada, -3 days)");
    ASSERT_TRUE(answer.ok());
    pair.run();
    EXPECT_LT(answer->posted_ms, question->posted_ms) << "the answer's wall time is earlier";
    for (auto* p : {&ada, &cy}) {
        auto ids = chat_ids(p->peer(), space->id);
        ASSERT_EQ(ids.size(), 2u);
        EXPECT_EQ(ids[0], question->id);
        EXPECT_EQ(ids[1], answer->id);
    }

    // Edits are ordered by Lamport clock too: Cy's two edits, written at the same wall time
    // plus jitter, the second after an hour's jump *back* on her clock, end as the second.
    ASSERT_TRUE(cy.peer().edit_chat(space->id, question->id, "first edit").ok());
    cy.offset->fetch_sub(kHour);
    ASSERT_TRUE(cy.peer().edit_chat(space->id, question->id, "second edit, clock set back").ok());
    pair.run();
    for (auto* p : {&ada, &cy}) {
        auto chat = p->peer().list_chat(space->id);
        ASSERT_TRUE(chat.ok());
        EXPECT_EQ(chat->front().text, "second edit, clock set back");
    }
    EXPECT_EQ(ada.peer().sync_status(space->id)->state_digest,
              cy.peer().sync_status(space->id)->state_digest);
}

// Seeded schedules with skews of -3 days, 0 and +5 days: concurrent posts and edits, drops,
// duplicates, reordering, partitions and heals; all must end equal with every acknowledged post.
class SkewedSchedules : public ::testing::TestWithParam<int> {};

TEST_P(SkewedSchedules, ConvergeWithDaysOfSkew) {
    std::vector<SkewedAccount> acc;
    acc.push_back(make_skewed("Ada", -3 * kDay));
    acc.push_back(make_skewed("Bob", 0));
    acc.push_back(make_skewed("Cy", 5 * kDay));
    for (int k = 0; k < 5; ++k) {
        const auto seed = static_cast<std::uint64_t>(1000 + GetParam() * 5 + k);
        SCOPED_TRACE("seed " + std::to_string(seed));
        Peer& ada = acc[0].peer();
        auto space = ada.create_space("skew " + std::to_string(seed));
        ASSERT_TRUE(space.ok());
        for (std::size_t j = 1; j < acc.size(); ++j) {
            auto inv = ada.create_invitation(space->id, Role::Participant, ada.now_ms() + 7 * kDay,
                                             {"sim"});
            ASSERT_TRUE(inv.ok());
            DirectPair pair(ada, acc[j].peer());
            auto joined = pair.join(inv->code);
            ASSERT_TRUE(joined.ok()) << joined.error().message;
        }
        std::vector<Peer*> peers;
        for (auto& a : acc) peers.push_back(&a.peer());
        grove::test::SimNetwork net(peers, seed, *fixed_from<16>(*from_hex(space->id)));
        std::uniform_real_distribution<double> u(0, 1);
        net.faults.drop = u(net.rng()) * 0.3;
        net.faults.duplicate = u(net.rng()) * 0.2;
        net.faults.reorder = u(net.rng()) < 0.6;
        net.faults.max_delay = static_cast<int>(u(net.rng()) * 6);

        std::vector<std::string> acknowledged;
        std::map<std::size_t, std::vector<std::string>> own;
        for (int step = 0; step < 400; ++step) {
            if (std::uniform_int_distribution<int>(0, 7)(net.rng()) != 0) {
                net.step();
                continue;
            }
            auto who = std::uniform_int_distribution<std::size_t>(0, peers.size() - 1)(net.rng());
            // Clocks also jump while the schedule runs (by up to an hour either way).
            acc[who].offset->fetch_add(
                std::uniform_int_distribution<std::int64_t>(-kHour, kHour)(net.rng()));
            if (!own[who].empty() && std::uniform_int_distribution<int>(0, 3)(net.rng()) == 0) {
                auto& mine = own[who];
                auto id =
                    mine[std::uniform_int_distribution<std::size_t>(0, mine.size() - 1)(net.rng())];
                (void)peers[who]->edit_chat(space->id, id, "edited at " + std::to_string(step));
            } else if (auto m = peers[who]->post_chat(space->id, "step " + std::to_string(step));
                       m.ok()) {
                acknowledged.push_back(m->id);
                own[who].push_back(m->id);
            }
        }
        for (std::size_t i = 0; i < peers.size(); ++i)
            EXPECT_FALSE(own[i].empty()) << "peer " << i << " wrote nothing in this schedule";
        ASSERT_GE(net.settle(), 0) << "did not converge";
        auto reference = chat_ids(*peers[0], space->id);
        for (std::size_t i = 0; i < peers.size(); ++i) {
            auto ids = chat_ids(*peers[i], space->id);
            EXPECT_EQ(ids, reference) << "peer " << i << " orders chat differently";
            std::set<std::string> have(ids.begin(), ids.end());
            for (const auto& id : acknowledged)
                ASSERT_TRUE(have.count(id)) << "peer " << i << " lacks acknowledged " << id;
        }
        // Put the clocks back where the schedule started.
        acc[0].offset->store(-3 * kDay);
        acc[1].offset->store(0);
        acc[2].offset->store(5 * kDay);
    }
}

INSTANTIATE_TEST_SUITE_P(Seeded, SkewedSchedules, ::testing::Range(0, 6));  // 30 schedules
