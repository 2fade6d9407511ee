// Removal bypass by back-dated administration: a removed manager (or a revoked device) that has
// not heard of its removal — an offline copy, a partition — invites and admits a new identity,
// changes roles or removes its remover, with Lamport stamps from before the removal. None of it
// may take effect, on any peer, in any delivery order; what it authored before its removal keeps
// its effect. Every peer is a real Peer; links are in-memory SyncSessions.
#include <gtest/gtest.h>

#include <optional>
#include <random>
#include <set>

#include "security_support.h"

using namespace grove;
using namespace grove::test;

namespace {

void sync(Account& a, Account& b) {
    DirectPair link(*a.peer, *b.peer);
    link.run();
}

std::vector<std::string> member_names(Account& a, const std::string& space) {
    std::vector<std::string> out;
    auto members = a.peer->list_members(space);
    if (members.ok())
        for (const auto& m : *members) out.push_back(m.display_name);
    std::sort(out.begin(), out.end());
    return out;
}

Role role_of(Account& a, const std::string& space, const std::string& name) {
    auto members = a.peer->list_members(space);
    EXPECT_TRUE(members.ok());
    if (members.ok())
        for (const auto& m : *members)
            if (m.display_name == name) return m.role;
    ADD_FAILURE() << name << " is not listed";
    return Role::Guest;
}

bool listed(Account& a, const std::string& space, const std::string& name) {
    auto names = member_names(a, space);
    return std::find(names.begin(), names.end(), name) != names.end();
}

std::vector<std::string> chat_texts(Peer& p, const std::string& space) {
    std::vector<std::string> out;
    auto chat = p.list_chat(space);
    if (chat.ok())
        for (const auto& m : *chat) out.push_back(m.text);
    return out;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

std::uint32_t epoch_of(Peer& p, const SpaceId& sid) {
    return with_space(p, sid, [](Space& s) { return s.current_epoch(); });
}

std::uint64_t lamport_of(Peer& p, const SpaceId& sid) {
    return with_space(p, sid, [](Space& s) { return s.max_lamport(); });
}

// Every epoch `p` knows a holder of (the genesis epoch and each one the log started).
std::set<std::uint32_t> epochs_known(Peer& p, const SpaceId& sid) {
    return with_space(p, sid, [](Space& s) {
        std::set<std::uint32_t> out;
        for (const auto& [epoch, holders] : s.key_holders()) out.insert(epoch);
        return out;
    });
}

// Whether any delta `p` stores seals a key of one of `epochs` to `device` (hex).
bool wraps_key_to(Peer& p, const SpaceId& sid, const std::string& device_hex,
                  const std::set<std::uint32_t>& epochs) {
    const std::string device = to_string(*from_hex(device_hex));
    for (const auto& s : stored_deltas(p, sid)) {
        auto d = decode_delta(s);
        if (!d.ok()) continue;
        for (const auto& w : d->header.epoch_keys()) {
            const auto epoch = w.epoch() ? w.epoch() : d->header.epoch();
            if (w.device() == device && epochs.count(epoch)) return true;
        }
    }
    return false;
}

bool holds_any_key(Peer& p, const SpaceId& sid, const std::set<std::uint32_t>& epochs) {
    if (!p.get_space(to_hex(sid)).ok()) return false;
    return with_space(p, sid, [&](Space& s) {
        for (auto e : epochs)
            if (s.epoch_key(e)) return true;
        return false;
    });
}

// Ada (manager, creator), Bob (participant), Cy (participant) and Mal (manager) share a space.
struct Space4 {
    Account ada = make_account("Ada");
    Account bob = make_account("Bob");
    Account cy = make_account("Cy");
    Account mal = make_account("Mal");
    std::string space;
    SpaceId sid{};

    Space4() {
        auto s = ada.peer->create_space("Four");
        EXPECT_TRUE(s.ok());
        space = s->id;
        sid = space_id(space);
        join(bob, Role::Participant);
        join(cy, Role::Participant);
        join(mal, Role::Manager);
        sync_all();
    }
    void join(Account& who, Role role) {
        auto inv = ada.peer->create_invitation(space, role, wall_ms() + 86'400'000, {"x:1"});
        ASSERT_TRUE(inv.ok()) << inv.error().message;
        DirectPair link(*ada.peer, *who.peer);
        auto joined = link.join(inv->code);
        ASSERT_TRUE(joined.ok()) << joined.error().message;
        link.run();
    }
    void sync_all() {
        for (int round = 0; round < 2; ++round)
            for (Account* other : {&bob, &cy, &mal}) sync(ada, *other);
    }
    // The members' clocks run ahead while Mal is away (as they do over a day of chat): Mal's
    // next stamps are from before whatever comes next.
    void chat_while_away(int posts = 5) {
        for (int i = 0; i < posts; ++i)
            ASSERT_TRUE(ada.peer->post_chat(space, "chat " + std::to_string(i)).ok());
    }
};

// `who` (a peer that has not heard of its removal) invites and admits `newcomer` through itself.
void admit_through(Account& who, Account& newcomer, const std::string& space) {
    auto inv = who.peer->create_invitation(space, Role::Manager, wall_ms() + 86'400'000, {"x:1"});
    ASSERT_TRUE(inv.ok()) << inv.error().message;
    DirectPair link(*who.peer, *newcomer.peer);
    auto joined = link.join(inv->code);
    ASSERT_TRUE(joined.ok()) << joined.error().message;
    link.run();
}

}  // namespace

TEST(RemovalBypass, RemovedManagersOfflineCopyCannotAdmitAnyone) {
    Space4 t;
    auto xena = make_account("Xena");
    const std::string xena_device = xena.peer->account()->device_id;
    t.chat_while_away();
    for (Account* other : {&t.bob, &t.cy}) sync(t.ada, *other);
    const auto before = epochs_known(*t.ada.peer, t.sid);
    // Ada removes Mal and posts a secret; Mal (offline, a copy of its profile) never hears of it.
    ASSERT_TRUE(t.ada.peer->remove_member(t.space, "Mal").ok());
    const auto removal_lamport = lamport_of(*t.ada.peer, t.sid);
    ASSERT_TRUE(t.ada.peer->post_chat(t.space, "secret after the removal").ok());
    sync(t.ada, t.bob);
    // Mal's copy invites Xena and admits her, stamped from before the removal.
    admit_through(t.mal, xena, t.space);
    ASSERT_LT(lamport_of(*t.mal.peer, t.sid), removal_lamport) << "the admission is back-dated";
    // Mal reaches Bob, Xena reaches everyone; gossip until quiet.
    for (int round = 0; round < 3; ++round) {
        sync(t.mal, t.bob);
        sync(t.bob, t.ada);
        sync(t.ada, t.cy);
        for (Account* a : {&t.ada, &t.bob, &t.cy}) sync(*a, xena);
    }
    const auto after = [&] {
        std::set<std::uint32_t> out;
        for (auto e : epochs_known(*t.ada.peer, t.sid))
            if (!before.count(e)) out.insert(e);
        return out;
    }();
    ASSERT_FALSE(after.empty());
    for (Account* a : {&t.ada, &t.bob, &t.cy}) {
        EXPECT_FALSE(listed(*a, t.space, "Xena")) << a->peer->account()->display_name;
        EXPECT_FALSE(listed(*a, t.space, "Mal"));
        EXPECT_FALSE(wraps_key_to(*a->peer, t.sid, xena_device, after))
            << a->peer->account()->display_name << " sealed a post-removal key to Xena";
        EXPECT_EQ(state(*a->peer, t.space), state(*t.ada.peer, t.space));
    }
    EXPECT_FALSE(holds_any_key(*xena.peer, t.sid, after));
    EXPECT_FALSE(contains(chat_texts(*xena.peer, t.space), "secret after the removal"));
    // A later removal by a member who has seen both the removal and Mal's void operations is
    // not caught up in them: it takes effect.
    ASSERT_TRUE(t.ada.peer->remove_member(t.space, "Cy").ok());
    sync(t.ada, t.bob);
    EXPECT_EQ(member_names(t.bob, t.space), (std::vector<std::string>{"Ada", "Bob"}));
    EXPECT_EQ(state(*t.bob.peer, t.space), state(*t.ada.peer, t.space));
}

TEST(RemovalBypass, RevokedDevicesOfflineCopyCannotAdmitAnyone) {
    Space4 t;
    auto laptop = pair_new_device(*t.ada.peer);
    ASSERT_TRUE(laptop.ok()) << laptop.error().message;
    Account stolen;
    stolen.dir = std::move(laptop->dir);
    stolen.peer = std::move(laptop->peer);
    sync(t.ada, stolen);
    t.sync_all();
    auto xena = make_account("Xena");
    const std::string xena_device = xena.peer->account()->device_id;
    t.chat_while_away();
    for (Account* other : {&t.bob, &t.cy}) sync(t.ada, *other);
    const auto before = epochs_known(*t.ada.peer, t.sid);
    ASSERT_TRUE(t.ada.peer->revoke_device(stolen.peer->account()->device_id).ok());
    const auto revocation_lamport = lamport_of(*t.ada.peer, t.sid);
    ASSERT_TRUE(t.ada.peer->post_chat(t.space, "secret after the revocation").ok());
    sync(t.ada, t.bob);
    // The thief's copy of the laptop, not having heard, admits Xena as Ada.
    admit_through(stolen, xena, t.space);
    ASSERT_LT(lamport_of(*stolen.peer, t.sid), revocation_lamport);
    for (int round = 0; round < 3; ++round) {
        sync(stolen, t.bob);
        sync(t.bob, t.ada);
        sync(t.ada, t.cy);
        for (Account* a : {&t.ada, &t.bob, &t.cy}) sync(*a, xena);
    }
    std::set<std::uint32_t> after;
    for (auto e : epochs_known(*t.ada.peer, t.sid))
        if (!before.count(e)) after.insert(e);
    ASSERT_FALSE(after.empty());
    for (Account* a : {&t.ada, &t.bob, &t.cy}) {
        EXPECT_FALSE(listed(*a, t.space, "Xena")) << a->peer->account()->display_name;
        EXPECT_TRUE(listed(*a, t.space, "Ada"));
        EXPECT_FALSE(wraps_key_to(*a->peer, t.sid, xena_device, after));
        EXPECT_EQ(state(*a->peer, t.space), state(*t.ada.peer, t.space));
    }
    EXPECT_FALSE(holds_any_key(*xena.peer, t.sid, after));
    EXPECT_FALSE(contains(chat_texts(*xena.peer, t.space), "secret after the revocation"));
}

// What Mal does while (unknown to it) Ada removes it.
enum class MalDoes { AdmitXena, PromoteBob, RemoveAda };

class ConcurrentRemoval : public ::testing::TestWithParam<std::tuple<MalDoes, bool>> {};

TEST_P(ConcurrentRemoval, NothingMalDidAfterItsRemovalTakesEffectInEitherOrder) {
    const auto [action, removal_first] = GetParam();
    Space4 t;
    auto xena = make_account("Xena");
    t.chat_while_away();
    for (Account* other : {&t.bob, &t.cy}) sync(t.ada, *other);
    ASSERT_TRUE(t.ada.peer->remove_member(t.space, "Mal").ok());
    switch (action) {
        case MalDoes::AdmitXena:
            admit_through(t.mal, xena, t.space);
            break;
        case MalDoes::PromoteBob:
            ASSERT_TRUE(t.mal.peer->change_role(t.space, "Bob", Role::Manager).ok());
            break;
        case MalDoes::RemoveAda:
            ASSERT_TRUE(t.mal.peer->remove_member(t.space, "Ada").ok());
            break;
    }
    // Bob hears one side first, Cy the other.
    if (removal_first) {
        sync(t.ada, t.bob);
        sync(t.mal, t.bob);
        sync(t.mal, t.cy);
        sync(t.ada, t.cy);
    } else {
        sync(t.mal, t.bob);
        sync(t.ada, t.bob);
        sync(t.ada, t.cy);
        sync(t.mal, t.cy);
    }
    for (int round = 0; round < 2; ++round) {
        sync(t.ada, t.bob);
        sync(t.bob, t.cy);
        sync(t.ada, t.cy);
    }
    for (Account* a : {&t.bob, &t.cy}) {
        const auto who = a->peer->account()->display_name;
        EXPECT_FALSE(listed(*a, t.space, "Mal")) << who;
        EXPECT_FALSE(listed(*a, t.space, "Xena")) << who;
        if (action == MalDoes::PromoteBob) {
            EXPECT_EQ(role_of(*a, t.space, "Bob"), Role::Participant) << who;
        }
        if (action == MalDoes::RemoveAda) {
            // A removal of one's remover concurrent with one's own removal: both take effect
            // (they cannot be told from an honest conflict, and Mal must not stay).
            EXPECT_FALSE(listed(*a, t.space, "Ada")) << who;
        } else {
            EXPECT_TRUE(listed(*a, t.space, "Ada")) << who;
            EXPECT_EQ(role_of(*a, t.space, "Ada"), Role::Manager) << who;
        }
    }
    EXPECT_EQ(state(*t.bob.peer, t.space), state(*t.cy.peer, t.space));
    if (action != MalDoes::RemoveAda) {
        EXPECT_EQ(state(*t.ada.peer, t.space), state(*t.bob.peer, t.space));
    }
}

std::string case_name(const ::testing::TestParamInfo<std::tuple<MalDoes, bool>>& info) {
    static const char* const kWhat[] = {"AdmitXena", "PromoteBob", "RemoveAda"};
    return std::string(kWhat[static_cast<int>(std::get<0>(info.param))]) +
           (std::get<1>(info.param) ? "RemovalFirst" : "MalFirst");
}

INSTANTIATE_TEST_SUITE_P(BothOrders, ConcurrentRemoval,
                         ::testing::Combine(::testing::Values(MalDoes::AdmitXena,
                                                              MalDoes::PromoteBob,
                                                              MalDoes::RemoveAda),
                                            ::testing::Bool()),
                         case_name);

TEST(RemovalBypass, PartitionedPeersConvergeOnTheSameAdministration) {
    Space4 t;
    auto xena = make_account("Xena");
    t.chat_while_away();
    sync(t.ada, t.bob);  // Cy stays behind: Mal's side of the partition
    ASSERT_TRUE(t.ada.peer->remove_member(t.space, "Mal").ok());
    ASSERT_TRUE(t.ada.peer->post_chat(t.space, "after the removal").ok());
    admit_through(t.mal, xena, t.space);
    ASSERT_TRUE(t.mal.peer->change_role(t.space, "Cy", Role::Manager).ok());
    // Cy gets Mal's back-dated operations before the removal; Bob after it.
    sync(t.mal, t.cy);
    if (auto members = t.cy.peer->list_members(t.space); members.ok())
        EXPECT_EQ(members->size(), 5u) << "before the removal Cy sees Mal's admission";
    sync(t.ada, t.bob);
    sync(t.mal, t.bob);
    // Xena and Cy act on what they believe (Cy as a manager, Xena as a member).
    (void)t.cy.peer->post_chat(t.space, "cy believes it manages");
    for (int round = 0; round < 3; ++round) {
        sync(t.cy, xena);
        sync(t.bob, t.cy);
        sync(t.ada, t.cy);
        sync(t.ada, t.bob);
        sync(t.ada, xena);
    }
    const auto digest = state(*t.ada.peer, t.space);
    for (Account* a : {&t.ada, &t.bob, &t.cy}) {
        const auto who = a->peer->account()->display_name;
        EXPECT_EQ(state(*a->peer, t.space), digest) << who;
        EXPECT_EQ(heads(*a->peer, t.space), heads(*t.ada.peer, t.space)) << who;
        EXPECT_EQ(member_names(*a, t.space), (std::vector<std::string>{"Ada", "Bob", "Cy"})) << who;
        EXPECT_EQ(role_of(*a, t.space, "Cy"), Role::Participant) << who;
        EXPECT_EQ(epoch_of(*a->peer, t.sid), epoch_of(*t.ada.peer, t.sid)) << who;
        EXPECT_TRUE(contains(chat_texts(*a->peer, t.space), "after the removal")) << who;
    }
}

TEST(RemovalBypass, WhatTheRemovedManagerDidBeforeItsRemovalStands) {
    Space4 t;
    auto xena = make_account("Xena");
    admit_through(t.mal, xena, t.space);
    ASSERT_TRUE(t.mal.peer->change_role(t.space, "Cy", Role::Manager).ok());
    sync(t.mal, t.ada);
    // The removal saw all of it.
    ASSERT_TRUE(t.ada.peer->remove_member(t.space, "Mal").ok());
    const auto epoch = epoch_of(*t.ada.peer, t.sid);
    ASSERT_TRUE(t.ada.peer->post_chat(t.space, "after the removal").ok());
    for (int round = 0; round < 2; ++round)
        for (Account* a : {&t.bob, &t.cy, &xena, &t.mal}) sync(t.ada, *a);
    for (Account* a : {&t.ada, &t.bob, &t.cy}) {
        EXPECT_EQ(member_names(*a, t.space),
                  (std::vector<std::string>{"Ada", "Bob", "Cy", "Xena"}));
        EXPECT_EQ(role_of(*a, t.space, "Cy"), Role::Manager);
    }
    EXPECT_TRUE(with_space(*xena.peer, t.sid, [&](Space& s) { return s.epoch_key(epoch); }));
    EXPECT_TRUE(contains(chat_texts(*xena.peer, t.space), "after the removal"));
    EXPECT_FALSE(t.mal.peer->get_space(t.space).ok());
}

TEST(RemovalBypass, RemovedMembersInvitationAdmitsNobody) {
    Space4 t;
    auto inv =
        t.mal.peer->create_invitation(t.space, Role::Participant, wall_ms() + 86'400'000, {"x:1"});
    ASSERT_TRUE(inv.ok());
    sync(t.mal, t.ada);
    ASSERT_TRUE(t.ada.peer->remove_member(t.space, "Mal").ok());
    // Mal hands the code it kept to Xena, who asks Ada's device to let her in.
    auto xena = make_account("Xena");
    DirectPair link(*t.ada.peer, *xena.peer);
    EXPECT_FALSE(link.join(inv->code).ok());
    EXPECT_FALSE(listed(t.ada, t.space, "Xena"));
}

TEST(RemovalBypass, ACurrentKeyHandedToAVoidAdmissionIsRotatedAway) {
    Space4 t;
    auto xena = make_account("Xena");
    t.chat_while_away();
    sync(t.ada, t.bob);
    ASSERT_TRUE(t.ada.peer->remove_member(t.space, "Mal").ok());
    const auto removal_lamport = lamport_of(*t.ada.peer, t.sid);
    admit_through(t.mal, xena, t.space);
    // Cy hears of Xena's admission, not of the removal, and — its clock ahead — rotates: the
    // new key is sealed to every device Cy believes active, Xena's included, and Cy's epoch
    // comes canonically after the removal's.
    sync(t.mal, t.cy);
    for (int i = 0; i < 12; ++i) ASSERT_TRUE(t.cy.peer->post_chat(t.space, "cy talks").ok());
    ASSERT_GT(lamport_of(*t.cy.peer, t.sid), removal_lamport);
    auto& cy_journal = t.cy.peer->journal();
    auto rotated = cy_journal.mutate(t.sid, [&](Space& space, auto& events) -> grove::Result<void> {
        auto draft = cy_journal.rotate_epoch_draft(space);
        if (!draft.ok()) return draft.error();
        auto ids = cy_journal.submit(space, std::span(&*draft, 1), events);
        if (!ids.ok()) return ids.error();
        return {};
    });
    ASSERT_TRUE(rotated.ok()) << rotated.error().message;
    const std::uint32_t cy_epoch = epoch_of(*t.cy.peer, t.sid);
    sync(t.cy, xena);
    ASSERT_TRUE(with_space(*xena.peer, t.sid, [&](Space& s) { return s.epoch_key(cy_epoch); }));
    for (int round = 0; round < 3; ++round) {
        sync(t.ada, t.cy);
        sync(t.ada, t.bob);
        sync(t.bob, t.cy);
    }
    // Cy's epoch was current in the fold and Xena holds it: a manager rotated it away.
    const auto current = epoch_of(*t.ada.peer, t.sid);
    EXPECT_NE(current, cy_epoch);
    for (Account* a : {&t.bob, &t.cy}) EXPECT_EQ(epoch_of(*a->peer, t.sid), current);
    ASSERT_TRUE(t.ada.peer->post_chat(t.space, "after the rotation").ok());
    for (Account* a : {&t.bob, &t.cy}) sync(t.ada, *a);
    sync(t.cy, xena);
    EXPECT_FALSE(with_space(*xena.peer, t.sid, [&](Space& s) { return s.epoch_key(current); }));
    EXPECT_FALSE(contains(chat_texts(*xena.peer, t.space), "after the rotation"));
    EXPECT_TRUE(contains(chat_texts(*t.cy.peer, t.space), "after the rotation"));
    EXPECT_FALSE(listed(t.cy, t.space, "Xena"));
}

TEST(RemovalBypass, AMemberAdmittedAgainAfterItsRemovalActsAnew) {
    Space4 t;
    ASSERT_TRUE(t.ada.peer->remove_member(t.space, "Mal").ok());
    sync(t.ada, t.mal);
    ASSERT_FALSE(t.mal.peer->get_space(t.space).ok());
    // Ada invites Mal back; what Mal does now follows its removal and stands.
    t.join(t.mal, Role::Manager);
    auto xena = make_account("Xena");
    admit_through(t.mal, xena, t.space);
    ASSERT_TRUE(t.mal.peer->change_role(t.space, "Bob", Role::Manager).ok());
    for (int round = 0; round < 2; ++round)
        for (Account* a : {&t.mal, &t.bob, &t.cy}) sync(t.ada, *a);
    for (Account* a : {&t.ada, &t.bob, &t.cy}) {
        EXPECT_EQ(member_names(*a, t.space),
                  (std::vector<std::string>{"Ada", "Bob", "Cy", "Mal", "Xena"}));
        EXPECT_EQ(role_of(*a, t.space, "Bob"), Role::Manager);
        EXPECT_EQ(state(*a->peer, t.space), state(*t.ada.peer, t.space));
    }
}

TEST(RemovalBypass, EveryDeliveryOrderFoldsToTheSameAdministration) {
    Space4 t;
    auto xena = make_account("Xena");
    t.chat_while_away();
    sync(t.ada, t.bob);
    // Ada removes Mal; Mal, not having heard, admits Xena, promotes Cy and removes Ada.
    ASSERT_TRUE(t.ada.peer->remove_member(t.space, "Mal").ok());
    ASSERT_TRUE(t.bob.peer->post_chat(t.space, "bob, unaware").ok());
    admit_through(t.mal, xena, t.space);
    ASSERT_TRUE(t.mal.peer->change_role(t.space, "Cy", Role::Manager).ok());
    ASSERT_TRUE(t.mal.peer->remove_member(t.space, "Ada").ok());
    // Every delta either side wrote, and every key, in one pile.
    std::map<DeltaId, DecodedDelta> pile;
    std::map<std::uint32_t, crypto::SymmetricKey> keys;
    for (Account* a : {&t.ada, &t.bob, &t.mal, &xena}) {
        for (const auto& s : stored_deltas(*a->peer, t.sid)) {
            auto d = decode_delta(s);
            ASSERT_TRUE(d.ok());
            pile.emplace(d->id, std::move(d).value());
        }
        with_space(*a->peer, t.sid, [&](Space& s) {
            for (const auto& [epoch, key] : s.epoch_keys())
                keys.emplace(epoch, crypto::symmetric_key_from(key.view()));
        });
    }
    std::optional<crypto::Hash> first;
    std::vector<std::string> names;
    for (std::uint32_t seed = 1; seed <= 40; ++seed) {
        std::mt19937 rng(seed);
        Space space(t.sid);
        for (const auto& [epoch, key] : keys)
            space.add_epoch_key(epoch, crypto::symmetric_key_from(key.view()));
        std::vector<const DecodedDelta*> waiting;
        for (const auto& [id, d] : pile) waiting.push_back(&d);
        for (bool progress = true; progress && !waiting.empty();) {
            progress = false;
            std::vector<std::size_t> ready;
            for (std::size_t i = 0; i < waiting.size(); ++i) {
                auto r = space.readiness(*waiting[i]);
                if (r.ok() && *r == Space::Readiness::Ready) ready.push_back(i);
            }
            if (ready.empty()) break;
            const std::size_t pick = ready[rng() % ready.size()];
            ASSERT_TRUE(space.apply(*waiting[pick]).ok());
            waiting.erase(waiting.begin() + static_cast<std::ptrdiff_t>(pick));
            progress = true;
        }
        EXPECT_TRUE(waiting.empty()) << "seed " << seed << ": " << waiting.size() << " unapplied";
        const auto digest = space.state_digest();
        if (!first) {
            first = digest;
            for (const auto* m : space.membership().active())
                names.push_back(m->card.display_name());
        }
        EXPECT_EQ(digest, *first) << "seed " << seed;
    }
    // Ada's and Mal's removals exclude each other: both leave; Mal's admission and promotion are
    // void.
    std::sort(names.begin(), names.end());
    EXPECT_EQ(names, (std::vector<std::string>{"Bob", "Cy"}));
}

TEST(RemovalBypass, AStolenDeviceRevokingItsOwnersDeviceIsRevokedToo) {
    Space4 t;
    auto laptop = pair_new_device(*t.ada.peer);
    ASSERT_TRUE(laptop.ok()) << laptop.error().message;
    Account stolen;
    stolen.dir = std::move(laptop->dir);
    stolen.peer = std::move(laptop->peer);
    sync(t.ada, stolen);
    t.sync_all();
    const auto stolen_key = identity_of(*stolen.peer).device_sign.public_key;
    const auto phone_key = identity_of(*t.ada.peer).device_sign.public_key;
    t.chat_while_away();
    // Ada revokes the laptop from her phone; the thief, not having heard, revokes the phone.
    ASSERT_TRUE(t.ada.peer->revoke_device(stolen.peer->account()->device_id).ok());
    ASSERT_TRUE(stolen.peer->revoke_device(t.ada.peer->account()->device_id).ok());
    sync(stolen, t.bob);
    sync(t.ada, t.cy);
    for (int round = 0; round < 2; ++round) {
        sync(t.bob, t.cy);
        sync(t.ada, t.bob);
    }
    // The two revocations exclude each other's authors: both take effect, alike everywhere —
    // the thief's device is out, whatever it did concurrently.
    for (Account* a : {&t.bob, &t.cy}) {
        with_space(*a->peer, t.sid, [&](Space& s) {
            EXPECT_TRUE(s.membership().device_revoked(stolen_key));
            EXPECT_TRUE(s.membership().device_revoked(phone_key));
            EXPECT_EQ(s.membership().by_device(stolen_key), nullptr);
        });
        EXPECT_TRUE(listed(*a, t.space, "Ada"));
    }
    EXPECT_EQ(state(*t.bob.peer, t.space), state(*t.cy.peer, t.space));
}

TEST(RemovalBypass, ARemovedManagerCannotTakeAThirdMemberDownWithIt) {
    Space4 t;
    ASSERT_TRUE(t.ada.peer->change_role(t.space, "Bob", Role::Manager).ok());
    t.sync_all();
    // Mal goes offline. Ada keeps administering (an invitation); Bob sees it, then removes Mal.
    ASSERT_TRUE(
        t.ada.peer->create_invitation(t.space, Role::Guest, wall_ms() + 86'400'000, {"x:1"}).ok());
    sync(t.ada, t.bob);
    ASSERT_TRUE(t.bob.peer->remove_member(t.space, "Mal").ok());
    // Mal's copy, not having heard, removes Ada.
    ASSERT_TRUE(t.mal.peer->remove_member(t.space, "Ada").ok());
    sync(t.mal, t.cy);
    for (int round = 0; round < 2; ++round) {
        sync(t.bob, t.cy);
        sync(t.ada, t.bob);
        sync(t.ada, t.cy);
    }
    // Bob's removal of Mal rests on nothing Ada did: Mal's removal of Ada is void, not a conflict.
    for (Account* a : {&t.ada, &t.bob, &t.cy}) {
        const auto who = a->peer->account()->display_name;
        EXPECT_EQ(member_names(*a, t.space), (std::vector<std::string>{"Ada", "Bob", "Cy"})) << who;
        EXPECT_EQ(state(*a->peer, t.space), state(*t.bob.peer, t.space)) << who;
    }
}
