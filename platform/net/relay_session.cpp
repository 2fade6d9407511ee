#include "net/relay_session.h"

#include "core/chain_auth.h"
#include "net/relay_roster.h"

namespace grove::platform::net {

namespace nv = grove::net::v1;

// ---- RelayHub ----

void RelayHub::end_session(std::uint64_t session) {
    std::lock_guard lock(mutex_);
    call_mailboxes_.erase(session);
    for (auto it = needs_.begin(); it != needs_.end();) {
        if (it->second.owner == session) {
            it = needs_.erase(it);
            continue;
        }
        it->second.asked.erase(session);
        it->second.done.erase(session);
        ++it;
    }
}

RelayHub::NeedState RelayHub::open_need(std::uint64_t session, const SpaceId& space,
                                        const crypto::SignPublicKey& device,
                                        const VersionVector& vector, const VersionVector& floor) {
    bool changed = false;
    NeedState out;
    {
        std::lock_guard lock(mutex_);
        auto [it, fresh] = needs_.try_emplace({space, device});
        Need& n = it->second;
        if (fresh || n.floor != floor) {
            // A new request: members asked for the old floor may stop short of the new one.
            n.id = next_request_++;
            n.space = space;
            n.device = device;
            n.floor = floor;
            n.asked.clear();
            n.done.clear();
            n.problem.clear();
            changed = true;
        }
        n.vector = vector;
        n.owner = session;
        out = {n.asked.size(), n.done.size(), n.problem};
    }
    if (changed) wake_all_();
    return out;
}

void RelayHub::close_need(const SpaceId& space, const crypto::SignPublicKey& device) {
    std::lock_guard lock(mutex_);
    needs_.erase({space, device});
}

std::vector<RelayHub::Need> RelayHub::take_requests(std::uint64_t session,
                                                    const crypto::SignPublicKey& device,
                                                    const std::set<SpaceId>& spaces) {
    std::vector<Need> out;
    std::lock_guard lock(mutex_);
    for (auto& [key, n] : needs_) {
        if (n.device == device || !spaces.contains(n.space) || n.asked.contains(session)) continue;
        n.asked.insert(session);
        out.push_back(n);
    }
    return out;
}

std::optional<RelayHub::Need> RelayHub::answered(std::uint64_t request, std::uint64_t session,
                                                 const SpaceId& space) const {
    std::lock_guard lock(mutex_);
    for (const auto& [key, n] : needs_)
        if (n.id == request && n.space == space && n.asked.contains(session)) return n;
    return std::nullopt;
}

void RelayHub::set_problem(std::uint64_t request, std::string problem) {
    std::lock_guard lock(mutex_);
    for (auto& [key, n] : needs_)
        if (n.id == request) n.problem = problem;
}

void RelayHub::finished(std::uint64_t request, std::uint64_t session) {
    std::lock_guard lock(mutex_);
    for (auto& [key, n] : needs_)
        if (n.id == request && n.asked.contains(session)) n.done.insert(session);
}

void RelayHub::refilled(const SpaceId& space, const crypto::SignPublicKey& device) {
    {
        std::lock_guard lock(mutex_);
        ++generations_[{space, device}];
    }
    wake_all_();
}

std::uint64_t RelayHub::generation(const SpaceId& space,
                                   const crypto::SignPublicKey& device) const {
    std::lock_guard lock(mutex_);
    auto it = generations_.find({space, device});
    return it == generations_.end() ? 0 : it->second;
}

std::size_t RelayHub::open_needs() const {
    std::lock_guard lock(mutex_);
    return needs_.size();
}

// ---- RelayHub: calls ----

void RelayHub::join_calls(std::uint64_t session, const crypto::SignPublicKey& device,
                          const SpaceId& space) {
    std::lock_guard lock(mutex_);
    auto& box = call_mailboxes_[session];
    box.device = device;
    box.spaces.insert(space);
}

void RelayHub::leave_calls(std::uint64_t session, const SpaceId& space) {
    std::lock_guard lock(mutex_);
    auto it = call_mailboxes_.find(session);
    if (it != call_mailboxes_.end()) it->second.spaces.erase(space);
}

std::pair<std::size_t, std::size_t> RelayHub::forward_call_frame(
    std::uint64_t from, const SpaceId& space, const grove::net::v1::CallFrame& frame) {
    std::size_t queued = 0, dropped = 0;
    {
        std::lock_guard lock(mutex_);
        auto self = call_mailboxes_.find(from);
        for (auto& [session, box] : call_mailboxes_) {
            if (session == from || !box.spaces.contains(space)) continue;
            // Another link of the sending device: it has the frame already.
            if (self != call_mailboxes_.end() && box.device == self->second.device) continue;
            if (box.queue.size() >= kCallQueue) {
                box.queue.pop_front();
                ++dropped;
            }
            box.queue.push_back(frame);
            ++queued;
        }
    }
    if (queued > 0 && wake_all_) wake_all_();
    return {queued, dropped};
}

std::deque<grove::net::v1::CallFrame> RelayHub::take_call_frames(std::uint64_t session) {
    std::lock_guard lock(mutex_);
    auto it = call_mailboxes_.find(session);
    if (it == call_mailboxes_.end()) return {};
    return std::exchange(it->second.queue, {});
}

// ---- RelaySession ----

RelaySession::~RelaySession() {
    if (hub_) hub_->end_session(session_);
}

void RelaySession::notice(const std::string& space, ErrorCode code, const std::string& text) {
    nv::LinkMessage m;
    m.mutable_notice()->set_space_id(space);
    m.mutable_notice()->set_code(static_cast<std::uint32_t>(code) + 1);
    m.mutable_notice()->set_message(text);
    send_(std::move(m));
}

RelaySession::Admission RelaySession::admission(const SpaceId& space) {
    Admission out;
    auto check = store_.check_member(space, device_);  // the rosters' own lock, not the store's
    if (!check.has_roster) {
        out.reason = nv::REFUSAL_NO_ROSTER;
        return out;
    }
    out.digest = to_string(ByteView(check.digest));
    out.admitted = check.admitted;
    if (!out.admitted) out.reason = nv::REFUSAL_NOT_MEMBER;
    return out;
}

void RelaySession::refuse(const std::string& space, nv::RefusalReason reason,
                          const std::string& text, std::size_t deltas, const std::string& digest) {
    auto now = std::chrono::steady_clock::now();
    std::chrono::duration<double> elapsed = now - refusal_refill_;
    refusal_refill_ = now;
    refusal_tokens_ =
        std::min(kRefusalsPerSecond, refusal_tokens_ + elapsed.count() * kRefusalsPerSecond);
    if (refusal_tokens_ < 1) {
        ++counters_.refusals_unsent;
        return;
    }
    refusal_tokens_ -= 1;
    nv::LinkMessage m;
    auto* r = m.mutable_refusal();
    r->set_space_id(space);
    r->set_reason(reason);
    r->set_message(text);
    r->set_deltas(static_cast<std::uint32_t>(deltas));
    r->set_roster_digest(digest);
    send_(std::move(m));
}

namespace {
const char* membership_text(nv::RefusalReason reason) {
    return reason == nv::REFUSAL_NO_ROSTER
               ? "the relay holds no roster of this space: a manager device of the space has not "
                 "given it one yet"
               : "this device is not a member of the space in the relay's roster";
}
}  // namespace

Result<void> RelaySession::on_deltas(const std::string& space_id,
                                     std::vector<grove::wire::v1::SealedDelta> raw) {
    auto id = fixed_from<kSpaceIdSize>(as_bytes(space_id));
    if (!id) return make_error(ErrorCode::InvalidArgument, "malformed space id");
    // Only current member devices store: before any signature is checked.
    auto adm = admission(*id);
    if (!adm.admitted) {
        counters_.refused_not_member += raw.size();
        refuse(space_id, adm.reason, membership_text(adm.reason), raw.size(), adm.digest);
        return {};
    }
    if (raw.size() > Replicator::kMaxBatchDeltas) {
        refuse(space_id, nv::REFUSAL_LIMIT, "a batch of more than 4,096 deltas", raw.size(),
               adm.digest);
        return {};
    }
    auto batch = authenticate_batch(*id, std::move(raw));
    counters_.rejected += batch.rejected;
    if (batch.rejected > 0 && !batch.reasons.empty())
        refuse(space_id, nv::REFUSAL_INVALID,
               "the relay refused " + std::to_string(batch.rejected) +
                   " deltas: " + batch.reasons.front(),
               batch.rejected, adm.digest);
    Result<RelayAppend> appended = RelayAppend{};
    VersionVector now;
    RelayQuota quota = RelayQuota::None;
    {
        std::lock_guard lock(store_mutex_);
        appended = store_.append(*id, batch.deltas);
        now = store_.vector(*id);
        quota = store_.last_quota();
    }
    if (!appended.ok()) {
        counters_.rejected += batch.deltas.size();
        nv::RefusalReason reason = nv::REFUSAL_UNSPECIFIED;
        if (appended.error().code == ErrorCode::ResourceExhausted) {
            counters_.refused_quota += batch.deltas.size();
            reason = quota == RelayQuota::Device  ? nv::REFUSAL_DEVICE_QUOTA
                     : quota == RelayQuota::Total ? nv::REFUSAL_TOTAL_QUOTA
                                                  : nv::REFUSAL_SPACE_QUOTA;
        }
        refuse(space_id, reason, appended.error().message, batch.deltas.size(), adm.digest);
        return {};
    }
    counters_.accepted += appended->stored;
    auto st_it = spaces_.find(*id);
    if (st_it != spaces_.end())
        for (const auto& d : batch.deltas)
            st_it->second.remote_has[d.author] =
                std::max(st_it->second.remote_has[d.author], d.seq);
    nv::LinkMessage ack;
    ack.mutable_ack()->set_space_id(space_id);
    vector_to_proto(now, ack.mutable_ack()->mutable_vector());
    ack.mutable_ack()->set_roster_digest(adm.digest);
    send_(std::move(ack));
    if (appended->stored > 0 && stored_) stored_();
    return {};
}

Result<void> RelaySession::on_roster(const nv::Roster& roster) {
    auto verified = verify_roster(roster);  // the signature check, outside the store lock
    std::string space_id;
    if (verified.ok()) space_id = to_string(ByteView(verified->space));
    auto refused = [&](const std::string& why, const std::string& digest) {
        ++counters_.rosters_refused;
        refuse(space_id, nv::REFUSAL_ROSTER_REFUSED, why, 0, digest);
        return Result<void>{};
    };
    if (!verified.ok()) return refused("roster refused: " + verified.error().message, {});
    // A roster comes from its signer's own link (nobody forwards another device's statement).
    if (verified->signer != device_)
        return refused("roster refused: it is not signed by this link's device", {});
    Result<RosterMerge> merged = RosterMerge{};
    std::string digest;
    VersionVector vector;
    {
        std::lock_guard lock(store_mutex_);
        const RelayRoster* current = store_.roster(verified->space);
        std::optional<RelayRoster> now;
        if (current) now = *current;
        merged = merge_roster(now, *verified, store_.vector(verified->space));
        if (merged.ok() && merged->outcome != RosterOutcome::Stale) {
            auto put = store_.put_roster(verified->space, merged->roster);
            if (!put.ok()) merged = put.error();
        }
        if (const RelayRoster* r = store_.roster(verified->space))
            digest = to_string(ByteView(r->digest));
        vector = store_.vector(verified->space);
    }
    if (!merged.ok()) return refused("roster refused: " + merged.error().message, digest);
    if (merged->outcome == RosterOutcome::Stale)
        return refused(
            "roster refused: stale (the relay's roster was stated having seen more of the space)",
            digest);
    ++counters_.rosters_accepted;
    nv::LinkMessage ack;
    ack.mutable_ack()->set_space_id(space_id);
    vector_to_proto(vector, ack.mutable_ack()->mutable_vector());
    ack.mutable_ack()->set_roster_digest(digest);
    send_(std::move(ack));
    if (stored_) stored_();  // other links re-check their device's membership
    return {};
}

void RelaySession::recheck_membership() {
    const std::uint64_t generation = store_.roster_generation();
    if (generation == roster_generation_) return;
    roster_generation_ = generation;
    for (auto it = spaces_.begin(); it != spaces_.end();) {
        auto adm = admission(it->first);
        if (adm.admitted) {
            ++it;
            continue;
        }
        // Removed (or revoked) since its hello: nothing more is served to it.
        if (hub_) {
            hub_->close_need(it->first, device_);
            hub_->leave_calls(session_, it->first);
        }
        refuse(to_string(ByteView(it->first)), adm.reason, membership_text(adm.reason), 0,
               adm.digest);
        it = spaces_.erase(it);
    }
}

Result<void> RelaySession::handle_owned(nv::LinkMessage&& message) {
    if (RelayChunkSession::claims(message))
        return chunks_ ? chunks_->handle(std::move(message)) : Result<void>{};
    if (message.has_refill()) return on_refill(*message.mutable_refill());
    if (!message.has_deltas()) return handle(message);
    auto* d = message.mutable_deltas();
    std::vector<grove::wire::v1::SealedDelta> raw;
    raw.reserve(d->deltas_size());
    for (auto& delta : *d->mutable_deltas()) raw.push_back(std::move(delta));
    return on_deltas(d->space_id(), std::move(raw));
}

Result<void> RelaySession::handle(const nv::LinkMessage& message) {
    switch (message.body_case()) {
        case nv::LinkMessage::kHello: {
            auto id = fixed_from<kSpaceIdSize>(as_bytes(message.hello().space_id()));
            if (!id) return make_error(ErrorCode::InvalidArgument, "malformed space id");
            // Only a device the space's roster admits gets state here (and anything served).
            auto adm = admission(*id);
            if (!adm.admitted) {
                ++counters_.refused_not_member;
                if (spaces_.erase(*id) > 0 && hub_) {
                    hub_->close_need(*id, device_);
                    hub_->leave_calls(session_, *id);
                }
                refuse(message.hello().space_id(), adm.reason, membership_text(adm.reason), 0,
                       adm.digest);
                return {};
            }
            if (message.hello().vector_size() > static_cast<int>(kMaxVectorEntries)) {
                refuse(message.hello().space_id(), nv::REFUSAL_LIMIT,
                       "a vector of more than 65,536 authors", 0, adm.digest);
                return {};
            }
            const std::size_t most = store_.limits().max_spaces_per_link;
            if (!spaces_.contains(*id) && spaces_.size() >= most) {
                refuse(message.hello().space_id(), nv::REFUSAL_LIMIT,
                       "this link already uses " + std::to_string(most) + " spaces", 0, adm.digest);
                return {};
            }
            auto& st = spaces_[*id];
            VersionVector theirs = vector_from_proto(message.hello().vector());
            if (!st.hello_sent) {
                st.cursor = 0;
            } else if (message.hello().resend()) {
                std::lock_guard lock(store_mutex_);
                const VersionVector floor = store_.floor(*id);
                for (const auto& [device, seq] : st.remote_has) {
                    auto it = theirs.find(device);
                    std::uint64_t have = it == theirs.end() ? 0 : it->second;
                    if (seq <= have) continue;
                    auto pos = store_.position_of(*id, device, have + 1);
                    if (!pos) {
                        // Expired here: only a refill brings it (not a rescan of the log).
                        auto f = floor.find(device);
                        if (f != floor.end() && have + 1 <= f->second) continue;
                    }
                    st.cursor = std::min(st.cursor, pos ? *pos - 1 : 0);
                }
                st.refill_cursor = 0;
            }
            bool advanced = false;
            if (!st.hello_sent || message.hello().resend()) {
                st.remote_has = theirs;
            } else {
                for (const auto& [device, seq] : theirs) {
                    auto& has = st.remote_has[device];
                    if (seq > has) advanced = true;
                    has = std::max(has, seq);
                }
            }
            // Their vector grew by another way (a direct link): held-back deltas may go now.
            if (advanced && st.held != kNoHold) {
                st.cursor = std::min(st.cursor, st.held - 1);
                st.held = kNoHold;
            }
            if (hub_) {
                check_gap(*id, st, theirs);
                hub_->join_calls(session_, device_, *id);
            }
            if (!st.hello_sent) {
                nv::LinkMessage reply;
                reply.mutable_hello()->set_space_id(message.hello().space_id());
                {
                    std::lock_guard lock(store_mutex_);
                    vector_to_proto(store_.vector(*id), reply.mutable_hello()->mutable_vector());
                }
                reply.mutable_hello()->set_roster_digest(adm.digest);
                st.hello_sent = true;
                send_(std::move(reply));
            }
            return {};
        }
        case nv::LinkMessage::kDeltas: {
            const auto& d = message.deltas();
            return on_deltas(d.space_id(), {d.deltas().begin(), d.deltas().end()});
        }
        case nv::LinkMessage::kAck: {
            auto id = fixed_from<kSpaceIdSize>(as_bytes(message.ack().space_id()));
            auto it = id ? spaces_.find(*id) : spaces_.end();
            if (it == spaces_.end()) return {};
            if (message.ack().vector_size() > static_cast<int>(kMaxVectorEntries)) return {};
            for (const auto& [device, seq] : vector_from_proto(message.ack().vector()))
                it->second.remote_has[device] = std::max(it->second.remote_has[device], seq);
            return {};
        }
        case nv::LinkMessage::kRefill: {
            nv::Refill copy = message.refill();
            return on_refill(copy);
        }
        case nv::LinkMessage::kShortInvitationDeposit:
            return on_short_deposit(message.short_invitation_deposit());
        case nv::LinkMessage::kShortInvitationLookup:
            return on_short_lookup(message.short_invitation_lookup());
        case nv::LinkMessage::kRoster:
            return on_roster(message.roster());
        case nv::LinkMessage::kChunkHave:
        case nv::LinkMessage::kChunkWant:
        case nv::LinkMessage::kChunkPut:
            return chunks_ ? chunks_->handle(nv::LinkMessage(message)) : Result<void>{};
        case nv::LinkMessage::kCallFrame:
            on_call_frame(message.call_frame());
            return {};
        case nv::LinkMessage::kJoinRequest: {
            nv::LinkMessage reply;
            reply.mutable_join_response()->set_space_id(message.join_request().space_id());
            reply.mutable_join_response()->set_error("a relay cannot admit members");
            send_(std::move(reply));
            return {};
        }
        case nv::LinkMessage::BODY_NOT_SET:
            return make_error(ErrorCode::InvalidArgument, "an empty link message");
        default: return {};
    }
}

void RelaySession::on_call_frame(const nv::CallFrame& frame) {
    auto now = std::chrono::steady_clock::now();
    std::chrono::duration<double> elapsed = now - call_refill_;
    call_refill_ = now;
    call_tokens_ =
        std::min(kCallFramesPerSecond, call_tokens_ + elapsed.count() * kCallFramesPerSecond);
    auto id = fixed_from<kSpaceIdSize>(as_bytes(frame.space_id()));
    // Only from a device whose hello the space's roster admitted (spaces_ is rechecked when
    // the roster changes); the sender is this link's device, whatever the frame claims.
    if (!hub_ || call_tokens_ < 1 || !id || !spaces_.contains(*id) || !frame.sender().empty() ||
        frame.sealed().size() > 4096) {
        ++counters_.call_frames_refused;
        return;
    }
    call_tokens_ -= 1;
    nv::CallFrame copy = frame;
    copy.set_sender(to_string(ByteView(device_)));
    auto [queued, dropped] = hub_->forward_call_frame(session_, *id, copy);
    counters_.call_frames_forwarded += queued;
    counters_.call_frames_dropped += dropped;
}

Result<bool> RelaySession::pump() {
    recheck_membership();
    if (hub_) send_refill_requests();
    if (hub_) {
        for (auto& frame : hub_->take_call_frames(session_)) {
            auto id = fixed_from<kSpaceIdSize>(as_bytes(frame.space_id()));
            if (!id || !spaces_.contains(*id)) continue;
            nv::LinkMessage m;
            *m.mutable_call_frame() = std::move(frame);
            send_(std::move(m));
        }
    }
    bool more = chunks_ && chunks_->pump();
    for (auto& [id, st] : spaces_) {
        if (!st.hello_sent) continue;
        auto r = forward(id, st);
        if (!r.ok()) return r.error();
        more = more || *r;
    }
    return more;
}

Result<bool> RelaySession::forward(const SpaceId& id, SpaceState& st) {
    if (hub_) {
        auto g = hub_->generation(id, device_);
        if (g != st.refill_generation) {  // re-sent deltas were stored for this device
            st.refill_generation = g;
            st.has_refills = true;
            st.refill_cursor = 0;
            st.refill_held = kNoHold;
        }
    }
    // Authors this device is behind on: when one advances, deltas held back above the hole go.
    std::vector<std::uint64_t> before;
    for (const auto& [author, f] : st.gap_floor) before.push_back(st.remote_has[author]);
    bool more = false;
    bool sent = false;
    auto send_batch = [&](OutgoingBatch& batch) {
        if (batch.deltas.empty()) return;
        sent = true;
        counters_.delivered += batch.deltas.size();
        nv::LinkMessage m;
        m.mutable_deltas()->set_space_id(to_string(id));
        for (auto& d : batch.deltas) *m.mutable_deltas()->add_deltas() = std::move(d);
        send_(std::move(m));
    };
    // Re-sent deltas held for this device first: they precede the log's (they are older).
    if (st.has_refills) {
        for (int i = 0; i < 4; ++i) {
            auto batch = store_.read_refill(id, device_, st.refill_cursor, st.remote_has, 512,
                                            1024 * 1024, &st.refill_held);
            if (!batch.ok()) return batch.error();
            st.refill_cursor = batch->cursor;
            send_batch(*batch);
            if (!batch->more) break;
            if (i == 3) more = true;
        }
    }
    for (int i = 0; i < 4; ++i) {
        // RelayStore::read has its own connection and lock: no wait for an append's commit.
        auto batch = store_.read(id, st.cursor, st.remote_has, 512, 1024 * 1024, &st.held);
        if (!batch.ok()) return batch.error();
        st.cursor = batch->cursor;
        send_batch(*batch);
        if (!batch->more) break;
        if (i == 3) more = true;
    }
    bool advanced = st.gap_floor.empty() && sent;
    std::size_t k = 0;
    for (const auto& [author, f] : st.gap_floor)
        if (st.remote_has[author] > before[k++]) advanced = true;
    if (advanced && (st.held != kNoHold || st.refill_held != kNoHold)) {
        if (st.held != kNoHold) st.cursor = std::min(st.cursor, st.held - 1);
        if (st.refill_held != kNoHold)
            st.refill_cursor = std::min(st.refill_cursor, st.refill_held - 1);
        st.held = st.refill_held = kNoHold;
        more = true;
    }
    return more;
}

// ---- retention ----

void RelaySession::check_gap(const SpaceId& space, SpaceState& st, const VersionVector& theirs) {
    VersionVector floor;
    {
        std::lock_guard lock(store_mutex_);
        floor = store_.floor(space);
        // What the device now holds of the deltas re-sent for it is delivered: drop it.
        if (store_.refill_count(space, device_) > 0)
            (void)store_.prune_refill(space, device_, theirs);
        st.has_refills = store_.refill_count(space, device_) > 0;
    }
    VersionVector behind;
    for (const auto& [author, f] : floor) {
        auto it = theirs.find(author);
        if ((it == theirs.end() ? 0 : it->second) < f) behind[author] = f;
    }
    nv::LinkMessage m;
    auto* gap = m.mutable_retention_gap();
    gap->set_space_id(to_string(space));
    if (!behind.empty()) {
        auto need = hub_->open_need(session_, space, device_, theirs, behind);
        const std::size_t asked = need.asked;
        std::string problem = need.problem;
        // Every device asked has finished, and the device holds all they sent: they lack the
        // rest too. (Until then, re-sent deltas may still be on their way.)
        if (problem.empty() && asked > 0 && need.done == asked && !st.has_refills)
            problem =
                "the member devices asked do not hold all of it either; waiting for "
                "another one to connect";
        if (st.gap_told && behind == st.gap_floor && asked == st.gap_asked &&
            problem == st.gap_problem)
            return;
        vector_to_proto(behind, gap->mutable_floor());
        gap->set_members_asked(static_cast<std::uint32_t>(asked));
        gap->set_problem(problem);
        st.gap_told = true;
        st.gap_floor = std::move(behind);
        st.gap_asked = asked;
        st.gap_problem = problem;
    } else {
        if (!st.gap_told) return;
        hub_->close_need(space, device_);  // an empty floor: the gap is closed
        st.gap_told = false;
        st.gap_floor.clear();
        st.gap_asked = 0;
        st.gap_problem.clear();
    }
    ++counters_.retention_gaps;
    send_(std::move(m));
}

void RelaySession::send_refill_requests() {
    std::set<SpaceId> offered;
    for (const auto& [id, st] : spaces_)
        if (st.hello_sent) offered.insert(id);
    if (offered.empty()) return;
    for (auto& need : hub_->take_requests(session_, device_, offered)) {
        nv::LinkMessage m;
        auto* r = m.mutable_refill_request();
        r->set_space_id(to_string(need.space));
        r->set_request_id(need.id);
        vector_to_proto(need.vector, r->mutable_vector());
        vector_to_proto(need.floor, r->mutable_floor());
        ++counters_.refill_requests;
        send_(std::move(m));
    }
}

Result<void> RelaySession::on_refill(nv::Refill& refill) {
    auto id = fixed_from<kSpaceIdSize>(as_bytes(refill.space_id()));
    if (!id) return make_error(ErrorCode::InvalidArgument, "malformed space id");
    const auto n = static_cast<std::uint64_t>(refill.deltas_size());
    if (!admission(*id).admitted) {
        counters_.refills_refused += n;
        counters_.refused_not_member += n;
        return {};
    }
    auto need = hub_ ? hub_->answered(refill.request_id(), session_, *id) : std::nullopt;
    if (!need) {
        // Not asked of this link (or no longer needed): nothing is stored.
        counters_.refills_refused += n;
        if (n > 0)
            notice(refill.space_id(), ErrorCode::FailedPrecondition,
                   "the relay did not ask this device for that refill (or no longer needs it)");
        return {};
    }
    if (n == 0) {
        if (refill.done()) hub_->finished(need->id, session_);
        return {};
    }
    if (n > Replicator::kMaxBatchDeltas) {
        counters_.refills_refused += n;
        notice(refill.space_id(), ErrorCode::ResourceExhausted, "refill batch too large");
        return {};
    }
    std::vector<grove::wire::v1::SealedDelta> raw;
    raw.reserve(n);
    for (auto& d : *refill.mutable_deltas()) raw.push_back(std::move(d));
    auto batch = authenticate_batch(*id, std::move(raw));
    counters_.rejected += batch.rejected;
    if (batch.rejected > 0 && !batch.reasons.empty())
        notice(refill.space_id(), ErrorCode::InvalidArgument,
               "the relay refused " + std::to_string(batch.rejected) +
                   " re-sent deltas: " + batch.reasons.front());
    Result<std::size_t> stored = std::size_t{0};
    {
        std::lock_guard lock(store_mutex_);
        stored = store_.append_refill(*id, need->device, batch.deltas);
    }
    if (!stored.ok()) {
        counters_.refills_refused += batch.deltas.size();
        hub_->set_problem(need->id, stored.error().message);
        notice(refill.space_id(), stored.error().code, stored.error().message);
        return {};
    }
    counters_.refilled += *stored;
    if (refill.done()) hub_->finished(need->id, session_);
    if (*stored > 0) hub_->refilled(*id, need->device);
    return {};
}

// ---- short invitation codes ----

Result<void> RelaySession::on_short_deposit(const nv::ShortInvitationDeposit& deposit) {
    if (!short_invitations_) return {};
    auto space = fixed_from<kSpaceIdSize>(as_bytes(deposit.space_id()));
    auto refuse = [&](const std::string& why) {
        nv::LinkMessage m;
        m.mutable_notice()->set_message("short invitation " + deposit.locator() +
                                        " not filed: " + why);
        send_(std::move(m));
        return Result<void>{};
    };
    if (!space || !store_.check_member(*space, device_).admitted)
        return refuse("this device is not in the space's roster here");
    auto filed = short_invitations_->file(deposit, to_hex(device_));
    if (!filed) return refuse(filed.error().message);
    return {};
}

Result<void> RelaySession::on_short_lookup(const nv::ShortInvitationLookup& lookup) {
    const std::size_t cap = ShortInvitationLimits{}.lookups_per_link;
    if (++short_lookups_ > cap)
        return make_error(ErrorCode::ResourceExhausted,
                          "more than " + std::to_string(cap) +
                              " short invitation lookups on one link");
    nv::LinkMessage reply;
    if (short_invitations_) {
        *reply.mutable_short_invitation_answer() =
            short_invitations_->lookup(lookup.locator(), source_);
    } else {
        reply.mutable_short_invitation_answer()->set_locator(lookup.locator());
        reply.mutable_short_invitation_answer()->set_status(nv::ShortInvitationAnswer::UNKNOWN);
    }
    send_(std::move(reply));
    return {};
}

}  // namespace grove::platform::net
