#include "net/link.h"

#include <future>

#include "net/thread_start.h"

namespace grove::platform::net {

namespace nv = grove::net::v1;

LinkIdentity device_identity(Replicator& replicator) {
    Replicator* r = &replicator;
    return LinkIdentity{[r] { return r->device(); },
                        [r](ByteView m) { return r->sign_as_device(m); },
                        [r] { return r->unlocked(); }};
}

Link::Link(Replicator& replicator, std::unique_ptr<FrameStream> stream, Side side,
           LinkOptions options, std::string address)
    : Link(device_identity(replicator), nullptr, std::move(stream), side, options,
           std::move(address)) {
    Replicator* r = &replicator;
    SyncOptions sync = options_.sync;
    factory_ = [r, sync](const crypto::SignPublicKey& remote, const crypto::Hash& binding,
                         LinkSession::Sender send) -> std::unique_ptr<LinkSession> {
        return std::make_unique<SyncSession>(*r, remote, binding, std::move(send), sync);
    };
}

Link::Link(LinkIdentity identity, SessionFactory factory, std::unique_ptr<FrameStream> stream,
           Side side, LinkOptions options, std::string address)
    : identity_(std::move(identity)),
      factory_(std::move(factory)),
      stream_(std::move(stream)),
      side_(side),
      options_(std::move(options)),
      address_(std::move(address)) {}

Link::~Link() {
    close();
    if (writer_.joinable()) writer_.join();
    if (pump_.joinable()) pump_.join();
    if (handler_.joinable()) handler_.join();
}

void Link::close() {
    bool was = closed_.exchange(true);
    if (!was) stream_->cancel();
    cv_.notify_all();
}

void Link::wake() {
    {
        std::lock_guard lock(mutex_);
        wake_ = true;
    }
    cv_.notify_all();
}

bool Link::wait_established(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, timeout, [&] { return established_.load() || closed_.load(); });
    return established_ && !closed_;
}

Result<void> Link::handshake() {
    if (!identity_.ready())
        return make_error(ErrorCode::FailedPrecondition, "the account is locked: no links");
    LinkHandshake hs(identity_.key(), identity_.sign);
    nv::LinkFrame in, out;
    LinkKeys keys;
    if (side_ == Side::Dialer) {
        *out.mutable_client_hello() = hs.client_hello();
        if (!stream_->write(out)) return make_error(ErrorCode::Unavailable, "the link closed");
        if (!stream_->read(&in) || !in.has_server_hello())
            return make_error(ErrorCode::Unavailable, "no server hello");
        auto r = hs.on_server_hello(in.server_hello());
        if (!r.ok()) return r.error();
        out.Clear();
        *out.mutable_client_auth() = r->first;
        if (!stream_->write(out)) return make_error(ErrorCode::Unavailable, "the link closed");
        keys = std::move(r->second);
    } else {
        if (!stream_->read(&in) || !in.has_client_hello())
            return make_error(ErrorCode::Unavailable, "no client hello");
        auto sh = hs.on_client_hello(in.client_hello());
        if (!sh.ok()) return sh.error();
        *out.mutable_server_hello() = *sh;
        if (!stream_->write(out)) return make_error(ErrorCode::Unavailable, "the link closed");
        if (!stream_->read(&in) || !in.has_client_auth())
            return make_error(ErrorCode::Unavailable, "no client auth");
        auto k = hs.on_client_auth(in.client_auth());
        if (!k.ok()) return k.error();
        keys = std::move(k).value();
    }
    if (keys.remote == identity_.key())
        return make_error(ErrorCode::FailedPrecondition, "a link to itself");
    remote_ = keys.remote;
    cipher_ = std::make_unique<FrameCipher>(std::move(keys.send), std::move(keys.receive));
    session_ = factory_(remote_, keys.binding,
                        [this](nv::LinkMessage&& m) { enqueue(std::move(m)); });
    return {};
}

void Link::enqueue(nv::LinkMessage&& message) {
    {
        std::lock_guard lock(mutex_);
        outbound_.push_back(std::move(message));
    }
    cv_.notify_all();
}

void Link::writer_loop() {
    for (;;) {
        nv::LinkMessage m;
        {
            std::unique_lock lock(mutex_);
            cv_.wait(lock, [&] { return closed_ || !outbound_.empty(); });
            if (closed_) return;
            m = std::move(outbound_.front());
            outbound_.pop_front();
        }
        cv_.notify_all();  // the pump may be waiting for room
        nv::LinkFrame frame;
        *frame.mutable_sealed() = cipher_->seal(m);
        if (!stream_->write(frame)) {
            close();
            return;
        }
    }
}

void Link::pump_loop() {
    auto next_tick = std::chrono::steady_clock::now() + options_.tick;
    bool more = true;
    while (!closed_) {
        {
            std::unique_lock lock(mutex_);
            cv_.wait_until(lock, more ? std::chrono::steady_clock::now() : next_tick, [&] {
                return closed_ || wake_;
            });
            if (closed_) return;
            wake_ = false;
            // Bounded memory: wait while the writer is behind.
            cv_.wait(lock, [&] { return closed_ || outbound_.size() < options_.max_queued_messages; });
            if (closed_) return;
        }
        std::lock_guard session_lock(session_mutex_);
        if (std::chrono::steady_clock::now() >= next_tick) {
            session_->tick();
            next_tick = std::chrono::steady_clock::now() + options_.tick;
        }
        auto r = session_->pump();
        more = r.ok() && *r;
    }
}

namespace {
// Appends `next`'s deltas to `into` when both carry deltas of the same space and the result
// stays within one ingest batch. Each batch ends every author's run on a signed delta, so their
// concatenation does too.
bool merge_deltas(nv::LinkMessage& into, nv::LinkMessage& next) {
    if (!into.has_deltas() || !next.has_deltas()) return false;
    auto* a = into.mutable_deltas();
    auto* b = next.mutable_deltas();
    if (a->space_id() != b->space_id()) return false;
    if (static_cast<std::size_t>(a->deltas_size() + b->deltas_size()) > Replicator::kMaxBatchDeltas)
        return false;
    a->mutable_deltas()->Reserve(a->deltas_size() + b->deltas_size());
    for (auto& d : *b->mutable_deltas()) *a->add_deltas() = std::move(d);
    return true;
}
}  // namespace

void Link::handler_loop() {
    std::vector<nv::LinkMessage> batch;
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            cv_.wait(lock, [&] { return closed_ || !inbound_.empty(); });
            if (closed_) return;
            // Everything received so far, consecutive Deltas of one space merged.
            batch.clear();
            while (!inbound_.empty()) {
                auto& in = inbound_.front();
                if (batch.empty() || !merge_deltas(batch.back(), in.message))
                    batch.push_back(std::move(in.message));
                inbound_bytes_ -= in.bytes;
                inbound_.pop_front();
            }
        }
        cv_.notify_all();  // the reader may be waiting for room
        for (auto& m : batch) {
            Result<void> handled;
            {
                std::lock_guard session_lock(session_mutex_);
                handled = session_->handle_owned(std::move(m));
            }
            if (!handled.ok()) {
                {
                    std::lock_guard lock(mutex_);
                    handler_error_ = handled.error();
                }
                close();
                return;
            }
        }
        wake();
    }
}

Result<void> Link::run() {
    // A silent or slow other end may not hold the link open: bound the handshake.
    std::thread watchdog = start_thread([this] {
        std::unique_lock lock(mutex_);
        if (!cv_.wait_for(lock, options_.handshake_timeout,
                          [&] { return established_.load() || closed_.load(); })) {
            lock.unlock();
            close();
        }
    });
    auto hs = handshake();
    {
        std::lock_guard lock(mutex_);
        if (hs.ok() && closed_) hs = make_error(ErrorCode::Unavailable, "handshake timed out");
        if (hs.ok()) established_ = true;
    }
    if (!hs.ok()) close();
    cv_.notify_all();
    watchdog.join();
    if (!hs.ok()) return hs.error();
    writer_ = start_thread([this] { writer_loop(); });
    pump_ = start_thread([this] { pump_loop(); });
    handler_ = start_thread([this] { handler_loop(); });
    Result<void> why = make_error(ErrorCode::Unavailable, "the link closed");
    nv::LinkFrame frame;
    while (!closed_ && stream_->read(&frame)) {
        if (!frame.has_sealed()) {
            why = make_error(ErrorCode::InvalidArgument, "a clear frame after the handshake");
            break;
        }
        const std::size_t bytes = frame.sealed().ciphertext().size();
        auto m = cipher_->open(frame.sealed());
        if (!m.ok()) {
            why = m.error();
            break;
        }
        std::unique_lock lock(mutex_);
        // Bounded memory: wait while the handler is behind (one message always fits).
        cv_.wait(lock, [&] {
            return closed_ || inbound_.empty() || inbound_bytes_ + bytes <= options_.max_inbound_bytes;
        });
        if (closed_) break;
        inbound_.push_back({std::move(m).value(), bytes});
        inbound_bytes_ += bytes;
        lock.unlock();
        cv_.notify_all();
    }
    close();
    if (writer_.joinable()) writer_.join();
    if (pump_.joinable()) pump_.join();
    if (handler_.joinable()) handler_.join();
    {
        std::lock_guard lock(mutex_);
        if (!handler_error_.ok()) why = handler_error_;
    }
    established_ = false;
    return why;
}

Result<SpaceSummary> Link::join(const nv::InvitationCode& code, std::chrono::milliseconds timeout) {
    if (!wait_established(timeout))
        return make_error(ErrorCode::Unavailable, "could not reach the inviter at " + address_);
    auto promise = std::make_shared<std::promise<Result<SpaceSummary>>>();
    auto future = promise->get_future();
    {
        std::lock_guard session_lock(session_mutex_);
        auto* sync = dynamic_cast<SyncSession*>(session_.get());
        if (!sync) return make_error(ErrorCode::FailedPrecondition, "not a peer link");
        auto started = sync->start_join(code, [promise](Result<SpaceSummary> r) {
            promise->set_value(std::move(r));
        });
        if (!started.ok()) return started.error();
    }
    if (future.wait_for(timeout) != std::future_status::ready)
        return make_error(ErrorCode::Unavailable, "the inviter did not answer in time");
    return future.get();
}

LinkInfo Link::info() const {
    LinkInfo out;
    out.address = address_;
    out.relay = options_.sync.remote_is_relay;
    out.established = established_;
    if (established_) {
        out.remote_device = to_hex(remote_);
        std::lock_guard session_lock(session_mutex_);
        if (auto* sync = dynamic_cast<SyncSession*>(session_.get())) out.stats = sync->stats();
    }
    return out;
}

}  // namespace grove::platform::net
