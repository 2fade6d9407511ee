// Link: one authenticated, encrypted link to another device (or to a relay) over a FrameStream:
// handshake, then a reader, a handler, a writer with a bounded queue, and a pump thread driving
// a SyncSession. The handler takes every message already received at once and hands consecutive
// Deltas of one space to the session as one batch (one verification pass, one transaction), so
// a receiver that falls behind catches up with fewer, larger commits instead of queueing.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "net/frame_cipher.h"
#include "net/frame_stream.h"
#include "net/link_handshake.h"
#include "net/sync_session.h"

namespace grove::platform::net {

struct LinkOptions {
    SyncOptions sync;
    std::chrono::milliseconds tick{1000};      // anti-entropy hello period
    std::size_t max_queued_messages = 16;      // the pump waits while the writer is behind
    // Received messages waiting to be handled (bytes of ciphertext): the reader stops reading
    // above it, so a slow receiver slows the sender through flow control, never grows memory.
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

class Link {
public:
    enum class Side { Dialer, Acceptor };
    using SessionFactory = std::function<std::unique_ptr<LinkSession>(
        const crypto::SignPublicKey& remote, const crypto::Hash& binding,
        LinkSession::Sender send)>;
    // A peer link: a SyncSession over `replicator`.
    Link(Replicator& replicator, std::unique_ptr<FrameStream> stream, Side side,
         LinkOptions options, std::string address = {});
    // Any other session (the relay's).
    Link(LinkIdentity identity, SessionFactory factory, std::unique_ptr<FrameStream> stream,
         Side side, LinkOptions options, std::string address = {});
    ~Link();
    Link(const Link&) = delete;
    Link& operator=(const Link&) = delete;

    // Runs the link on the calling thread until it closes; returns why it closed.
    Result<void> run();
    void close();
    // New local deltas: pump soon.
    void wake();
    bool established() const { return established_; }
    // Waits (bounded) for the handshake; false when the link closed or time ran out.
    bool wait_established(std::chrono::milliseconds timeout);
    // Joins a space with an invitation over this link (after the handshake).
    Result<SpaceSummary> join(const grove::net::v1::InvitationCode& code,
                              std::chrono::milliseconds timeout);
    LinkInfo info() const;

private:
    Result<void> handshake();
    void enqueue(grove::net::v1::LinkMessage&& message);
    void writer_loop();
    void pump_loop();
    void handler_loop();

    LinkIdentity identity_;
    SessionFactory factory_;
    std::unique_ptr<FrameStream> stream_;
    Side side_;
    LinkOptions options_;
    std::string address_;

    std::unique_ptr<FrameCipher> cipher_;
    mutable std::mutex session_mutex_;
    std::unique_ptr<LinkSession> session_;
    crypto::SignPublicKey remote_{};

    mutable std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<grove::net::v1::LinkMessage> outbound_;
    struct Inbound {
        grove::net::v1::LinkMessage message;
        std::size_t bytes = 0;
    };
    std::deque<Inbound> inbound_;
    std::size_t inbound_bytes_ = 0;
    Result<void> handler_error_;  // why the handler closed the link (a protocol violation)
    bool wake_ = false;
    std::atomic<bool> closed_{false};
    std::atomic<bool> established_{false};
    std::thread writer_, pump_, handler_;
};

}  // namespace grove::platform::net
