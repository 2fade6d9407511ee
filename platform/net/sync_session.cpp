#include "net/sync_session.h"

namespace grove::platform::net {

namespace nv = grove::net::v1;

SyncSession::SyncSession(Replicator& replicator, crypto::SignPublicKey remote, crypto::Hash binding,
                         Sender send, SyncOptions options)
    : replicator_(replicator),
      remote_(remote),
      binding_(binding),
      send_(std::move(send)),
      options_(options) {
    // ---- ephemeral ---- (never to a relay: it would have nothing to do with it but store it)
    if (!options_.remote_is_relay)
        ephemeral_sink_ = replicator_.on_outgoing_ephemeral([this](const EphemeralOut& m) {
            std::lock_guard lock(ephemeral_mutex_);
            if (ephemeral_out_.size() >= kEphemeralOutbox) ephemeral_out_.pop_front();
            ephemeral_out_.push_back(m);
        });
    // ---- calls ---- (to relays too: they forward frames to members they cannot reach us from)
    call_sink_ = replicator_.on_outgoing_call_frame([this](const grove::net::v1::CallFrame& f) {
        std::lock_guard lock(call_mutex_);
        if (call_out_.size() >= kCallOutbox) {
            call_out_.pop_front();
            ++call_out_dropped_;
        }
        call_out_.push_back(f);
    });
    channel_ = replicator_.open_link_channel(remote_, options_.remote_is_relay);
}

void SyncSession::problem(std::string text) {
    stats_.last_problem = std::move(text);
}

bool SyncSession::shared(const SpaceId& space) const {
    if (options_.space_filter && !options_.space_filter(space)) return false;
    if (options_.remote_is_relay) return true;
    return replicator_.may_receive(space, remote_);
}

std::optional<VersionVector> SyncSession::remote_vector(const SpaceId& space) const {
    auto it = spaces_.find(space);
    if (it == spaces_.end() || !it->second.remote_known) return std::nullopt;
    return it->second.remote_has;
}

Result<void> SyncSession::send_hello(const SpaceId& space, SpaceState& st) {
    auto info = replicator_.info(space);
    if (!info.ok()) return info.error();
    nv::LinkMessage m;
    auto* h = m.mutable_hello();
    h->set_space_id(to_string(space));
    vector_to_proto(info->vector, h->mutable_vector());
    h->set_heads_digest(to_string(info->heads_digest));
    h->set_resend(st.want_resend);
    st.hello_sent = true;
    st.want_hello = false;
    st.want_resend = false;
    ++stats_.hellos_sent;
    send_(std::move(m));
    return {};
}

Result<bool> SyncSession::pump() {
    if (!replicator_.unlocked()) return false;
    GROVE_TRY(send_addresses());
    send_short_deposits();
    send_ephemeral_queued();
    send_call_frames_queued();
    bool channel_more = channel_ && channel_->pump(send_);
    for (const auto& id : replicator_.spaces()) {
        auto& st = spaces_[id];
        if ((!st.hello_sent || st.want_hello) && shared(id)) GROVE_TRY(send_hello(id, st));
    }
    bool more = false;
    for (auto& [id, st] : spaces_) {
        if (!st.remote_known || !shared(id)) continue;
        auto sent = send_batches(id, st);
        if (!sent.ok()) return sent.error();
        more = more || *sent;
    }
    if (options_.remote_is_relay)
        for (auto& [id, st] : spaces_)
            if (st.roster_due && shared(id)) GROVE_TRY(send_roster(id, st));
    if (!refills_.empty()) {
        auto r = pump_refills(options_.batches_per_pump);
        if (!r.ok()) return r.error();
        more = more || !refills_.empty();
    }
    return more || channel_more;
}

Result<bool> SyncSession::send_batches(const SpaceId& id, SpaceState& st) {
    for (std::size_t i = 0; i < options_.batches_per_pump; ++i) {
        auto batch = replicator_.outgoing(id, st.cursor, st.remote_has, options_.batch_deltas,
                                          options_.batch_bytes);
        if (!batch.ok()) return batch.error();
        st.cursor = batch->cursor;
        if (!batch->deltas.empty()) {
            nv::LinkMessage m;
            auto* d = m.mutable_deltas();
            d->set_space_id(to_string(id));
            stats_.sent_deltas += batch->deltas.size();
            for (auto& delta : batch->deltas) *d->add_deltas() = std::move(delta);
            send_(std::move(m));
        }
        if (!batch->more) return false;
    }
    return true;
}

void SyncSession::tick() {
    stalled_ = stats_.applied == applied_at_last_tick_;
    applied_at_last_tick_ = stats_.applied;
    ++ticks_since_deposits_;
    for (auto& [id, st] : spaces_) {
        if (st.hello_sent) st.want_hello = true;
        if (st.relay_digest_known) st.roster_due = true;
    }
}

void SyncSession::on_hello(const nv::SpaceHello& hello) {
    auto id = fixed_from<kSpaceIdSize>(as_bytes(hello.space_id()));
    if (!id) return problem("a hello with a malformed space id");
    auto info = replicator_.info(*id);
    if (!info.ok()) return;  // a space we do not hold: say nothing about it
    if (!shared(*id)) return problem("a hello for a space the other device is not a member of");
    auto& st = spaces_[*id];
    if (options_.remote_is_relay) {
        note_relay_roster(*id, st, hello.roster_digest());
        relay_took(*id, st);
    }
    VersionVector theirs = vector_from_proto(hello.vector());
    const bool first_hello = !st.remote_known;
    if (!st.remote_known) {
        bool equal =
            !hello.heads_digest().empty() && hello.heads_digest() == to_string(info->heads_digest);
        st.cursor = equal ? info->last_position : 0;
    } else if (hello.resend()) {
        // They lack something we counted as sent and asked again: resend from the earliest
        // such delta, not from the start.
        for (const auto& [device, seq] : st.remote_has) {
            auto it = theirs.find(device);
            std::uint64_t have = it == theirs.end() ? 0 : it->second;
            if (seq <= have) continue;
            auto pos = replicator_.position_of(*id, device, have + 1);
            st.cursor = std::min(st.cursor, pos ? *pos - 1 : 0);
        }
    }
    if (!st.remote_known || hello.resend()) {
        st.remote_has = std::move(theirs);
    } else {
        for (const auto& [device, seq] : theirs)
            st.remote_has[device] = std::max(st.remote_has[device], seq);
    }
    st.remote_known = true;
    // Only what a device of the space authored counts: an outsider's deltas never apply here,
    // and asking for them again would loop.
    bool they_have_more = false;
    for (const auto& [device, seq] : st.remote_has) {
        auto it = info->vector.find(device);
        if (seq > (it == info->vector.end() ? 0 : it->second) &&
            replicator_.may_receive(*id, device))
            they_have_more = true;
    }
    if (!st.hello_sent) st.want_hello = true;
    // They have more and nothing arrived from them for a whole tick: ask them to resend.
    if (they_have_more && stalled_) st.want_hello = st.want_resend = true;
    // The first answer to a hello goes out before anything that follows the hello is handled:
    // what arrives next may end this device's membership (and drop the space here), and what it
    // wrote before learning so must still reach the others (docs/protocol-sync.md, "Answering a
    // hello"). Later batches go out at the next pump.
    if (first_hello) {
        auto sent = send_batches(*id, st);
        if (!sent.ok()) problem("answering a hello: " + sent.error().describe());
    }
}

void SyncSession::on_deltas(const std::string& space_id,
                            std::vector<grove::wire::v1::SealedDelta> deltas) {
    auto id = fixed_from<kSpaceIdSize>(as_bytes(space_id));
    if (!id) return problem("deltas with a malformed space id");
    stats_.received_deltas += deltas.size();
    auto report = replicator_.ingest(*id, std::move(deltas));
    if (!report.ok()) {
        if (report.error().code != ErrorCode::NotFound) problem(report.error().describe());
        return;
    }
    stats_.applied += report->applied;
    stats_.duplicates += report->duplicates;
    stats_.rejected += report->rejected;
    if (!report->reasons.empty()) problem("rejected deltas: " + report->reasons.front());
    auto& st = spaces_[*id];
    if (report->applied > 0) st.fruitless_resends = 0;
    if (st.remote_known)
        for (const auto& [device, seq] : report->seen)
            st.remote_has[device] = std::max(st.remote_has[device], seq);
    // Behind a relay's retention, pending deltas wait for the refill: asking that relay to
    // resend its log would only bring them again.
    if (report->gap && report->applied == 0 && !st.behind_retention) ask_resend_for_gap(st);
    // Caught up past a relay's floor (from it or from any member)? Then tell the relay what we
    // hold and have it send from there everything we still lack.
    if (report->applied > 0 && replicator_.retention_progress(*id) && st.behind_retention) {
        st.behind_retention = false;
        st.want_hello = st.want_resend = true;
    }
}

void SyncSession::ask_resend_for_gap(SpaceState& st) {
    if (st.fruitless_resends >= kMaxFruitlessResends) {
        ++stats_.resends_withheld;
        return problem("deltas that do not apply after " + std::to_string(kMaxFruitlessResends) +
                       " resends: not asked for again");
    }
    ++st.fruitless_resends;
    st.want_hello = st.want_resend = true;
}

// ---- retention (docs/replication.md, "Lagging past retention") ----

void SyncSession::on_retention_gap(const nv::RetentionGap& gap) {
    if (!options_.remote_is_relay)
        return problem("a retention gap from a device that is not a relay: ignored");
    auto id = fixed_from<kSpaceIdSize>(as_bytes(gap.space_id()));
    if (!id) return problem("a retention gap with a malformed space id");
    if (options_.space_filter && !options_.space_filter(*id)) return;
    if (gap.floor_size() > 100000 || gap.problem().size() > 4096)
        return problem("an oversized retention gap: ignored");
    ++stats_.retention_gaps;
    auto behind = replicator_.note_retention_gap(*id, remote_, vector_from_proto(gap.floor()),
                                                 gap.members_asked(), gap.problem());
    if (!behind.ok()) return;  // a space we do not hold
    auto& st = spaces_[*id];
    const bool was = st.behind_retention;
    st.behind_retention = *behind;
    if (was && !*behind) st.want_hello = st.want_resend = true;
}

void SyncSession::on_refill_request(const nv::RefillRequest& request) {
    if (!options_.remote_is_relay)
        return problem("a refill request from a device that is not a relay: ignored");
    auto id = fixed_from<kSpaceIdSize>(as_bytes(request.space_id()));
    if (!id) return problem("a refill request with a malformed space id");
    if (options_.space_filter && !options_.space_filter(*id)) return;
    if (!replicator_.info(*id).ok()) return;  // not a space we hold
    if (!refills_.contains(*id) && refills_.size() >= kMaxRefills)
        return problem("too many refill requests at once: ignored");
    ++stats_.refill_requests;
    RefillOut out;
    out.request_id = request.request_id();
    out.has = vector_from_proto(request.vector());
    out.floor = vector_from_proto(request.floor());
    refills_[*id] = std::move(out);  // a newer request for the space replaces the older
}

Result<void> SyncSession::pump_refills(std::size_t budget) {
    for (auto it = refills_.begin(); it != refills_.end() && budget > 0;) {
        auto& [id, r] = *it;
        bool done = false;
        while (budget > 0 && !done) {
            --budget;
            auto batch = replicator_.outgoing(id, r.cursor, r.has, options_.batch_deltas,
                                              options_.batch_bytes);
            if (!batch.ok()) {
                if (batch.error().code != ErrorCode::NotFound) return batch.error();
                done = true;  // the space is gone here
                break;
            }
            r.cursor = batch->cursor;
            bool covered = true;
            for (const auto& [author, f] : r.floor) {
                auto h = r.has.find(author);
                if (h == r.has.end() || h->second < f) covered = false;
            }
            done = !batch->more || covered;
            nv::LinkMessage m;
            auto* out = m.mutable_refill();
            out->set_space_id(to_string(id));
            out->set_request_id(r.request_id);
            out->set_done(done);
            stats_.refill_sent += batch->deltas.size();
            for (auto& d : batch->deltas) *out->add_deltas() = std::move(d);
            send_(std::move(m));
        }
        it = done ? refills_.erase(it) : std::next(it);
    }
    return {};
}

Result<void> SyncSession::start_join(const nv::InvitationCode& code, JoinDone done) {
    auto req = replicator_.make_join_request(code, binding_);
    if (!req.ok()) return req.error();
    join_code_ = code;
    join_done_ = std::move(done);
    nv::LinkMessage m;
    *m.mutable_join_request() = std::move(req).value();
    send_(std::move(m));
    return {};
}

Result<void> SyncSession::start_pair(const nv::PairingCode& code, std::string passphrase,
                                     PairDone done) {
    auto req = replicator_.make_pair_request(code, binding_);
    if (!req.ok()) return req.error();
    pair_code_ = code;
    pair_passphrase_ = std::move(passphrase);
    pair_done_ = std::move(done);
    nv::LinkMessage m;
    *m.mutable_pair_request() = std::move(req).value();
    send_(std::move(m));
    return {};
}

void SyncSession::on_pair_request(const nv::PairRequest& request) {
    if (options_.remote_is_relay) return;
    nv::LinkMessage reply;
    auto* r = reply.mutable_pair_response();
    // Bound to this link: its binding is the challenge, its authenticated device the new device.
    auto response = replicator_.pair(request, binding_, remote_);
    if (response.ok()) {
        *r = std::move(response).value();
    } else {
        r->set_error(response.error().describe());
        problem("pairing refused: " + response.error().describe());
    }
    send_(std::move(reply));
}

void SyncSession::on_pair_response(const nv::PairResponse& response) {
    if (!pair_code_ || !pair_done_) return;
    auto done = std::exchange(pair_done_, nullptr);
    auto code = *std::exchange(pair_code_, std::nullopt);
    auto accepted = replicator_.accept_pairing(code, response, pair_passphrase_);
    std::fill(pair_passphrase_.begin(), pair_passphrase_.end(), '\0');
    pair_passphrase_.clear();
    done(std::move(accepted));
}

Result<void> SyncSession::handle_owned(nv::LinkMessage&& message) {
    if (channel_ && channel_->claims(message)) {
        note_activity();
        return channel_->handle(std::move(message));
    }
    if (!message.has_deltas()) return handle(message);
    note_activity();
    auto* d = message.mutable_deltas();
    std::vector<grove::wire::v1::SealedDelta> deltas;
    deltas.reserve(d->deltas_size());
    for (auto& delta : *d->mutable_deltas()) deltas.push_back(std::move(delta));
    on_deltas(d->space_id(), std::move(deltas));
    return {};
}

Result<void> SyncSession::handle(const nv::LinkMessage& message) {
    if (channel_ && channel_->claims(message)) return handle_owned(nv::LinkMessage(message));
    note_activity();
    switch (message.body_case()) {
        case nv::LinkMessage::kHello:
            on_hello(message.hello());
            return {};
        case nv::LinkMessage::kDeltas: {
            const auto& d = message.deltas();
            on_deltas(d.space_id(), {d.deltas().begin(), d.deltas().end()});
            return {};
        }
        case nv::LinkMessage::kAck: {
            auto id = fixed_from<kSpaceIdSize>(as_bytes(message.ack().space_id()));
            auto it = id ? spaces_.find(*id) : spaces_.end();
            if (it != spaces_.end() && options_.remote_is_relay) {
                note_relay_roster(it->first, it->second, message.ack().roster_digest());
                relay_took(it->first, it->second);
                it->second.roster_due = true;  // what it stored may have changed the membership
            }
            if (it == spaces_.end() || !it->second.remote_known) return {};
            for (const auto& [device, seq] : vector_from_proto(message.ack().vector()))
                it->second.remote_has[device] = std::max(it->second.remote_has[device], seq);
            return {};
        }
        case nv::LinkMessage::kJoinRequest: {
            if (++join_requests_ > kMaxJoinRequests)
                return make_error(ErrorCode::ResourceExhausted,
                                  "more than " + std::to_string(kMaxJoinRequests) +
                                      " join or pairing requests on one link");
            nv::LinkMessage reply;
            auto* r = reply.mutable_join_response();
            r->set_space_id(message.join_request().space_id());
            if (options_.remote_is_relay) return {};
            auto admission = replicator_.admit(message.join_request(), binding_, remote_);
            if (admission.ok()) {
                *r->mutable_admission() = std::move(admission).value();
            } else {
                r->set_error(admission.error().describe());
                problem("join refused: " + admission.error().describe());
            }
            send_(std::move(reply));
            return {};
        }
        case nv::LinkMessage::kJoinResponse: {
            if (!join_code_ || !join_done_) return {};
            auto done = std::exchange(join_done_, nullptr);
            auto code = *std::exchange(join_code_, std::nullopt);
            const auto& resp = message.join_response();
            if (!resp.error().empty()) {
                done(make_error(ErrorCode::PermissionDenied,
                                "the inviter refused: " + resp.error()));
                return {};
            }
            done(replicator_.accept_join(code, resp.admission()));
            return {};
        }
        case nv::LinkMessage::kPairRequest:
            if (++join_requests_ > kMaxJoinRequests)
                return make_error(ErrorCode::ResourceExhausted,
                                  "more than " + std::to_string(kMaxJoinRequests) +
                                      " join or pairing requests on one link");
            on_pair_request(message.pair_request());
            return {};
        case nv::LinkMessage::kPairResponse:
            on_pair_response(message.pair_response());
            return {};
        case nv::LinkMessage::kNotice:
            problem("the other end reports: " + message.notice().message());
            return {};
        case nv::LinkMessage::kPing:
            return {};
        case nv::LinkMessage::kShortInvitationLookup:
            return on_short_lookup(message.short_invitation_lookup());
        case nv::LinkMessage::kShortInvitationAnswer:
            on_short_answer(message.short_invitation_answer());
            return {};
        case nv::LinkMessage::kEphemeral:
            on_ephemeral(message.ephemeral());
            return {};
        case nv::LinkMessage::kCallFrame:
            on_call_frame(message.call_frame());
            return {};
        case nv::LinkMessage::kRetentionGap:
            on_retention_gap(message.retention_gap());
            return {};
        case nv::LinkMessage::kRefillRequest:
            on_refill_request(message.refill_request());
            return {};
        case nv::LinkMessage::kRefill:
            problem("refill deltas from a device (only relays take them): ignored");
            return {};
        case nv::LinkMessage::kRoster:
            problem("a roster from a device (only relays take them): ignored");
            return {};
        case nv::LinkMessage::kRefusal:
            on_refusal(message.refusal());
            return {};
        case nv::LinkMessage::kAddresses:
            on_addresses(message.addresses());
            return {};
        case nv::LinkMessage::BODY_NOT_SET:
            return make_error(ErrorCode::InvalidArgument, "an empty link message");
    }
    return {};
}

// ---- ephemeral ----

void SyncSession::note_activity() {
    // Presence: a message from the other device within the last minute means "online". At most
    // once a second per link (hellos arrive every tick on a live link anyway).
    if (options_.remote_is_relay) return;
    auto now = std::chrono::steady_clock::now();
    if (now - last_activity_note_ < std::chrono::seconds(1)) return;
    last_activity_note_ = now;
    replicator_.note_link_activity(remote_);
}

void SyncSession::send_ephemeral_queued() {
    std::deque<EphemeralOut> out;
    {
        std::lock_guard lock(ephemeral_mutex_);
        out.swap(ephemeral_out_);
    }
    for (auto& e : out) {
        // Only to a device that is an active member of the space in our view.
        if (options_.space_filter && !options_.space_filter(e.space)) continue;
        if (!replicator_.is_active_device(e.space, remote_)) continue;
        nv::LinkMessage m;
        auto* x = m.mutable_ephemeral();
        x->set_space_id(to_string(e.space));
        x->set_channel(std::move(e.channel));
        x->set_payload(std::move(e.payload));
        x->set_ttl_ms(e.ttl_ms);
        ++stats_.ephemeral_sent;
        send_(std::move(m));
    }
}

void SyncSession::on_ephemeral(const nv::Ephemeral& message) {
    if (options_.remote_is_relay) return;
    auto now = std::chrono::steady_clock::now();
    std::chrono::duration<double> elapsed = now - ephemeral_refill_;
    ephemeral_refill_ = now;
    ephemeral_tokens_ =
        std::min(kEphemeralPerSecond, ephemeral_tokens_ + elapsed.count() * kEphemeralPerSecond);
    if (ephemeral_tokens_ < 1) {
        ++stats_.ephemeral_dropped;
        return;
    }
    ephemeral_tokens_ -= 1;
    auto id = fixed_from<kSpaceIdSize>(as_bytes(message.space_id()));
    if (!id) {
        ++stats_.ephemeral_refused;
        return problem("an ephemeral message with a malformed space id");
    }
    if (options_.space_filter && !options_.space_filter(*id)) {
        ++stats_.ephemeral_refused;
        return;
    }
    auto r = replicator_.receive_ephemeral(*id, remote_, message.channel(), message.payload(),
                                           message.ttl_ms());
    if (!r.ok()) {
        ++stats_.ephemeral_refused;
        return problem("ephemeral message refused: " + r.error().message);
    }
    ++stats_.ephemeral_received;
}

}  // namespace grove::platform::net
