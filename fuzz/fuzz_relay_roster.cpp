// The relay's membership: verify_roster then merge_roster against a fixed current roster (a
// manager M and a member P of one space) and against none. Invariants: nothing unverified is
// taken; without a current roster only an anchored one; otherwise only a manager of the current
// roster changes it, a stale one changes nothing, and a merge admits only devices both name.
//
// Input: a serialized Roster (seeds: rosters signed by M — newer, concurrent, stale — and by P).
#include <sodium.h>

#include "fuzz_support.h"
#include "net/relay_roster.h"

using namespace grove;
using namespace grove::fuzz;
namespace nv = grove::net::v1;
namespace pn = grove::platform::net;

namespace {

crypto::SigningKeyPair fixed_key(std::uint8_t tag) {
    unsigned char seed[crypto_sign_SEEDBYTES];
    std::fill(std::begin(seed), std::end(seed), tag);
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    crypto_sign_seed_keypair(pk, sk, seed);
    return crypto::SigningKeyPair::from_secret(ByteView(sk, sizeof sk));
}

struct Fixture {
    SpaceId space{};
    crypto::SigningKeyPair manager = fixed_key(1);
    crypto::SigningKeyPair member = fixed_key(2);
    crypto::SigningKeyPair author = fixed_key(3);
    pn::RelayRoster current;
    VersionVector relay_vector;

    Fixture() {
        space.fill(7);
        current.devices = {{manager.public_key, true}, {member.public_key, false}};
        current.vector = {{author.public_key, 5}};
        current.digest = pn::roster_digest(space, current.devices);
        relay_vector = {{author.public_key, 9}, {manager.public_key, 2}};
    }
    std::string signed_by(const crypto::SigningKeyPair& k, const VersionVector& v,
                          const pn::RosterDevices& devices) const {
        auto r = pn::make_roster(
            space, k.public_key, v, devices, 1,
            [&](ByteView m) -> Result<crypto::Signature> { return crypto::sign(k.secret_key, m); },
            nullptr);
        return r.ok() ? r->SerializeAsString() : std::string();
    }
};

const Fixture& fixture() {
    static const Fixture* f = [] {
        crypto::initialize();
        return new Fixture;
    }();
    return *f;
}

}  // namespace

void grove_fuzz_seeds(Seeds& seeds) {
    const Fixture& f = fixture();
    auto x = crypto::SigningKeyPair::generate().public_key;
    seeds.add(f.signed_by(f.manager, {{f.author.public_key, 9}}, {{f.manager.public_key, true}}));
    seeds.add(f.signed_by(f.manager, {{f.manager.public_key, 2}},
                          {{f.manager.public_key, true}, {x, false}}));
    seeds.add(f.signed_by(f.manager, {{f.author.public_key, 1}}, f.current.devices));
    seeds.add(f.signed_by(f.member, {{f.author.public_key, 9}},
                          {{f.member.public_key, true}, {x, true}}));
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const Fixture& f = fixture();
    nv::Roster roster;
    if (!roster.ParseFromArray(data, static_cast<int>(size))) return 0;
    auto verified = pn::verify_roster(roster);
    if (!verified.ok()) return 0;
    GROVE_FUZZ_CHECK(verified->devices.size() <= pn::kMaxRosterDevices);

    // No roster yet: only an anchored one (whose anchor verified) is taken.
    auto first = pn::merge_roster(std::nullopt, *verified, f.relay_vector);
    GROVE_FUZZ_CHECK(!first.ok() || verified->anchored);

    if (verified->space != f.space) return 0;
    auto merged = pn::merge_roster(f.current, *verified, f.relay_vector);
    if (!merged.ok()) return 0;
    GROVE_FUZZ_CHECK(f.current.manager(verified->signer));
    const auto& out = merged->roster;
    GROVE_FUZZ_CHECK(out.digest == pn::roster_digest(f.space, out.devices));
    // Never a vector beyond what the relay holds (from this roster).
    for (const auto& [device, seq] : out.vector) {
        auto held = f.relay_vector.find(device);
        auto cur = f.current.vector.find(device);
        GROVE_FUZZ_CHECK((held != f.relay_vector.end() && seq <= held->second) ||
                         (cur != f.current.vector.end() && seq <= cur->second));
    }
    switch (merged->outcome) {
        case pn::RosterOutcome::Stale:
            GROVE_FUZZ_CHECK(out.devices == f.current.devices);
            break;
        case pn::RosterOutcome::Merged:
            for (const auto& [device, manager] : out.devices) {
                GROVE_FUZZ_CHECK(f.current.admits(device) && verified->devices.contains(device));
                GROVE_FUZZ_CHECK(!manager ||
                                 (f.current.manager(device) && verified->devices.at(device)));
            }
            break;
        case pn::RosterOutcome::Replaced:
            GROVE_FUZZ_CHECK(out.devices == verified->devices);
            break;
    }
    return 0;
}
