#include "net/link.h"

#include <future>

namespace grove::platform::net {

namespace nv = grove::net::v1;

LinkIdentity device_identity(Replicator& replicator) {
    Replicator* r = &replicator;
    return LinkIdentity{[r] { return r->device(); },
                        [r](ByteView m) { return r->sign_as_device(m); },
                        [r] { return r->unlocked(); }};
}

std::shared_ptr<Link> Link::peer(Replicator& replicator, Side side, LinkOptions options,
                                 std::string address) {
    Replicator* r = &replicator;
    SyncOptions sync = options.sync;
    if (sync.remote_address.empty()) sync.remote_address = address;
    SessionFactory factory = [r, sync](const crypto::SignPublicKey& remote,
                                       const crypto::Hash& binding,
                                       LinkSession::Sender send) -> std::unique_ptr<LinkSession> {
        return std::make_unique<SyncSession>(*r, remote, binding, std::move(send), sync);
    };
    return make(device_identity(replicator), std::move(factory), side, std::move(options),
                std::move(address));
}

std::shared_ptr<Link> Link::make(LinkIdentity identity, SessionFactory factory, Side side,
                                 LinkOptions options, std::string address) {
    return std::shared_ptr<Link>(new Link(std::move(identity), std::move(factory), side,
                                          std::move(options), std::move(address)));
}

Link::Link(LinkIdentity identity, SessionFactory factory, Side side, LinkOptions options,
           std::string address)
    : identity_(std::move(identity)),
      factory_(std::move(factory)),
      side_(side),
      options_(std::move(options)),
      address_(std::move(address)) {}

Link::~Link() = default;

void Link::start(LinkTransport* transport, Closed on_closed,
                 std::unique_ptr<LinkAdmission::Ticket> ticket) {
    {
        std::lock_guard lock(mutex_);
        transport_ = transport;
        on_closed_ = std::move(on_closed);
        ticket_ = std::move(ticket);
        stage_ = side_ == Side::Dialer ? Stage::ServerHello : Stage::ClientHello;
        schedule();  // the first step: a ClientHello (dialer) or the first read (acceptor)
    }
    // A silent or slow other end may not hold the link open: bound the handshake.
    std::weak_ptr<Link> weak = shared_from_this();
    executor_.post_at(LinkExecutor::Clock::now() + options_.handshake_timeout, [weak] {
        auto self = weak.lock();
        if (!self) return;
        {
            std::lock_guard lock(self->mutex_);
            if (self->established_ || self->closed_) return;
            self->fail(make_error(ErrorCode::Unavailable, "handshake timed out"));
        }
        self->reconcile();
    });
}

// ---- the transport's side (gRPC's threads) ----

void Link::on_read(bool ok) {
    {
        std::lock_guard lock(mutex_);
        reading_ = false;
        if (!ok) {
            fail(make_error(ErrorCode::Unavailable, "the link closed"));
        } else if (closed_) {
            // closing: what arrived is dropped
        } else if (stage_ != Stage::Established) {
            // Before anyone is authenticated: a handshake message or nothing.
            if (read_frame_.ByteSizeLong() > kMaxHandshakeFrameBytes) {
                fail(make_error(ErrorCode::InvalidArgument,
                                "a frame of " + std::to_string(read_frame_.ByteSizeLong()) +
                                    " bytes before the handshake completed (at most " +
                                    std::to_string(kMaxHandshakeFrameBytes) + ")"));
            } else {
                handshake_in_ = std::move(read_frame_);
                schedule();
            }
        } else if (!read_frame_.has_sealed()) {
            fail(make_error(ErrorCode::InvalidArgument, "a clear frame after the handshake"));
        } else {
            const std::size_t bytes = read_frame_.sealed().ciphertext().size();
            inbound_.push_back(std::move(*read_frame_.mutable_sealed()));
            inbound_bytes_ += bytes;
            // Bounded memory: no next read while the strand is behind (flow control then
            // holds the sender).
            if (inbound_bytes_ < options_.max_inbound_bytes) read_wanted_ = true;
            schedule();
        }
        read_frame_.Clear();
    }
    reconcile();
}

void Link::on_written(bool ok) {
    {
        std::lock_guard lock(mutex_);
        writing_ = false;
        if (!ok) fail(make_error(ErrorCode::Unavailable, "the link closed"));
        // Room again: pump or handle what waited for it.
        if (!closed_ && outbound_.size() < options_.max_queued_messages &&
            (wake_ || !inbound_.empty()))
            schedule();
    }
    reconcile();
}

void Link::on_transport_done() {
    std::lock_guard transport_lock(transport_mutex_);
    std::lock_guard lock(mutex_);
    transport_ = nullptr;
    done_ = true;
    closed_ = true;
    if (!why_set_) {
        why_ = make_error(ErrorCode::Unavailable, "the link closed");
        why_set_ = true;
    }
    cv_.notify_all();
    schedule();  // the strand ends the session and reports
}

namespace {
grpc::Status status_for(const Result<void>& why) {
    if (why.ok()) return grpc::Status::OK;
    switch (why.error().code) {
        case ErrorCode::Unauthenticated:
            return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, why.error().message);
        case ErrorCode::InvalidArgument:
            return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, why.error().message);
        case ErrorCode::ResourceExhausted:
            return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED, why.error().message);
        case ErrorCode::FailedPrecondition:
            return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION, why.error().message);
        default:
            return grpc::Status::OK;
    }
}
}  // namespace

void Link::reconcile() {
    std::lock_guard transport_lock(transport_mutex_);
    for (;;) {
        enum class Act { None, Cancel, Finish, Read, Write } act = Act::None;
        grpc::Status status;
        LinkTransport* t = nullptr;
        {
            std::lock_guard lock(mutex_);
            if (!transport_) return;
            t = transport_;
            if (cancel_wanted_ && !cancelled_) {
                cancelled_ = true;
                act = Act::Cancel;
            } else if (cancelled_) {
                if (!finished_ && !writing_) {
                    finished_ = true;
                    status = status_for(why_);
                    act = Act::Finish;
                }
            } else if (read_wanted_ && !reading_) {
                read_wanted_ = false;
                reading_ = true;
                act = Act::Read;
            } else if (!writing_ && !outbound_.empty()) {
                write_frame_ = std::move(outbound_.front());
                outbound_.pop_front();
                writing_ = true;
                act = Act::Write;
            }
        }
        switch (act) {
            case Act::None:
                return;
            case Act::Cancel:
                t->cancel();
                break;
            case Act::Finish:
                t->finish(std::move(status));
                break;
            case Act::Read:
                t->start_read(&read_frame_);
                break;
            case Act::Write:
                t->start_write(&write_frame_);
                break;
        }
    }
}

// ---- under mutex_ ----

void Link::fail(Error why) {
    if (!why_set_) {
        why_ = std::move(why);
        why_set_ = true;
    }
    closed_ = true;
    cancel_wanted_ = true;
    inbound_.clear();
    inbound_bytes_ = 0;
    cv_.notify_all();
}

void Link::schedule() {
    if (over_) return;
    if (scheduled_) {
        rerun_ = true;
        return;
    }
    scheduled_ = true;
    executor_.post([self = shared_from_this()] { self->run_strand(); });
}

void Link::write_clear(nv::LinkFrame frame) {
    outbound_.push_back(std::move(frame));
}

void Link::enqueue(nv::LinkMessage&& message) {
    if (closed_ || !cipher_) return;
    nv::LinkFrame frame;
    *frame.mutable_sealed() = cipher_->seal(message);
    outbound_.push_back(std::move(frame));
}

// ---- public ----

void Link::close() {
    {
        std::lock_guard lock(mutex_);
        if (closed_) return;
        fail(make_error(ErrorCode::Unavailable, "the link closed"));
    }
    reconcile();
}

void Link::wake() {
    std::lock_guard lock(mutex_);
    wake_ = true;
    if (established_ && !closed_ && outbound_.size() < options_.max_queued_messages) schedule();
}

bool Link::wait_established(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, timeout, [&] { return established_.load() || closed_.load(); });
    return established_ && !closed_;
}

Result<void> Link::wait_closed() {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] { return over_; });
    return why_;
}

// ---- the strand (executor threads, one run at a time per link) ----

void Link::run_strand() {
    strand_step();
    std::lock_guard lock(mutex_);
    if (rerun_ && !over_) {
        rerun_ = false;
        // Another turn, behind the other links' work.
        executor_.post([self = shared_from_this()] { self->run_strand(); });
        return;
    }
    rerun_ = false;
    scheduled_ = false;
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

void Link::strand_step() {
    std::optional<nv::LinkFrame> handshake_in;
    std::vector<nv::SealedFrame> received;
    bool tick = false, done = false, open = false;
    {
        std::lock_guard lock(mutex_);
        if (over_) return;
        done = done_;
        open = !opened_;
        opened_ = true;
        handshake_in = std::exchange(handshake_in_, std::nullopt);
        // Handle what arrived unless our answers are piling up unread.
        if (stage_ == Stage::Established && !closed_ && !inbound_.empty() &&
            outbound_.size() < 4 * options_.max_queued_messages) {
            received.reserve(inbound_.size());
            for (auto& f : inbound_) received.push_back(std::move(f));
            inbound_.clear();
            inbound_bytes_ = 0;
            read_wanted_ = true;  // room again (a no-op while a read is in flight)
        }
        tick = std::exchange(tick_due_, false);
    }
    if (done) {
        finish_if_done();
        return;
    }
    Result<void> step;
    if (open) {
        if (!identity_.ready()) {
            step = make_error(ErrorCode::FailedPrecondition, "the account is locked: no links");
        } else {
            handshake_.emplace(identity_.key(), identity_.sign);
            std::lock_guard lock(mutex_);
            if (side_ == Side::Dialer) {
                nv::LinkFrame hello;
                *hello.mutable_client_hello() = handshake_->client_hello();
                write_clear(std::move(hello));
            }
            read_wanted_ = true;
        }
    }
    if (step.ok() && handshake_in) step = handshake_step(std::move(*handshake_in));
    if (step.ok() && !received.empty()) step = handle_received(std::move(received));
    if (step.ok() && established_ && !closed_) {
        bool pump = false;
        {
            std::lock_guard session_lock(session_mutex_);
            if (tick) session_->tick();
        }
        {
            std::lock_guard lock(mutex_);
            if (tick) wake_ = true;
            pump = wake_ && outbound_.size() < options_.max_queued_messages;
            if (pump) wake_ = false;
        }
        if (pump) {
            Result<bool> more = false;
            {
                std::lock_guard session_lock(session_mutex_);
                more = session_->pump();
            }
            if (more.ok() && *more) {
                std::lock_guard lock(mutex_);
                wake_ = true;
                if (outbound_.size() < options_.max_queued_messages) schedule();
            }
        }
    }
    if (!step.ok()) {
        std::lock_guard lock(mutex_);
        fail(step.error());
    }
    reconcile();
}

Result<void> Link::handshake_step(nv::LinkFrame frame) {
    if (!handshake_)
        return make_error(ErrorCode::InvalidArgument, "a frame before the link opened");
    LinkKeys keys;
    nv::LinkFrame out;
    Stage next = Stage::Established;
    {
        std::lock_guard lock(mutex_);
        next = stage_;
    }
    switch (next) {
        case Stage::ClientHello: {  // acceptor
            if (!frame.has_client_hello())
                return make_error(ErrorCode::Unavailable, "no client hello");
            auto sh = handshake_->on_client_hello(frame.client_hello());
            if (!sh.ok()) return sh.error();
            *out.mutable_server_hello() = std::move(sh).value();
            std::lock_guard lock(mutex_);
            write_clear(std::move(out));
            stage_ = Stage::ClientAuth;
            read_wanted_ = true;
            return {};
        }
        case Stage::ClientAuth: {  // acceptor
            if (!frame.has_client_auth())
                return make_error(ErrorCode::Unavailable, "no client auth");
            auto k = handshake_->on_client_auth(frame.client_auth());
            if (!k.ok()) return k.error();
            keys = std::move(k).value();
            break;
        }
        case Stage::ServerHello: {  // dialer
            if (!frame.has_server_hello())
                return make_error(ErrorCode::Unavailable, "no server hello");
            auto r = handshake_->on_server_hello(frame.server_hello());
            if (!r.ok()) return r.error();
            *out.mutable_client_auth() = std::move(r->first);
            keys = std::move(r->second);
            break;
        }
        case Stage::Established:
            return make_error(ErrorCode::InvalidArgument, "a clear frame after the handshake");
    }
    handshake_.reset();
    if (keys.remote == identity_.key())
        return make_error(ErrorCode::FailedPrecondition, "a link to itself");
    remote_ = keys.remote;
    {
        std::lock_guard lock(mutex_);
        if (side_ == Side::Dialer) write_clear(std::move(out));
        cipher_ = std::make_shared<FrameCipher>(std::move(keys.send), std::move(keys.receive));
        stage_ = Stage::Established;
    }
    {
        std::lock_guard session_lock(session_mutex_);
        session_ = factory_(remote_, keys.binding, [this](nv::LinkMessage&& m) {
            std::lock_guard lock(mutex_);
            enqueue(std::move(m));
        });
    }
    {
        std::lock_guard lock(mutex_);
        if (closed_) return {};
        established_ = true;
        if (ticket_) ticket_->authenticated();
        read_wanted_ = true;
        wake_ = true;
        cv_.notify_all();
    }
    arm_tick();
    return {};
}

Result<void> Link::handle_received(std::vector<nv::SealedFrame> frames) {
    std::vector<nv::LinkMessage> batch;
    for (auto& frame : frames) {
        auto m = cipher_->open(frame);
        if (!m.ok()) return m.error();
        if (batch.empty() || !merge_deltas(batch.back(), *m)) batch.push_back(std::move(m).value());
    }
    frames.clear();
    for (auto& m : batch) {
        Result<void> handled;
        {
            std::lock_guard session_lock(session_mutex_);
            handled = session_->handle_owned(std::move(m));
        }
        if (!handled.ok()) return handled;
        {
            std::lock_guard lock(mutex_);
            if (closed_) return {};
        }
    }
    std::lock_guard lock(mutex_);
    wake_ = true;
    return {};
}

void Link::arm_tick() {
    std::weak_ptr<Link> weak = shared_from_this();
    executor_.post_at(LinkExecutor::Clock::now() + options_.tick, [weak] {
        auto self = weak.lock();
        if (!self) return;
        {
            std::lock_guard lock(self->mutex_);
            if (self->closed_ || self->over_) return;
            self->tick_due_ = true;
            self->schedule();
        }
        self->arm_tick();
    });
}

void Link::finish_if_done() {
    {
        std::lock_guard session_lock(session_mutex_);
        session_.reset();
    }
    handshake_.reset();
    Closed closed;
    Result<void> why;
    {
        std::lock_guard lock(mutex_);
        over_ = true;
        established_ = false;
        closed = std::move(on_closed_);
        ticket_.reset();
        outbound_.clear();
        inbound_.clear();
        why = why_;
        cv_.notify_all();
    }
    if (closed) closed(why);
}

// ---- joining ----

Result<SpaceSummary> Link::join(const nv::InvitationCode& code, std::chrono::milliseconds timeout) {
    if (!wait_established(timeout))
        return make_error(ErrorCode::Unavailable, "could not reach the inviter at " + address_);
    auto promise = std::make_shared<std::promise<Result<SpaceSummary>>>();
    auto future = promise->get_future();
    {
        std::lock_guard session_lock(session_mutex_);
        auto* sync = dynamic_cast<SyncSession*>(session_.get());
        if (!sync) return make_error(ErrorCode::FailedPrecondition, "not a peer link");
        auto started = sync->start_join(
            code, [promise](Result<SpaceSummary> r) { promise->set_value(std::move(r)); });
        if (!started.ok()) return started.error();
    }
    reconcile();  // the request was queued from this thread: write it
    if (future.wait_for(timeout) != std::future_status::ready)
        return make_error(ErrorCode::Unavailable, "the inviter did not answer in time");
    return future.get();
}

Result<nv::ShortInvitationAnswer> Link::lookup_short_invitation(
    const std::string& locator, std::chrono::milliseconds timeout) {
    if (!wait_established(timeout))
        return make_error(ErrorCode::Unavailable, "could not reach " + address_);
    auto promise = std::make_shared<std::promise<nv::ShortInvitationAnswer>>();
    auto future = promise->get_future();
    {
        std::lock_guard session_lock(session_mutex_);
        auto* sync = dynamic_cast<SyncSession*>(session_.get());
        if (!sync) return make_error(ErrorCode::FailedPrecondition, "not a peer link");
        sync->start_short_lookup(locator, [promise](nv::ShortInvitationAnswer a) {
            promise->set_value(std::move(a));
        });
    }
    reconcile();
    if (future.wait_for(timeout) != std::future_status::ready)
        return make_error(ErrorCode::Unavailable, address_ + " did not answer in time");
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
