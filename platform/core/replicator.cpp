#include "core/replicator.h"

#include <sodium.h>

#include <algorithm>
#include <set>
#include <unordered_map>

#include "core/chain_auth.h"
#include "core/peer_impl.h"
#include "core/replication_state.h"
#include "crypto/primitives.h"

namespace grove::platform {

namespace sp = grove::space::v1;
namespace nv = grove::net::v1;
using grove::wire::v1::SealedDelta;

VersionVector vector_from_proto(
    const google::protobuf::RepeatedPtrField<nv::VectorEntry>& entries) {
    VersionVector out;
    for (const auto& e : entries)
        if (auto d = fixed_from<32>(as_bytes(e.device()))) out[*d] = std::max(out[*d], e.seq());
    return out;
}

void vector_to_proto(const VersionVector& vector,
                     google::protobuf::RepeatedPtrField<nv::VectorEntry>* out) {
    for (const auto& [device, seq] : vector) {
        auto* e = out->Add();
        e->set_device(to_string(device));
        e->set_seq(seq);
    }
}

namespace {

ReplicationState& state_of(Peer::Impl& impl) {
    if (!impl.replication) impl.replication = std::make_shared<ReplicationState>();
    return *impl.replication;
}

Space* find_space(Peer::Impl& impl, const SpaceId& id) {
    auto it = impl.spaces.find(id);
    return it == impl.spaces.end() ? nullptr : it->second.get();
}

void note(IngestReport& report, std::string reason) {
    ++report.rejected;
    if (report.reasons.size() < 8) report.reasons.push_back(std::move(reason));
}

}  // namespace

bool Replicator::unlocked() const {
    auto& impl = peer_.impl();
    std::lock_guard lock(impl.mutex);
    return impl.account != nullptr;
}

crypto::SignPublicKey Replicator::device() const {
    auto& impl = peer_.impl();
    std::lock_guard lock(impl.mutex);
    if (impl.account) return impl.account->identity.device_sign.public_key;
    if (impl.pairing_device) return impl.pairing_device->device_sign.public_key;  // being paired
    return {};
}

Result<crypto::Signature> Replicator::sign_as_device(ByteView message) const {
    auto& impl = peer_.impl();
    std::lock_guard lock(impl.mutex);
    if (!impl.account && impl.pairing_device)
        return crypto::sign(impl.pairing_device->device_sign.secret_key, message);
    GROVE_TRY(impl.require_unlocked());
    return crypto::sign(impl.account->identity.device_sign.secret_key, message);
}

std::vector<SpaceId> Replicator::spaces() const {
    auto& impl = peer_.impl();
    std::lock_guard lock(impl.mutex);
    std::vector<SpaceId> out;
    if (!impl.account) return out;
    for (const auto& [id, s] : impl.spaces) out.push_back(id);
    return out;
}

bool Replicator::may_receive(const SpaceId& space, const crypto::SignPublicKey& device) const {
    auto& impl = peer_.impl();
    std::lock_guard lock(impl.mutex);
    if (!impl.account) return false;
    Space* s = find_space(impl, space);
    if (!s) return false;
    if (s->delta_count() == 0) return true;
    // A removed member's devices still receive the log: that is how they learn of the removal
    // (and drop the space); what follows it is sealed under epochs they hold no key for.
    return s->membership().knows_device(device);
}

void Replicator::limit_pending(const SpaceId& space, std::size_t max_deltas,
                               std::size_t max_bytes) {
    auto& impl = peer_.impl();
    std::lock_guard lock(impl.mutex);
    state_of(impl).pending.insert_or_assign(space, PendingBuffer(max_deltas, max_bytes));
}

Replicator::PendingLoad Replicator::pending_load(const SpaceId& space) const {
    auto& impl = peer_.impl();
    std::lock_guard lock(impl.mutex);
    if (!impl.replication) return {};
    auto it = impl.replication->pending.find(space);
    if (it == impl.replication->pending.end()) return {};
    return {it->second.size(), it->second.bytes()};
}

Result<SpaceSyncInfo> Replicator::info(const SpaceId& space) const {
    auto& impl = peer_.impl();
    std::lock_guard lock(impl.mutex);
    GROVE_TRY(impl.require_unlocked());
    Space* s = find_space(impl, space);
    if (!s) return make_error(ErrorCode::NotFound, "no such space");
    SpaceSyncInfo out;
    out.id = space;
    for (const auto& [device, p] : s->version_vector()) out.vector[device] = p.seq;
    out.heads_digest = s->heads_digest();
    out.delta_count = s->delta_count();
    // `+space_id`: walk the rowid backwards and stop at this space's newest row, instead of
    // visiting every index entry of the space (O(space size) per hello).
    auto st = impl.store->database().cached(
        "SELECT seqno FROM deltas WHERE +space_id = ? ORDER BY seqno DESC LIMIT 1");
    if (!st.ok()) return st.error();
    (*st)->bind(1, ByteView(space));
    auto row = (*st)->step();
    if (!row.ok()) return row.error();
    out.last_position = (*row && !(*st)->column_is_null(0)) ? (*st)->column_int(0) : 0;
    (*st)->reset();
    return out;
}

Result<IngestReport> Replicator::ingest(const SpaceId& space, std::vector<SealedDelta> deltas) {
    IngestReport report;
    if (deltas.size() > kMaxBatchDeltas)
        return make_error(ErrorCode::ResourceExhausted, "a batch holds at most 4096 deltas");
    // Decode and authenticate outside the peer's lock (signature checks are the costly part).
    auto batch = authenticate_batch(space, std::move(deltas));
    report.rejected = batch.rejected;
    report.reasons = std::move(batch.reasons);
    for (const auto& d : batch.deltas) report.seen[d.author] = std::max(report.seen[d.author], d.seq);

    std::vector<SpaceEvent> events;
    Result<IngestReport> result = report;
    {
        auto& impl = peer_.impl();
        std::lock_guard lock(impl.mutex);
        GROVE_TRY(impl.require_unlocked());
        Space* s = find_space(impl, space);
        if (!s) return make_error(ErrorCode::NotFound, "this peer does not hold that space");
        auto& pending = state_of(impl).pending[space];
        std::vector<DecodedDelta> candidates = pending.take_all();
        for (auto& d : batch.deltas) candidates.push_back(std::move(d));
        // Lamport order is compatible with causality (deps and prev have smaller clocks).
        std::sort(candidates.begin(), candidates.end(),
                  [](const DecodedDelta& a, const DecodedDelta& b) {
                      auto la = a.header.lamport(), lb = b.header.lamport();
                      return std::tie(la, a.author, a.seq, a.id) <
                             std::tie(lb, b.author, b.seq, b.id);
                  });
        std::vector<AppliedEffect> effects;
        std::vector<store::StoredDelta> to_store;
        std::set<DeltaId> seen;
        bool admin_changed = false;
        impl.harvest_keys(*s, candidates);
        for (auto& d : candidates) {
            if (!seen.insert(d.id).second) continue;
            auto ready = s->readiness(d);
            if (!ready.ok()) {
                note(report, ready.error().message);
                continue;
            }
            if (*ready == Space::Readiness::Duplicate) {
                ++report.duplicates;
                continue;
            }
            if (*ready == Space::Readiness::NeedsKey) {
                (void)pending.add(std::move(d));  // its key arrives in a wrap (or is shared)
                continue;
            }
            if (*ready == Space::Readiness::Missing) {
                // Held with per-author quotas (a member's device or a stranger, in our view).
                report.gap = true;
                const bool member = s->membership().by_device(d.author) != nullptr;
                (void)pending.add(std::move(d), member);
                continue;
            }
            auto applied = s->apply(d);  // on error nothing changed
            if (!applied.ok()) {
                note(report, applied.error().message);
                continue;
            }
            effects.push_back(*applied);
            to_store.push_back(Peer::Impl::stored_form(space, d));
            if (applied->kind == AppliedEffect::Kind::SpaceChanged) {
                admin_changed = true;
                // A rotation's own wraps, and wraps further on whose epoch it just committed.
                impl.harvest_keys(*s, candidates);
            }
        }
        report.pending = pending.size();
        if (!to_store.empty()) {
            auto stored = impl.store->append_deltas(to_store);
            if (!stored.ok()) {
                impl.reload_space(space);
                return stored.error();
            }
        }
        report.applied = to_store.size();
        if (report.applied > 0) impl.events.note_stored();
        if (impl.observed())  // building event views costs; skip it when nobody listens
            for (const auto& e : effects) impl.append_event(*s, e, events);
        // Tool events the applied deltas queued run on the host thread (as for local deltas).
        if (impl.tools && report.applied > 0) impl.tools->schedule();
        // Removal, rotation and key sharing owed after administrative changes (may drop `s`).
        if (admin_changed) impl.perform_key_duties(space, events);
        result = report;
    }
    peer_.impl().dispatch(events);
    return result;
}

Result<OutgoingBatch> Replicator::outgoing(const SpaceId& space, std::int64_t after,
                                           VersionVector& remote_has, std::size_t max_deltas,
                                           std::size_t max_bytes) const {
    // `+space_id` keeps SQLite on the rowid range (seqno > after) instead of the
    // (space_id, author, author_seq) index, which would read and sort the whole space per page.
    static constexpr const char* kPage =
        "SELECT seqno, author, author_seq, header, nonce, ciphertext, signature FROM deltas"
        " WHERE +space_id = ? AND seqno > ? ORDER BY seqno LIMIT ?";
    max_deltas = std::clamp<std::size_t>(max_deltas, 1, kMaxBatchDeltas / 2);
    auto& impl = peer_.impl();
    std::shared_ptr<ReplicationState> state;
    {
        std::lock_guard lock(impl.mutex);
        GROVE_TRY(impl.require_unlocked());
        state_of(impl);
        state = impl.replication;
        if (state->reader_failed) {
            auto page = impl.store->database().cached(kPage);
            if (!page.ok()) return page.error();
            return read_signed_runs(**page, space, after, remote_has, max_deltas, max_bytes);
        }
    }
    // Committed deltas only (a WAL snapshot), read without the peer's mutex.
    std::lock_guard reading(state->reader_mutex);
    if (!state->reader) {
        auto reader = std::make_unique<LogReader>();
        const auto path = (impl.profile_dir / "grove.db").string();
        sqlite3_stmt* stmt = nullptr;
        if (sqlite3_open_v2(path.c_str(), &reader->db, SQLITE_OPEN_READONLY, nullptr) !=
                SQLITE_OK ||
            sqlite3_busy_timeout(reader->db, 5000) != SQLITE_OK ||
            sqlite3_prepare_v3(reader->db, kPage, -1, SQLITE_PREPARE_PERSISTENT, &stmt,
                               nullptr) != SQLITE_OK) {
            std::lock_guard lock(impl.mutex);
            state->reader_failed = true;
            auto page = impl.store->database().cached(kPage);
            if (!page.ok()) return page.error();
            return read_signed_runs(**page, space, after, remote_has, max_deltas, max_bytes);
        }
        reader->page = store::Statement(reader->db, stmt);
        state->reader = std::move(reader);
    }
    return read_signed_runs(state->reader->page, space, after, remote_has, max_deltas, max_bytes);
}

std::optional<std::int64_t> Replicator::position_of(const SpaceId& space,
                                                    const crypto::SignPublicKey& author,
                                                    std::uint64_t seq) const {
    auto& impl = peer_.impl();
    std::lock_guard lock(impl.mutex);
    if (!impl.account) return std::nullopt;
    auto st = impl.store->database().cached(
        "SELECT seqno FROM deltas WHERE space_id = ? AND author = ? AND author_seq = ?");
    if (!st.ok()) return std::nullopt;
    auto& q = **st;
    q.bind(1, ByteView(space)).bind(2, ByteView(author)).bind(3, static_cast<std::int64_t>(seq));
    auto row = q.step();
    std::optional<std::int64_t> out;
    if (row.ok() && *row) out = q.column_int(0);
    q.reset();
    return out;
}

// ---- invitations ------------------------------------------------------------------------------

namespace {
struct OneTimeKey {
    crypto::SignPublicKey public_key{};
    crypto::SignSecretKey secret_key;
};
OneTimeKey one_time_key(const std::string& seed) {
    OneTimeKey k;
    crypto_sign_seed_keypair(k.public_key.data(), k.secret_key.data(),
                             reinterpret_cast<const unsigned char*>(seed.data()));
    return k;
}
}  // namespace

Result<nv::JoinRequest> Replicator::make_join_request(const nv::InvitationCode& code,
                                                      ByteView challenge) const {
    auto& impl = peer_.impl();
    std::lock_guard lock(impl.mutex);
    GROVE_TRY(impl.require_unlocked());
    if (code.secret().size() != 32)
        return make_error(ErrorCode::InvalidArgument, "malformed invitation secret");
    nv::JoinRequest req;
    req.set_space_id(code.space_id());
    req.set_invitation_id(code.invitation_id());
    *req.mutable_card() = impl.account->identity.card;
    *req.mutable_device() = impl.account->identity.device_cert;
    auto key = one_time_key(code.secret());
    Bytes input = join_signing_input(as_bytes(code.space_id()), as_bytes(code.invitation_id()),
                                     req.card(), req.device(), challenge);
    auto sig = crypto::sign(key.secret_key, input);
    Bytes proof(challenge.begin(), challenge.end());
    append(proof, sig);
    req.set_proof(to_string(proof));
    return req;
}

Result<SealedDelta> Replicator::admit(const nv::JoinRequest& req, ByteView challenge,
                                      const crypto::SignPublicKey& link_device) {
    if (challenge.size() != 32)
        return make_error(ErrorCode::InvalidArgument, "the join challenge must be 32 bytes");
    auto& impl = peer_.impl();
    std::vector<SpaceEvent> events;
    SealedDelta admission;
    {
        std::lock_guard lock(impl.mutex);
        GROVE_TRY(impl.require_unlocked());
        const std::string& proof = req.proof();
        if (proof.size() != 32 + crypto::kSignatureSize ||
            proof.compare(0, 32, to_string(challenge)) != 0)
            return make_error(ErrorCode::PermissionDenied,
                              "the join proof is not bound to this link's challenge");
        // Until the invitation's secret is proven, every refusal is the same: a stranger must not
        // learn whether this peer holds the space, may admit to it, or has that invitation.
        auto sid = fixed_from<kSpaceIdSize>(as_bytes(req.space_id()));
        Space* s = sid ? find_space(impl, *sid) : nullptr;
        const MemberRecord* me =
            s ? s->membership().by_device(impl.account->identity.device_sign.public_key) : nullptr;
        const InvitationRecord* inv = me && me->role == Role::Manager
                                          ? s->invitation(as_bytes(req.invitation_id()))
                                          : nullptr;
        Bytes input = join_signing_input(as_bytes(req.space_id()), as_bytes(req.invitation_id()),
                                         req.card(), req.device(), challenge);
        if (!inv ||
            !crypto::verify(inv->verify_key, input, as_bytes(std::string_view(proof).substr(32))))
            return make_error(ErrorCode::PermissionDenied,
                              "the join proof does not match any invitation this peer can admit "
                              "with");
        if (impl.now_ms() > inv->expires_ms)
            return make_error(ErrorCode::PermissionDenied, "the invitation has expired");
        if (!inv->used_by.empty())
            return make_error(ErrorCode::PermissionDenied, "the invitation has already been used");
        GROVE_TRY(verify_identity_card(req.card()));
        GROVE_TRY(verify_device_cert(req.device()));
        if (inv->for_identity && req.card().sign_key() != to_string(*inv->for_identity))
            return make_error(ErrorCode::PermissionDenied,
                              "the invitation was sealed to another identity: only that contact "
                              "may join with it");
        if (req.device().identity() != req.card().sign_key())
            return make_error(ErrorCode::InvalidArgument,
                              "the device certificate names another identity");
        if (req.device().device_sign() != to_string(link_device))
            return make_error(ErrorCode::PermissionDenied,
                              "the joining device is not the device on this link");
        if (s->membership().by_device(link_device))
            return make_error(ErrorCode::AlreadyExists, "the device is already a member");
        auto box = fixed_from<32>(as_bytes(req.device().device_box()));
        if (!box) return make_error(ErrorCode::InvalidArgument, "malformed device box key");

        sp::SpaceOp op;
        auto* admit = op.mutable_admit();
        *admit->mutable_member()->mutable_identity() = req.card();
        *admit->mutable_member()->add_devices() = req.device();
        admit->mutable_member()->set_role(role_to_proto(inv->role));
        admit->set_invitation_id(req.invitation_id());
        admit->set_invitation_proof(proof);
        Space::Draft draft{grove::wire::v1::DELTA_KIND_SPACE, {},
                           to_bytes(op.SerializeAsString())};
        if (!s->can_author())
            return make_error(ErrorCode::Unavailable,
                              "this device is waiting for the space's current key");
        // Every epoch's key this device holds: the newcomer reads the space's history too.
        for (const auto& [epoch, key] : s->epoch_keys()) {
            grove::wire::v1::EpochKeyWrap wrap;
            wrap.set_device(to_string(link_device));
            wrap.set_sealed_key(to_string(crypto::seal(*box, key.view())));
            wrap.set_epoch(epoch);
            draft.epoch_keys.push_back(std::move(wrap));
        }
        auto ids = impl.submit(*s, std::span(&draft, 1), events);
        if (!ids.ok()) return ids.error();
        auto sealed = impl.load_sealed(ids->front());
        if (!sealed.ok()) return sealed.error();
        admission = std::move(sealed).value();
    }
    impl.dispatch(events);
    return admission;
}

Result<SpaceSummary> Replicator::accept_join(const nv::InvitationCode& code,
                                             const SealedDelta& admission) {
    auto decoded = decode_delta(admission);
    if (!decoded.ok()) return decoded.error();
    if (!verify_delta_signature(*decoded))
        return make_error(ErrorCode::PermissionDenied, "the admission's signature is invalid");
    if (decoded->header.space_id() != code.space_id())
        return make_error(ErrorCode::InvalidArgument, "the admission is for another space");
    auto sid = *fixed_from<kSpaceIdSize>(as_bytes(code.space_id()));
    auto& impl = peer_.impl();
    std::vector<SpaceEvent> events;
    SpaceSummary summary;
    {
        std::lock_guard lock(impl.mutex);
        GROVE_TRY(impl.require_unlocked());
        const auto& me = impl.account->identity;
        if (impl.spaces.count(sid))
            return make_error(ErrorCode::AlreadyExists, "this account already holds the space");
        auto adopted = impl.adopt_space(sid, *decoded, [&](const sp::SpaceOp& op) {
            return op.has_admit() &&
                   op.admit().member().identity().sign_key() == to_string(me.identity_sign.public_key);
        }, events);
        if (!adopted.ok()) return adopted.error();
        summary = *adopted;
    }
    impl.dispatch(events);
    return summary;
}

}  // namespace grove::platform
