// The relay's end of a link: RelaySession::handle over a real RelayStore (SQLite in a temporary
// directory) — hellos, delta batches (authenticated, then stored durably), acks, rosters, join
// requests, anything else — then pump. Only validly signed chains of a space whose roster admits
// the link's device are ever stored.
//
// Input: length-delimited LinkMessages (fuzz_support.h).
#include <sodium.h>

#include <filesystem>

#include "core/chain_auth.h"
#include "core/identity.h"
#include "core/space.h"
#include "fuzz_support.h"
#include "net/relay_roster.h"
#include "net/relay_session.h"

using namespace grove;
using namespace grove::fuzz;
namespace nv = grove::net::v1;
namespace pn = grove::platform::net;

namespace {

struct Relay {
    std::filesystem::path dir;
    std::unique_ptr<pn::RelayStore> store;
    std::mutex mutex;
    pn::RelayCounters counters;
};

Relay& relay() {
    static Relay* r = [] {
        auto* r = new Relay;
        std::string templ = (std::filesystem::temp_directory_path() / "grove-fuzz-relay-XXXXXX").string();
        if (!::mkdtemp(templ.data())) std::abort();
        r->dir = templ;
        pn::RelayLimits limits;
        limits.space_quota_bytes = 64ull << 20;
        auto s = pn::RelayStore::open(r->dir, limits);
        if (!s.ok()) std::abort();
        r->store = std::move(s).value();
        std::atexit([] {
            relay().store.reset();
            std::error_code ec;
            std::filesystem::remove_all(relay().dir, ec);
        });
        return r;
    }();
    return *r;
}

// The link's device: a fixed key, so that seeds signed with it stay valid across runs. Its
// identity (also fixed) created the space `own_space()` (for anchored rosters).
const crypto::SigningKeyPair& fixed_key(std::uint8_t tag) {
    static std::map<std::uint8_t, crypto::SigningKeyPair> keys;
    auto it = keys.find(tag);
    if (it != keys.end()) return it->second;
    unsigned char seed[crypto_sign_SEEDBYTES];
    std::fill(std::begin(seed), std::end(seed), tag);
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    crypto_sign_seed_keypair(pk, sk, seed);
    return keys.emplace(tag, crypto::SigningKeyPair::from_secret(ByteView(sk, sizeof sk)))
        .first->second;
}
const crypto::SigningKeyPair& device_key() {
    return fixed_key(11);
}
const crypto::SigningKeyPair& identity_key() {
    return fixed_key(12);
}
const std::string kSalt(16, 's');
SpaceId own_space() {
    return derive_space_id(ByteView(identity_key().public_key), as_bytes(kSalt));
}

}  // namespace

void grove_fuzz_seeds(Seeds& seeds) {
    {
        // An anchored roster for the device's own space, then a signed chain of it.
        const SpaceId space = own_space();
        nv::RosterAnchor anchor;
        anchor.set_creator(to_string(ByteView(identity_key().public_key)));
        anchor.set_space_salt(kSalt);
        *anchor.mutable_signer_cert() = platform::make_device_cert(
            identity_key(), device_key().public_key, crypto::BoxKeyPair::generate().public_key, 1);
        auto roster = pn::make_roster(
            space, device_key().public_key, {}, {{device_key().public_key, true}}, 1,
            [](ByteView m) -> Result<crypto::Signature> {
                return crypto::sign(device_key().secret_key, m);
            },
            &anchor);
        nv::LinkMessage r, hello, deltas, refusal;
        *r.mutable_roster() = *roster;
        hello.mutable_hello()->set_space_id(to_string(ByteView(space)));
        deltas.mutable_deltas()->set_space_id(to_string(ByteView(space)));
        auto key = crypto::random_symmetric_key();
        std::string prev;
        for (std::uint64_t seq = 1; seq <= 3; ++seq) {
            grove::wire::v1::DeltaHeader h;
            h.set_version(1);
            h.set_space_id(to_string(ByteView(space)));
            h.set_author_device(to_string(ByteView(device_key().public_key)));
            h.set_seq(seq);
            h.set_prev(prev);
            h.set_lamport(seq);
            h.set_epoch(1);
            h.set_kind(grove::wire::v1::DELTA_KIND_CHAT);
            auto d = seal_delta(std::move(h), to_bytes("x"), key,
                                seq == 3 ? &device_key().secret_key : nullptr);
            prev = to_string(ByteView(d.id));
            *deltas.mutable_deltas()->add_deltas() = d.sealed;
        }
        refusal.mutable_refusal()->set_space_id(to_string(ByteView(space)));
        refusal.mutable_refusal()->set_reason(nv::REFUSAL_NOT_MEMBER);
        seeds.add(join_records({r.SerializeAsString(), hello.SerializeAsString(),
                                deltas.SerializeAsString(), refusal.SerializeAsString()}));
        seeds.add(join_records(
            {deltas.SerializeAsString(), r.SerializeAsString(), deltas.SerializeAsString()}));
    }
    SpaceId space{};
    auto chain = standalone_chain(3, &space);
    nv::LinkMessage hello, deltas, ack, join, ping;
    hello.mutable_hello()->set_space_id(to_string(space));
    auto* e = hello.mutable_hello()->add_vector();
    e->set_device(chain[0].header.author_device());
    e->set_seq(1);
    deltas.mutable_deltas()->set_space_id(to_string(space));
    for (const auto& d : chain) *deltas.mutable_deltas()->add_deltas() = d.sealed;
    ack.mutable_ack()->set_space_id(to_string(space));
    *ack.mutable_ack()->add_vector() = *e;
    join.mutable_join_request()->set_space_id(to_string(space));
    ping.mutable_ping()->set_id(3);
    nv::LinkMessage resend = hello;
    resend.mutable_hello()->set_resend(true);
    resend.mutable_hello()->mutable_vector(0)->set_seq(0);
    seeds.add(join_records({hello.SerializeAsString(), deltas.SerializeAsString(),
                            ack.SerializeAsString(), resend.SerializeAsString()}));
    seeds.add(join_records({deltas.SerializeAsString(), join.SerializeAsString(),
                            ping.SerializeAsString(), std::string()}));
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Relay& r = relay();
    static const crypto::SignPublicKey device = device_key().public_key;
    pn::RelaySession session(*r.store, r.mutex, r.counters, device,
                             [](nv::LinkMessage&& m) {
                                 GROVE_FUZZ_CHECK(m.body_case() != nv::LinkMessage::BODY_NOT_SET);
                             },
                             nullptr);
    for (const auto& record : split_records(data, size, 16)) {
        nv::LinkMessage m;
        if (!m.ParseFromString(record)) break;
        std::size_t authentic = 0;
        if (m.has_deltas() && m.deltas().space_id().size() == kSpaceIdSize &&
            static_cast<std::size_t>(m.deltas().deltas_size()) <= Replicator::kMaxBatchDeltas) {
            SpaceId id = *fixed_from<kSpaceIdSize>(as_bytes(m.deltas().space_id()));
            std::vector<grove::wire::v1::SealedDelta> raw(m.deltas().deltas().begin(),
                                                          m.deltas().deltas().end());
            authentic = authenticate_batch(id, std::move(raw)).deltas.size();
        }
        bool admitted = false;
        if (m.has_deltas() && m.deltas().space_id().size() == kSpaceIdSize) {
            std::lock_guard lock(r.mutex);
            const auto* roster =
                r.store->roster(*fixed_from<kSpaceIdSize>(as_bytes(m.deltas().space_id())));
            admitted = roster && roster->admits(device);
        }
        const std::uint64_t before = r.counters.accepted;
        if (!session.handle(m).ok()) break;
        // The relay stores nothing that does not authenticate, nor from a non-member.
        GROVE_FUZZ_CHECK(r.counters.accepted - before <= authentic);
        GROVE_FUZZ_CHECK(admitted || r.counters.accepted == before);
        auto more = session.pump();
        if (!more.ok()) break;
    }
    return 0;
}
