// RelayRoster: how a relay learns who may use a space without reading content — a manager
// device's signed statement of the member devices (a Roster), verified and merged by the relay.
#pragma once

#include <grove/sdk/result.h>

#include <map>
#include <optional>

#include "core/chain_auth.h"  // VersionVector
#include "grove/net/v1/sync.pb.h"

namespace grove::platform::net {

inline constexpr std::size_t kMaxRosterDevices = 4096;
inline constexpr std::size_t kMaxRosterBytes = 512 * 1024;

// device → may sign the next roster (a manager's device).
using RosterDevices = std::map<crypto::SignPublicKey, bool>;

// BLAKE2b-256("grove.roster.digest.v1" || space || per device: key || manager byte): what a
// relay and a member compare to know whether the relay serves the space to the right devices.
crypto::Hash roster_digest(const SpaceId& space, const RosterDevices& devices);

// A roster whose signature (and anchor, when present) verified.
struct VerifiedRoster {
    SpaceId space{};
    crypto::SignPublicKey signer{};
    VersionVector vector;
    RosterDevices devices;
    bool anchored = false;  // the anchor proves the signer is a device of the space's creator
};

// Parses and verifies `roster` on its own (size bounds, strictly sorted unique devices, the
// signer's signature, the anchor if any). InvalidArgument / Unauthenticated on failure.
Result<VerifiedRoster> verify_roster(const grove::net::v1::Roster& roster);

// The roster a relay holds for a space: the devices it serves and the vector it was stated at.
struct RelayRoster {
    RosterDevices devices;
    VersionVector vector;
    crypto::Hash digest{};

    bool admits(const crypto::SignPublicKey& device) const { return devices.contains(device); }
    bool manager(const crypto::SignPublicKey& device) const {
        auto it = devices.find(device);
        return it != devices.end() && it->second;
    }
};

enum class RosterOutcome { Replaced, Merged, Stale };

struct RosterMerge {
    RosterOutcome outcome = RosterOutcome::Stale;
    RelayRoster roster;  // the relay's roster after the merge (unchanged when Stale)
};

// Decides what a verified roster does to the relay's `current` one (none: the space is new to
// the relay). `relay_vector` is what the relay holds of the space: the statement's vector is
// clamped to it, so nobody can claim to have seen deltas the relay has not stored.
//  - no current roster: only an anchored roster (a creator's device) is taken;
//  - otherwise the signer must be a manager device in `current`; then a roster whose vector
//    dominates current's replaces it, one that current's dominates is stale, and a concurrent
//    one is merged conservatively: devices in both (manager in both), vectors joined.
// PermissionDenied when refused, with the reason.
Result<RosterMerge> merge_roster(const std::optional<RelayRoster>& current,
                                 const VerifiedRoster& incoming, const VersionVector& relay_vector);

// Builds and signs a roster (a member's side). `sign` signs with the member's device key.
Result<grove::net::v1::Roster> make_roster(
    const SpaceId& space, const crypto::SignPublicKey& signer, const VersionVector& vector,
    const RosterDevices& devices, std::int64_t now_ms,
    const std::function<Result<crypto::Signature>(ByteView)>& sign,
    const grove::net::v1::RosterAnchor* anchor);

}  // namespace grove::platform::net
