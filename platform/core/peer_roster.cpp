// Relay membership, the member's side: the roster this device states to a relay (from its fold
// of the administrative log) and what relays refused, for sync status. docs/protocol-sync.md.
#include "core/peer_impl.h"
#include "core/replication_state.h"
#include "core/replicator.h"

namespace grove::platform {

Result<Replicator::RosterView> Replicator::roster_view(const SpaceId& space) const {
    auto& impl = peer_.impl();
    std::lock_guard lock(impl.mutex);
    GROVE_TRY(impl.require_unlocked());
    auto it = impl.spaces.find(space);
    if (it == impl.spaces.end()) return make_error(ErrorCode::NotFound, "no such space");
    const Space& s = *it->second;
    if (!s.admin().has_genesis())
        return make_error(ErrorCode::FailedPrecondition, "no history yet");
    RosterView out;
    const Membership& members = s.membership();
    for (const MemberRecord* m : members.active())
        for (const auto* cert : members.live_devices(*m))
            if (auto key = fixed_from<32>(as_bytes(cert->device_sign())))
                out.devices[*key] = m->role == Role::Manager;
    const auto& me = impl.account->identity;
    auto mine = out.devices.find(me.device_sign.public_key);
    out.manager = mine != out.devices.end() && mine->second;
    for (const auto& [device, p] : s.version_vector()) out.vector[device] = p.seq;
    out.creator_identity = s.creator_identity();
    out.genesis_salt = s.genesis_salt();
    if (to_string(ByteView(me.identity_sign.public_key)) == s.creator_identity())
        out.creator_device_cert = me.device_cert;
    return out;
}

Result<void> Replicator::note_relay_refusal(const SpaceId& space,
                                            const crypto::SignPublicKey& relay,
                                            const std::string& problem) {
    auto& impl = peer_.impl();
    std::vector<SpaceEvent> events;
    {
        std::lock_guard lock(impl.mutex);
        auto s = impl.spaces.find(space);
        if (s == impl.spaces.end()) return make_error(ErrorCode::NotFound, "no such space here");
        if (!impl.replication) {
            if (problem.empty()) return {};
            impl.replication = std::make_shared<ReplicationState>();
        }
        auto& all = impl.replication->relay_refusals;
        const bool was = all.contains(space);
        if (problem.empty()) {
            if (auto it = all.find(space); it != all.end()) {
                it->second.erase(relay);
                if (it->second.empty()) all.erase(it);
            }
        } else {
            all[space][relay] = problem.substr(0, 1024);
        }
        if (was != all.contains(space)) {
            SpaceEvent ev;
            ev.kind = SpaceEvent::Kind::SyncChanged;
            ev.space_id = s->second->id_hex();
            ev.delta_count = s->second->delta_count();
            events.push_back(std::move(ev));
        }
    }
    impl.dispatch(events);
    return {};
}

// Fills SyncStatus::relay_problem; the caller holds impl.mutex.
void fill_relay_refusals(Peer::Impl& impl, const Space& space, SyncStatus& out) {
    if (!impl.replication) return;
    auto it = impl.replication->relay_refusals.find(space.id());
    if (it == impl.replication->relay_refusals.end()) return;
    for (const auto& [relay, problem] : it->second) {
        if (!out.relay_problem.empty()) out.relay_problem += "; ";
        out.relay_problem += "relay " + to_hex(relay).substr(0, 16) + "…: " + problem;
    }
}

}  // namespace grove::platform
