// SyncSession on a link to a relay, relay membership: a manager's device keeps the relay's roster
// of each space equal to its own fold's; refusals from the relay go to sync status.
#include "net/relay_roster.h"
#include "net/sync_session.h"

namespace grove::platform::net {

namespace nv = grove::net::v1;

namespace {
std::string refusal_text(const nv::Refusal& r) {
    std::string out;
    for (char c : r.message().substr(0, 512))  // the relay's words: no control characters
        out.push_back(static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? '?' : c);
    if (r.deltas() > 0) out += " (" + std::to_string(r.deltas()) + " deltas refused)";
    return out;
}
}  // namespace

void SyncSession::note_relay_roster(const SpaceId&, SpaceState& st, const std::string& digest) {
    if (st.relay_digest_known && st.relay_roster_digest == digest) return;
    st.relay_digest_known = true;
    st.relay_roster_digest = digest;
    st.roster_due = true;
    st.want_hello = true;  // the relay may serve this device now: ask for its vector again
}

void SyncSession::relay_took(const SpaceId& space, SpaceState& st) {
    if (!st.refused) return;
    st.refused = false;
    (void)replicator_.note_relay_refusal(space, remote_, {});
}

void SyncSession::on_refusal(const nv::Refusal& refusal) {
    if (!options_.remote_is_relay) return problem("a refusal from a device that is not a relay");
    auto id = fixed_from<kSpaceIdSize>(as_bytes(refusal.space_id()));
    if (!id || !replicator_.info(*id).ok()) return;  // not a space held here
    if (options_.space_filter && !options_.space_filter(*id)) return;
    ++stats_.refusals;
    auto& st = spaces_[*id];
    note_relay_roster(*id, st, refusal.roster_digest());
    const std::string text = refusal_text(refusal);
    problem("the relay refused: " + text);
    switch (refusal.reason()) {
        case nv::REFUSAL_NOT_MEMBER:
        case nv::REFUSAL_NO_ROSTER:
            // Nothing is served or stored until the relay's roster admits this device: wait for
            // its hello (answered once it does) before pushing again.
            st.remote_known = false;
            break;
        case nv::REFUSAL_ROSTER_REFUSED:
            return;  // our own roster: only this link's business
        default:
            break;
    }
    st.refused = true;
    (void)replicator_.note_relay_refusal(*id, remote_, text);
}

Result<void> SyncSession::send_roster(const SpaceId& space, SpaceState& st) {
    st.roster_due = false;
    if (!st.hello_sent || !st.relay_digest_known) return {};
    // The relay holds a roster: state ours only once its vector is known here, else ours would
    // claim to have seen nothing and be merged (or be stale) instead of replacing it.
    if (!st.remote_known && !st.relay_roster_digest.empty()) {
        st.roster_due = true;
        return {};
    }
    auto view = replicator_.roster_view(space);
    if (!view.ok() || !view->manager) return {};  // only a manager's device states a roster
    const auto digest = to_string(ByteView(roster_digest(space, view->devices)));
    if (digest == st.relay_roster_digest) return {};
    // Claim only what the relay holds (it clamps to that anyway): what it acknowledged, which
    // includes the deltas this pump just sent before the roster.
    VersionVector vector;
    if (st.remote_known)
        for (const auto& [device, seq] : view->vector) {
            auto it = st.remote_has.find(device);
            const std::uint64_t held = it == st.remote_has.end() ? 0 : it->second;
            if (std::min(seq, held) > 0) vector[device] = std::min(seq, held);
        }
    if (digest == st.roster_sent_digest && vector == st.roster_sent_vector) return {};
    nv::RosterAnchor anchor;
    const bool anchored = view->creator_device_cert.has_value();
    if (anchored) {
        anchor.set_creator(view->creator_identity);
        anchor.set_space_salt(view->genesis_salt);
        *anchor.mutable_signer_cert() = *view->creator_device_cert;
    }
    auto roster = make_roster(
        space, replicator_.device(), vector, view->devices,
        std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::system_clock::now().time_since_epoch())
            .count(),
        [this](ByteView m) { return replicator_.sign_as_device(m); }, anchored ? &anchor : nullptr);
    if (!roster.ok()) {
        problem("cannot state a roster to the relay: " + roster.error().message);
        return {};
    }
    st.roster_sent_digest = digest;
    st.roster_sent_vector = std::move(vector);
    ++stats_.rosters_sent;
    nv::LinkMessage m;
    *m.mutable_roster() = std::move(roster).value();
    send_(std::move(m));
    return {};
}

}  // namespace grove::platform::net
