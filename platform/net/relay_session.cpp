#include "net/relay_session.h"

#include "core/chain_auth.h"

namespace grove::platform::net {

namespace nv = grove::net::v1;

void RelaySession::notice(const std::string& space, ErrorCode code, const std::string& text) {
    nv::LinkMessage m;
    m.mutable_notice()->set_space_id(space);
    m.mutable_notice()->set_code(static_cast<std::uint32_t>(code) + 1);
    m.mutable_notice()->set_message(text);
    send_(std::move(m));
}

Result<void> RelaySession::on_deltas(const std::string& space_id,
                                     std::vector<grove::wire::v1::SealedDelta> raw) {
    auto id = fixed_from<kSpaceIdSize>(as_bytes(space_id));
    if (!id) return make_error(ErrorCode::InvalidArgument, "malformed space id");
    if (raw.size() > Replicator::kMaxBatchDeltas) {
        notice(space_id, ErrorCode::ResourceExhausted, "batch too large");
        return {};
    }
    auto batch = authenticate_batch(*id, std::move(raw));
    counters_.rejected += batch.rejected;
    if (batch.rejected > 0 && !batch.reasons.empty())
        notice(space_id, ErrorCode::InvalidArgument,
               "the relay refused " + std::to_string(batch.rejected) +
                   " deltas: " + batch.reasons.front());
    Result<RelayAppend> appended = RelayAppend{};
    VersionVector now;
    {
        std::lock_guard lock(store_mutex_);
        appended = store_.append(*id, batch.deltas);
        now = store_.vector(*id);
    }
    if (!appended.ok()) {
        counters_.rejected += batch.deltas.size();
        notice(space_id, appended.error().code, appended.error().message);
        return {};
    }
    counters_.accepted += appended->stored;
    auto& st = spaces_[*id];
    for (const auto& d : batch.deltas)
        st.remote_has[d.author] = std::max(st.remote_has[d.author], d.seq);
    nv::LinkMessage ack;
    ack.mutable_ack()->set_space_id(space_id);
    vector_to_proto(now, ack.mutable_ack()->mutable_vector());
    send_(std::move(ack));
    if (appended->stored > 0 && stored_) stored_();
    return {};
}

Result<void> RelaySession::handle_owned(nv::LinkMessage&& message) {
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
            auto& st = spaces_[*id];
            VersionVector theirs = vector_from_proto(message.hello().vector());
            if (!st.hello_sent) {
                st.cursor = 0;
            } else if (message.hello().resend()) {
                std::lock_guard lock(store_mutex_);
                for (const auto& [device, seq] : st.remote_has) {
                    auto it = theirs.find(device);
                    std::uint64_t have = it == theirs.end() ? 0 : it->second;
                    if (seq <= have) continue;
                    auto pos = store_.position_of(*id, device, have + 1);
                    st.cursor = std::min(st.cursor, pos ? *pos - 1 : 0);
                }
            }
            if (!st.hello_sent || message.hello().resend()) {
                st.remote_has = std::move(theirs);
            } else {
                for (const auto& [device, seq] : theirs)
                    st.remote_has[device] = std::max(st.remote_has[device], seq);
            }
            if (!st.hello_sent) {
                nv::LinkMessage reply;
                reply.mutable_hello()->set_space_id(message.hello().space_id());
                {
                    std::lock_guard lock(store_mutex_);
                    vector_to_proto(store_.vector(*id), reply.mutable_hello()->mutable_vector());
                }
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
            for (const auto& [device, seq] : vector_from_proto(message.ack().vector()))
                it->second.remote_has[device] = std::max(it->second.remote_has[device], seq);
            return {};
        }
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

Result<bool> RelaySession::pump() {
    bool more = false;
    for (auto& [id, st] : spaces_) {
        if (!st.hello_sent) continue;
        for (int i = 0; i < 4; ++i) {
            Result<OutgoingBatch> batch = OutgoingBatch{};
            // RelayStore::read has its own connection and lock: no wait for an append's commit.
            batch = store_.read(id, st.cursor, st.remote_has, 512, 1024 * 1024);
            if (!batch.ok()) return batch.error();
            st.cursor = batch->cursor;
            if (!batch->deltas.empty()) {
                counters_.delivered += batch->deltas.size();
                nv::LinkMessage m;
                m.mutable_deltas()->set_space_id(to_string(id));
                for (auto& d : batch->deltas) *m.mutable_deltas()->add_deltas() = std::move(d);
                send_(std::move(m));
            }
            if (!batch->more) break;
            if (i == 3) more = true;
        }
    }
    return more;
}

}  // namespace grove::platform::net
