// Seeded, reproducible fault schedules over the in-memory transport: every one must end with
// equal heads and state digests on every peer and every acknowledged change present.
#include <gtest/gtest.h>

#include <set>

#include "direct_pair.h"
#include "sim_network.h"

using namespace grove;
using namespace grove::platform;
using grove::test::in_days;

namespace {

constexpr int kSeedsPerGroup = 10;
constexpr int kGroups = 20;  // 200 schedules

class Schedules : public ::testing::TestWithParam<int> {
protected:
    static void SetUpTestSuite() {
        for (const char* name : {"Ada", "Bob", "Cy"})
            accounts().push_back(grove::test::make_account(name));
    }
    static void TearDownTestSuite() { accounts().clear(); }
    static std::vector<grove::test::TestAccount>& accounts() {
        static std::vector<grove::test::TestAccount> a;
        return a;
    }
};

void run_schedule(std::uint64_t seed, std::vector<grove::test::TestAccount>& acc) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    Peer& ada = *acc[0].peer;
    auto space = ada.create_space("s" + std::to_string(seed));
    ASSERT_TRUE(space.ok());
    for (std::size_t j = 1; j < acc.size(); ++j) {
        auto inv = ada.create_invitation(space->id, Role::Participant, in_days(1), {"sim"});
        ASSERT_TRUE(inv.ok());
        grove::test::DirectPair pair(ada, *acc[j].peer);
        auto joined = pair.join(inv->code);
        ASSERT_TRUE(joined.ok()) << joined.error().message;
    }
    auto sid = *fixed_from<16>(*from_hex(space->id));
    std::vector<Peer*> peers;
    for (auto& a : acc) peers.push_back(a.peer.get());
    grove::test::SimNetwork net(peers, seed, sid);
    std::uniform_real_distribution<double> u(0, 1);
    net.faults.drop = u(net.rng()) * 0.3;
    net.faults.duplicate = u(net.rng()) * 0.2;
    net.faults.reorder = u(net.rng()) < 0.6;
    net.faults.max_delay = static_cast<int>(u(net.rng()) * 6);

    std::vector<std::string> acknowledged;
    std::map<std::size_t, std::vector<std::string>> own;  // messages each peer wrote
    for (int step = 0; step < 400; ++step) {
        if (std::uniform_int_distribution<int>(0, 9)(net.rng()) == 0) {
            std::size_t who = std::uniform_int_distribution<std::size_t>(0, peers.size() - 1)(net.rng());
            bool edit = !own[who].empty() && std::uniform_int_distribution<int>(0, 3)(net.rng()) == 0;
            if (edit) {
                auto& mine = own[who];
                auto id = mine[std::uniform_int_distribution<std::size_t>(0, mine.size() - 1)(net.rng())];
                (void)peers[who]->edit_chat(space->id, id, "edited at " + std::to_string(step));
            } else {
                auto m = peers[who]->post_chat(space->id, "step " + std::to_string(step));
                if (m.ok()) {  // a joiner without history yet cannot write: that is not an ack
                    acknowledged.push_back(m->id);
                    own[who].push_back(m->id);
                }
            }
        } else {
            net.step();
        }
    }
    int rounds = net.settle();
    ASSERT_GE(rounds, 0) << "did not converge (drop " << net.faults.drop << ")";
    for (std::size_t i = 0; i < peers.size(); ++i) {
        auto chat = peers[i]->list_chat(space->id);
        ASSERT_TRUE(chat.ok());
        std::set<std::string> ids;
        for (const auto& m : *chat) ids.insert(m.id);
        for (const auto& id : acknowledged)
            ASSERT_TRUE(ids.count(id)) << "peer " << i << " lacks acknowledged " << id;
    }
}

}  // namespace

TEST_P(Schedules, ConvergeUnderFaults) {
    for (int k = 0; k < kSeedsPerGroup; ++k) {
        run_schedule(static_cast<std::uint64_t>(GetParam() * kSeedsPerGroup + k + 1), accounts());
        if (HasFatalFailure()) return;
    }
}

INSTANTIATE_TEST_SUITE_P(Seeded, Schedules, ::testing::Range(0, kGroups));
