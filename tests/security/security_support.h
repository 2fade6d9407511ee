// Helpers of the attack suite: accounts in temporary profiles, a three-member space (manager,
// participant, guest), in-memory links, and tools to author, forge and re-seal deltas exactly as
// a malicious member or a key thief could — then feed them to the real ingest path.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>

#include "core/account_vault.h"
#include "core/invitation_code.h"
#include "core/peer.h"
#include "core/replicator.h"
#include "core/space_journal.h"
#include "crypto/primitives.h"
#include "grove_test/temp_dir.h"
#include "net/sync_session.h"

namespace grove::test {

using namespace grove::platform;
namespace sp = grove::space::v1;
using grove::wire::v1::SealedDelta;

inline constexpr const char* kPassphrase = "correct horse battery";

struct Account {
    std::unique_ptr<TempDir> dir = std::make_unique<TempDir>();
    std::unique_ptr<Peer> peer;
    std::filesystem::path profile() const { return dir->path() / "profile"; }
};

inline Account make_account(const std::string& name) {
    Account a;
    auto peer = Peer::open(a.profile());
    EXPECT_TRUE(peer.ok()) << peer.error().message;
    a.peer = std::move(peer).value();
    auto info = a.peer->create_account(name, kPassphrase);
    EXPECT_TRUE(info.ok()) << info.error().message;
    return a;
}

inline std::int64_t wall_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// Two SyncSessions back to back with perfect in-memory delivery.
class DirectPair {
public:
    DirectPair(Peer& a, Peer& b) : ra_(a), rb_(b) {
        auto binding = crypto::random_array<32>();
        sa_ = std::make_unique<platform::net::SyncSession>(
            ra_, rb_.device(), binding,
            [this](grove::net::v1::LinkMessage&& m) { to_b_.push_back(std::move(m)); });
        sb_ = std::make_unique<platform::net::SyncSession>(
            rb_, ra_.device(), binding,
            [this](grove::net::v1::LinkMessage&& m) { to_a_.push_back(std::move(m)); });
    }
    void run(int max_rounds = 1000) {
        for (int i = 0; i < max_rounds; ++i) {
            auto pa = sa_->pump();
            auto pb = sb_->pump();
            bool more = (pa.ok() && *pa) || (pb.ok() && *pb);
            if (to_a_.empty() && to_b_.empty() && !more) return;
            while (!to_b_.empty()) {
                auto m = std::move(to_b_.front());
                to_b_.pop_front();
                EXPECT_TRUE(sb_->handle(m).ok());
            }
            while (!to_a_.empty()) {
                auto m = std::move(to_a_.front());
                to_a_.pop_front();
                EXPECT_TRUE(sa_->handle(m).ok());
            }
        }
        ADD_FAILURE() << "DirectPair did not go quiet";
    }
    Result<SpaceSummary> join(const std::string& code) {
        auto parsed = decode_invitation_code(code);
        if (!parsed.ok()) return parsed.error();
        return join(*parsed);
    }
    Result<SpaceSummary> join(const grove::net::v1::InvitationCode& code) {
        std::optional<Result<SpaceSummary>> outcome;
        auto started =
            sb_->start_join(code, [&](Result<SpaceSummary> r) { outcome = std::move(r); });
        if (!started.ok()) return started.error();
        run();
        if (!outcome) return make_error(ErrorCode::Unavailable, "no join response");
        return *outcome;
    }
    platform::net::SyncSession& a() { return *sa_; }
    platform::net::SyncSession& b() { return *sb_; }

private:
    Replicator ra_, rb_;
    std::unique_ptr<platform::net::SyncSession> sa_, sb_;
    std::deque<grove::net::v1::LinkMessage> to_a_, to_b_;
};

// The account's identity (it lives while the account stays unlocked).
inline const LocalIdentity& identity_of(Peer& p) {
    const LocalIdentity* identity = nullptr;
    auto read = p.journal().read_account([&](const UnlockedAccount& a) { identity = &a.identity; });
    EXPECT_TRUE(read.ok()) << read.error().message;
    return *identity;
}

inline SpaceId space_id(const std::string& hex) {
    auto raw = from_hex(hex);
    EXPECT_TRUE(raw && raw->size() == kSpaceIdSize);
    return *fixed_from<kSpaceIdSize>(*raw);
}

// Runs `f(Space&)` under the peer's lock (through its SpaceJournal) and returns what it returns.
template <class F>
auto with_space(Peer& p, const SpaceId& id, F f) {
    using Out = std::invoke_result_t<F&, Space&>;
    std::optional<std::conditional_t<std::is_void_v<Out>, bool, Out>> out;
    auto done = p.journal().mutate(id, [&](Space& s, std::vector<SpaceEvent>&) -> Result<void> {
        if constexpr (std::is_void_v<Out>) {
            f(s);
            out = true;
        } else {
            out.emplace(f(s));
        }
        return {};
    });
    EXPECT_TRUE(done.ok()) << done.error().message;
    if constexpr (!std::is_void_v<Out>) return std::move(out).value();
}

inline crypto::SymmetricKey epoch_key_of(Peer& p, const SpaceId& id, std::uint32_t epoch = 1) {
    return with_space(p, id, [&](Space& s) {
        const crypto::SymmetricKey* k = s.epoch_key(epoch);
        EXPECT_NE(k, nullptr);
        return crypto::symmetric_key_from(k->view());
    });
}

inline Space::Draft chat_post(const std::string& text) {
    sp::ChatOp op;
    op.mutable_post()->set_text(text);
    return {grove::wire::v1::DELTA_KIND_CHAT, {}, to_bytes(op.SerializeAsString())};
}
inline Space::Draft chat_delete(const std::string& message_id_hex) {
    sp::ChatOp op;
    op.mutable_delete_()->set_message_id(to_string(*from_hex(message_id_hex)));
    return {grove::wire::v1::DELTA_KIND_CHAT, {}, to_bytes(op.SerializeAsString())};
}
inline Space::Draft space_op(const sp::SpaceOp& op) {
    return {grove::wire::v1::DELTA_KIND_SPACE, {}, to_bytes(op.SerializeAsString())};
}

// Authors deltas as `who` against `view`'s current state of the space (heads, Lamport clock,
// `who`'s chain) — what a member (or anyone holding the content key) can produce. Not applied.
inline std::vector<DecodedDelta> author_as(Peer& view, const SpaceId& id, const LocalIdentity& who,
                                           std::vector<Space::Draft> drafts) {
    return with_space(view, id, [&](Space& s) {
        return s.author(who, std::span<const Space::Draft>(drafts), wall_ms());
    });
}

inline std::vector<SealedDelta> sealed_of(const std::vector<DecodedDelta>& ds) {
    std::vector<SealedDelta> out;
    for (const auto& d : ds) out.push_back(d.sealed);
    return out;
}

// Re-seals an authored delta after `mutate` changed its header (valid AEAD and signature).
inline DecodedDelta reseal(const DecodedDelta& d,
                           const std::function<void(grove::wire::v1::DeltaHeader&)>& mutate,
                           const crypto::SymmetricKey& key, const crypto::SignSecretKey* signer) {
    auto h = d.header;
    mutate(h);
    return seal_delta(std::move(h), *d.local_payload, key, signer);
}

inline IngestReport ingest(Peer& p, const SpaceId& id, std::vector<SealedDelta> deltas) {
    Replicator r(p);
    auto report = r.ingest(id, std::move(deltas));
    EXPECT_TRUE(report.ok()) << report.error().message;
    return report.ok() ? *report : IngestReport{};
}

// Every delta the peer stores for the space, in stored order.
inline std::vector<SealedDelta> stored_deltas(Peer& p, const SpaceId& id) {
    Replicator r(p);
    VersionVector none;
    auto batch = r.outgoing(id, 0, none, 2048, 256u << 20);
    EXPECT_TRUE(batch.ok());
    return batch.ok() ? batch->deltas : std::vector<SealedDelta>{};
}

inline bool stores_delta(Peer& p, const SpaceId& id, const DeltaId& delta) {
    for (const auto& s : stored_deltas(p, id)) {
        auto d = decode_delta(s);
        if (d.ok() && d->id == delta) return true;
    }
    return false;
}

inline std::string heads(Peer& p, const std::string& space) {
    return p.sync_status(space)->heads_digest;
}
inline std::string state(Peer& p, const std::string& space) {
    return p.sync_status(space)->state_digest;
}

struct Paired {
    std::unique_ptr<TempDir> dir = std::make_unique<TempDir>();
    std::unique_ptr<Peer> peer;
};

// Pairs a new, empty profile with `existing` through the three steps of the protocol.
inline Result<Paired> pair_new_device(Peer& existing, std::string* code_out = nullptr) {
    Paired p;
    auto peer = Peer::open(p.dir->path() / "profile");
    if (!peer.ok()) return peer.error();
    p.peer = std::move(peer).value();
    auto text = existing.create_pairing(wall_ms() + 600'000, {"127.0.0.1:1"});
    if (!text.ok()) return text.error();
    if (code_out) *code_out = *text;
    auto code = decode_pairing_code(*text);
    if (!code.ok()) return code.error();
    Replicator fresh(*p.peer), old(existing);
    auto prepared = fresh.prepare_pairing();
    if (!prepared.ok()) return prepared.error();
    auto challenge = crypto::random_array<32>();
    auto request = fresh.make_pair_request(*code, challenge);
    if (!request.ok()) return request.error();
    auto response = old.pair(*request, challenge, fresh.device());
    if (!response.ok()) return response.error();
    auto info = fresh.accept_pairing(*code, *response, kPassphrase);
    if (!info.ok()) return info.error();
    return p;
}

// Ada (manager), Bob (participant) and Gus (guest) share one space, all in sync.
struct Trio {
    Account ada = make_account("Ada");
    Account bob = make_account("Bob");
    Account gus = make_account("Gus");
    std::string space;
    SpaceId sid{};

    Trio() {
        auto s = ada.peer->create_space("Trio");
        EXPECT_TRUE(s.ok());
        space = s->id;
        sid = space_id(space);
        join(bob, Role::Participant);
        join(gus, Role::Guest);
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
        DirectPair ab(*ada.peer, *bob.peer);
        ab.run();
        DirectPair ag(*ada.peer, *gus.peer);
        ag.run();
        ab.run();
    }
};

}  // namespace grove::test
