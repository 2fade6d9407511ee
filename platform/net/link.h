// Link: one authenticated, encrypted link to another device (or to a relay) over a LinkTransport:
// handshake, then sealed messages both ways, driving a LinkSession. A link owns no thread: gRPC's
// callbacks hand it frames, and its work (handshake steps, handling, pumping, ticks) runs on the
// process's LinkExecutor, one step at a time per link. Consecutive Deltas of one space received
// together go to the session as one batch (one verification pass, one transaction).
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>

#include "net/frame_cipher.h"
#include "net/link_admission.h"
#include "net/link_executor.h"
#include "net/link_handshake.h"
#include "net/link_transport.h"
#include "net/sync_session.h"

namespace grove::platform::net {

// The largest frame a link's gRPC stream accepts (a sealed frame: kMaxFrameBytes of plaintext
// plus the seal and framing).
inline constexpr std::size_t kMaxLinkMessageBytes = kMaxFrameBytes + 64 * 1024;
// The largest frame accepted before the handshake completed (hellos and auth are ~200 bytes).
inline constexpr std::size_t kMaxHandshakeFrameBytes = 4 * 1024;

struct LinkOptions {
    SyncOptions sync;
    std::chrono::milliseconds tick{1000};  // anti-entropy hello period
    // Sealed messages waiting to be written: the session is not pumped at or above it, and
    // received messages are not handled at or above four times it (their answers would queue),
    // so a peer that does not read stops being read.
    std::size_t max_queued_messages = 16;
    // Received messages waiting to be handled (bytes of ciphertext): no read is issued above
    // it, so a slow receiver slows the sender through flow control, never grows memory.
    // 4 MiB of ciphertext is about 13,000 deltas, three full ingest batches, and parses into
    // about three times its size.
    std::size_t max_inbound_bytes = 4u * 1024 * 1024;
    std::chrono::milliseconds handshake_timeout{10'000};
};

struct LinkInfo {
    std::string address;
    std::string remote_device;  // hex
    bool relay = false;
    bool established = false;
    SyncStats stats;
};

// Who this end of a link is: its public key, a signer, and whether it may link now.
struct LinkIdentity {
    std::function<crypto::SignPublicKey()> key;
    DeviceSigner sign;
    std::function<bool()> ready;
};
LinkIdentity device_identity(Replicator& replicator);

class Link : public LinkTransportEvents, public std::enable_shared_from_this<Link> {
public:
    enum class Side { Dialer, Acceptor };
    using SessionFactory = std::function<std::unique_ptr<LinkSession>(
        const crypto::SignPublicKey& remote, const crypto::Hash& binding,
        LinkSession::Sender send)>;
    // Runs once, on an executor thread, when the link is over (its session already destroyed).
    using Closed = std::function<void(const Result<void>& why)>;

    // A peer link: a SyncSession over `replicator`.
    static std::shared_ptr<Link> peer(Replicator& replicator, Side side, LinkOptions options,
                                      std::string address = {});
    // Any other session (the relay's).
    static std::shared_ptr<Link> make(LinkIdentity identity, SessionFactory factory, Side side,
                                      LinkOptions options, std::string address = {});
    ~Link() override;
    Link(const Link&) = delete;
    Link& operator=(const Link&) = delete;

    // Starts the link over `transport` (which holds a reference to this link until it is done).
    // `ticket`: the acceptor's place for it, told when the handshake completes.
    void start(LinkTransport* transport, Closed on_closed = nullptr,
               std::unique_ptr<LinkAdmission::Ticket> ticket = nullptr);
    // Dials `Service`'s Open (PeerLink or Relay) over `channel`, which the caller keeps until
    // the link is over (a channel must not be destroyed by its own call's completion).
    template <class Service>
    void dial(const std::shared_ptr<grpc::Channel>& channel, Closed on_closed = nullptr) {
        auto* reactor = new ClientLinkReactor(shared_from_this());
        typename Service::Stub stub(channel);
        stub.async()->Open(reactor->context(), reactor);
        reactor->start();
        start(reactor, std::move(on_closed));
    }

    void close();
    // New local deltas: pump soon.
    void wake();
    bool established() const { return established_; }
    // Closed or closing (refused, failed, ended).
    bool closed() const { return closed_; }
    // Waits (bounded) for the handshake; false when the link closed or time ran out.
    bool wait_established(std::chrono::milliseconds timeout);
    // Waits until the link is over; returns why it closed.
    Result<void> wait_closed();
    // Joins a space with an invitation over this link (after the handshake).
    Result<SpaceSummary> join(const grove::net::v1::InvitationCode& code,
                              std::chrono::milliseconds timeout);
    // Asks the other end for the sealed invitation filed under a short code's `locator`.
    Result<grove::net::v1::ShortInvitationAnswer> lookup_short_invitation(
        const std::string& locator, std::chrono::milliseconds timeout);
    LinkInfo info() const;

    // LinkTransportEvents (gRPC's threads).
    void on_read(bool ok) override;
    void on_written(bool ok) override;
    void on_transport_done() override;

private:
    Link(LinkIdentity identity, SessionFactory factory, Side side, LinkOptions options,
         std::string address);

    enum class Stage { ClientHello, ServerHello, ClientAuth, Established };
    // Everything below runs on the executor, one call at a time per link (the strand).
    void schedule();  // under mutex_
    void run_strand();
    void strand_step();
    Result<void> handshake_step(grove::net::v1::LinkFrame frame);
    Result<void> handle_received(std::vector<grove::net::v1::SealedFrame> frames);
    void finish_if_done();
    void arm_tick();

    // Under mutex_: queue a frame, want a read, fail, schedule. Transport calls are made only by
    // reconcile(), without mutex_ (gRPC may run a reaction inline on the calling thread).
    void write_clear(grove::net::v1::LinkFrame frame);
    void enqueue(grove::net::v1::LinkMessage&& message);
    void fail(Error why);
    void reconcile();

    LinkIdentity identity_;
    SessionFactory factory_;
    Side side_;
    LinkOptions options_;
    std::string address_;
    LinkExecutor& executor_ = LinkExecutor::shared();

    // Strand-only (and guarded by session_mutex_ for join() and info()).
    mutable std::mutex session_mutex_;
    std::unique_ptr<LinkSession> session_;
    std::optional<LinkHandshake> handshake_;
    crypto::SignPublicKey remote_{};
    bool opened_ = false;

    std::recursive_mutex transport_mutex_;  // held around every call into the transport
    mutable std::mutex mutex_;
    std::condition_variable cv_;
    LinkTransport* transport_ = nullptr;  // null once the call is done
    Closed on_closed_;
    std::unique_ptr<LinkAdmission::Ticket> ticket_;
    Stage stage_ = Stage::ClientHello;
    // Seals under mutex_ (in queue order) and opens on the strand: the two directions share
    // nothing inside it.
    std::shared_ptr<FrameCipher> cipher_;
    grove::net::v1::LinkFrame read_frame_;
    bool reading_ = false;
    bool read_wanted_ = false;
    std::optional<grove::net::v1::LinkFrame> handshake_in_;
    std::deque<grove::net::v1::SealedFrame> inbound_;
    std::size_t inbound_bytes_ = 0;
    std::deque<grove::net::v1::LinkFrame> outbound_;
    grove::net::v1::LinkFrame write_frame_;
    bool writing_ = false;
    bool scheduled_ = false;  // a strand run is queued or running
    bool rerun_ = false;      // work arrived while it ran
    bool wake_ = false;
    bool tick_due_ = false;
    bool cancel_wanted_ = false;
    bool cancelled_ = false;  // transport cancel()ed: no more start_*
    bool finished_ = false;   // transport finish()ed
    bool done_ = false;       // the transport is done
    bool over_ = false;       // on_closed ran (the session is gone)
    Result<void> why_ = Result<void>{};
    bool why_set_ = false;
    std::atomic<bool> closed_{false};
    std::atomic<bool> established_{false};
};

}  // namespace grove::platform::net
