// Lagging past a relay's retention: what relays said they expired and this peer still lacks,
// reported by Peer::sync_status and as SyncChanged events. See docs/replication.md.
#include <sstream>

#include "core/peer_impl.h"
#include "core/replication_state.h"
#include "core/replicator.h"

namespace grove::platform {

namespace {

ReplicationState& retention_state(Peer::Impl& impl) {
    if (!impl.replication) impl.replication = std::make_shared<ReplicationState>();
    return *impl.replication;
}

// Whether `vector` lacks anything at or below `floor`.
bool lacks(const std::map<crypto::SignPublicKey, DeviceProgress>& vector,
           const VersionVector& floor) {
    for (const auto& [author, f] : floor) {
        auto it = vector.find(author);
        if ((it == vector.end() ? 0 : it->second.seq) < f) return true;
    }
    return false;
}

// Drops the gaps of `space` the peer has caught up past; true when none is left.
bool settle(ReplicationState& state, const Space& space) {
    auto it = state.retention_gaps.find(space.id());
    if (it == state.retention_gaps.end()) return true;
    std::erase_if(it->second, [&](const auto& entry) {
        return !lacks(space.version_vector(), entry.second.floor);
    });
    if (!it->second.empty()) return false;
    state.retention_gaps.erase(it);
    state.retention_gap_spaces = state.retention_gaps.size();
    return true;
}

SpaceEvent sync_changed(const Space& space) {
    SpaceEvent ev;
    ev.kind = SpaceEvent::Kind::SyncChanged;
    ev.space_id = space.id_hex();
    ev.delta_count = space.delta_count();
    return ev;
}

}  // namespace

Result<bool> Replicator::note_retention_gap(const SpaceId& space,
                                            const crypto::SignPublicKey& relay,
                                            const VersionVector& floor, std::uint32_t members_asked,
                                            const std::string& problem) {
    auto& impl = peer_.impl();
    std::vector<SpaceEvent> events;
    bool behind = false;
    {
        std::lock_guard lock(impl.mutex);
        if (!impl.account) return make_error(ErrorCode::FailedPrecondition, "locked");
        auto s = impl.spaces.find(space);
        if (s == impl.spaces.end()) return make_error(ErrorCode::NotFound, "no such space here");
        auto& state = retention_state(impl);
        const bool was = state.retention_gaps.contains(space);
        if (!floor.empty() && lacks(s->second->version_vector(), floor)) {
            auto& gap = state.retention_gaps[space][relay];
            if (gap.since_ms == 0) gap.since_ms = impl.now_ms();
            gap.floor = floor;
            gap.members_asked = members_asked;
            gap.problem = problem;
            state.retention_gap_spaces = state.retention_gaps.size();
        } else if (auto it = state.retention_gaps.find(space); it != state.retention_gaps.end()) {
            it->second.erase(relay);
        }
        behind = !settle(state, *s->second);
        if (was != behind) events.push_back(sync_changed(*s->second));
    }
    impl.dispatch(events);
    return behind;
}

bool Replicator::retention_progress(const SpaceId& space) {
    auto& impl = peer_.impl();
    std::vector<SpaceEvent> events;
    bool clear = true;
    {
        std::lock_guard lock(impl.mutex);
        if (!impl.replication || impl.replication->retention_gap_spaces.load() == 0) return true;
        auto s = impl.spaces.find(space);
        auto& state = *impl.replication;
        if (s == impl.spaces.end()) {
            state.retention_gaps.erase(space);
            state.retention_gap_spaces = state.retention_gaps.size();
            return true;
        }
        const bool was = state.retention_gaps.contains(space);
        clear = settle(state, *s->second);
        if (was && clear) events.push_back(sync_changed(*s->second));
    }
    impl.dispatch(events);
    return clear;
}

// Fills the retention fields of a status; the caller holds impl.mutex.
void fill_retention_status(Peer::Impl& impl, const Space& space, SyncStatus& out) {
    if (!impl.replication) return;
    auto it = impl.replication->retention_gaps.find(space.id());
    if (it == impl.replication->retention_gaps.end()) return;
    // The union over relays: per author the highest floor any of them reported.
    VersionVector floor;
    std::uint32_t asked = 0;
    std::string problem;
    for (const auto& [relay, gap] : it->second) {
        for (const auto& [author, f] : gap.floor) floor[author] = std::max(floor[author], f);
        asked = std::max(asked, gap.members_asked);
        if (problem.empty()) problem = gap.problem;
    }
    const auto& vector = space.version_vector();
    for (const auto& [author, f] : floor) {
        auto v = vector.find(author);
        std::uint64_t have = v == vector.end() ? 0 : v->second.seq;
        if (have < f) out.missing.push_back({to_hex(author), have + 1, f});
    }
    out.behind_retention = !out.missing.empty();
    if (!out.behind_retention) return;
    std::ostringstream note;
    note << "a relay no longer holds deltas this device lacks; ";
    if (asked == 0)
        note << "waiting for a member device to come online and re-send them";
    else
        note << "re-send requested from " << asked << " member device" << (asked == 1 ? "" : "s");
    if (!problem.empty()) note << " (relay: " << problem << ")";
    out.retention_note = note.str();
}

}  // namespace grove::platform
