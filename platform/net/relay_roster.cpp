#include "net/relay_roster.h"

#include "core/identity.h"
#include "core/replicator.h"  // vector_from_proto, vector_to_proto
#include "core/space.h"       // derive_space_id
#include "crypto/primitives.h"

namespace grove::platform::net {

namespace nv = grove::net::v1;

namespace {
constexpr std::string_view kRosterDomain = "grove.roster.v1";

Bytes signing_input(std::string_view statement) {
    Bytes out(kRosterDomain.begin(), kRosterDomain.end());
    out.insert(out.end(), statement.begin(), statement.end());
    return out;
}

// Every entry of `a` at least the one in `b`.
bool dominates(const VersionVector& a, const VersionVector& b) {
    for (const auto& [device, seq] : b) {
        auto it = a.find(device);
        if ((it == a.end() ? 0 : it->second) < seq) return false;
    }
    return true;
}
}  // namespace

crypto::Hash roster_digest(const SpaceId& space, const RosterDevices& devices) {
    crypto::Hasher h("grove.roster.digest.v1");
    h.update(ByteView(space));
    for (const auto& [device, manager] : devices) {
        h.update(ByteView(device));
        const std::uint8_t flag = manager ? 1 : 0;
        h.update(ByteView(&flag, 1));
    }
    return h.finish();
}

Result<VerifiedRoster> verify_roster(const nv::Roster& roster) {
    if (roster.statement().size() > kMaxRosterBytes)
        return make_error(ErrorCode::InvalidArgument, "a roster larger than 512 KiB");
    nv::RosterStatement st;
    if (!st.ParseFromString(roster.statement()))
        return make_error(ErrorCode::InvalidArgument, "a malformed roster statement");
    VerifiedRoster out;
    auto space = fixed_from<kSpaceIdSize>(as_bytes(st.space_id()));
    auto signer = fixed_from<32>(as_bytes(st.signer()));
    if (!space || !signer)
        return make_error(ErrorCode::InvalidArgument, "a roster with a malformed space or signer");
    if (st.devices_size() > static_cast<int>(kMaxRosterDevices) ||
        st.vector_size() > static_cast<int>(kMaxRosterDevices))
        return make_error(ErrorCode::InvalidArgument, "a roster of more than 4,096 devices");
    if (roster.signature().size() != crypto::kSignatureSize ||
        !crypto::verify(*signer, ByteView(signing_input(roster.statement())),
                        as_bytes(roster.signature())))
        return make_error(ErrorCode::Unauthenticated, "the roster's signature does not verify");
    out.space = *space;
    out.signer = *signer;
    for (const auto& d : st.devices()) {
        auto key = fixed_from<32>(as_bytes(d.device()));
        if (!key) return make_error(ErrorCode::InvalidArgument, "a roster with a malformed device");
        if (!out.devices.empty() && !(out.devices.rbegin()->first < *key))
            return make_error(ErrorCode::InvalidArgument,
                              "a roster's devices must be strictly increasing");
        out.devices.emplace(*key, d.manager());
    }
    for (const auto& e : st.vector())
        if (e.device().size() != 32)
            return make_error(ErrorCode::InvalidArgument, "a roster with a malformed vector");
    out.vector = vector_from_proto(st.vector());
    if (roster.has_anchor()) {
        const auto& a = roster.anchor();
        if (a.creator().size() != 32 || a.space_salt().empty() || a.space_salt().size() > 64)
            return make_error(ErrorCode::InvalidArgument, "a malformed roster anchor");
        if (derive_space_id(as_bytes(a.creator()), as_bytes(a.space_salt())) != *space)
            return make_error(ErrorCode::Unauthenticated,
                              "the roster anchor's creator did not create this space");
        GROVE_TRY(verify_device_cert(a.signer_cert()));
        if (a.signer_cert().identity() != a.creator() ||
            a.signer_cert().device_sign() != st.signer())
            return make_error(ErrorCode::Unauthenticated,
                              "the roster's signer is not certified by the space's creator");
        out.anchored = true;
    }
    return out;
}

Result<RosterMerge> merge_roster(const std::optional<RelayRoster>& current,
                                 const VerifiedRoster& incoming,
                                 const VersionVector& relay_vector) {
    // What the signer says it had seen, limited to what the relay holds.
    VersionVector stated;
    for (const auto& [device, seq] : incoming.vector) {
        auto it = relay_vector.find(device);
        const std::uint64_t held = it == relay_vector.end() ? 0 : it->second;
        if (std::min(seq, held) > 0) stated[device] = std::min(seq, held);
    }
    RosterMerge out;
    if (!current) {
        if (!incoming.anchored)
            return make_error(ErrorCode::PermissionDenied,
                              "the relay holds no roster of this space: the first must come "
                              "from a device of the space's creator");
        out.outcome = RosterOutcome::Replaced;
        out.roster = {incoming.devices, std::move(stated), {}};
        out.roster.digest = roster_digest(incoming.space, out.roster.devices);
        return out;
    }
    if (!current->manager(incoming.signer))
        return make_error(ErrorCode::PermissionDenied,
                          "the roster's signer is not a manager device in the relay's roster");
    const bool newer = dominates(stated, current->vector);
    const bool older = dominates(current->vector, stated);
    if (newer && !(older && incoming.devices != current->devices)) {
        out.outcome = RosterOutcome::Replaced;
        out.roster = {incoming.devices, std::move(stated), {}};
    } else if (older && !newer) {
        out.outcome = RosterOutcome::Stale;
        out.roster = *current;
        return out;
    } else {
        // Concurrent (or the same vector with other devices): only what both say.
        out.outcome = RosterOutcome::Merged;
        for (const auto& [device, manager] : current->devices) {
            auto it = incoming.devices.find(device);
            if (it != incoming.devices.end())
                out.roster.devices.emplace(device, manager && it->second);
        }
        out.roster.vector = current->vector;
        for (const auto& [device, seq] : stated)
            out.roster.vector[device] = std::max(out.roster.vector[device], seq);
    }
    out.roster.digest = roster_digest(incoming.space, out.roster.devices);
    return out;
}

Result<nv::Roster> make_roster(const SpaceId& space, const crypto::SignPublicKey& signer,
                               const VersionVector& vector, const RosterDevices& devices,
                               std::int64_t now_ms,
                               const std::function<Result<crypto::Signature>(ByteView)>& sign,
                               const nv::RosterAnchor* anchor) {
    if (devices.size() > kMaxRosterDevices)
        return make_error(ErrorCode::ResourceExhausted, "more than 4,096 member devices");
    nv::RosterStatement st;
    st.set_space_id(to_string(ByteView(space)));
    vector_to_proto(vector, st.mutable_vector());
    for (const auto& [device, manager] : devices) {
        auto* d = st.add_devices();
        d->set_device(to_string(ByteView(device)));
        d->set_manager(manager);
    }
    st.set_issued_ms(now_ms);
    st.set_signer(to_string(ByteView(signer)));
    nv::Roster out;
    out.set_statement(st.SerializeAsString());
    auto sig = sign(ByteView(signing_input(out.statement())));
    if (!sig.ok()) return sig.error();
    out.set_signature(to_string(ByteView(*sig)));
    if (anchor) *out.mutable_anchor() = *anchor;
    return out;
}

}  // namespace grove::platform::net
