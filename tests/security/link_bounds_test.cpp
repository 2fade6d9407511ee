// Bounds on what a link's other end can make a Peer hold: frames before the handshake, links
// still in their handshake, join requests on one link, and deltas that can never apply (an
// outsider's chain) asked for again and again.
#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>
#include <thread>

#include "grove/net/v1/link.grpc.pb.h"
#include "grove_test/child_process.h"
#include "net/frame_cipher.h"
#include "net/link_handshake.h"
#include "net/peer_node.h"
#include "security_support.h"

using namespace grove;
using namespace grove::test;
using namespace grove::platform::net;
namespace nv = grove::net::v1;

namespace {

using Stream = grpc::ClientReaderWriter<nv::LinkFrame, nv::LinkFrame>;

struct RawLink {
    std::unique_ptr<grpc::ClientContext> context = std::make_unique<grpc::ClientContext>();
    std::unique_ptr<Stream> stream;
    RawLink(const std::shared_ptr<grpc::Channel>& channel, std::chrono::seconds deadline) {
        context->set_deadline(std::chrono::system_clock::now() + deadline);
        stream = nv::PeerLink::NewStub(channel)->Open(context.get());
    }
};

std::shared_ptr<grpc::Channel> channel_to(const std::string& address) {
    grpc::ChannelArguments args;
    args.SetMaxSendMessageSize(128 * 1024 * 1024);
    args.SetMaxReceiveMessageSize(128 * 1024 * 1024);
    return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
}

std::size_t status_kb(pid_t pid, const std::string& field) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(field + ":", 0) == 0) return std::stoull(line.substr(field.size() + 1));
    return 0;
}

}  // namespace

// 12 parallel 63 MiB frames before the handshake took a Peer process to 453 MB (566 MB here):
// gRPC buffers a frame whole before checking its size, so the listener's transport memory quota
// bounds them; a frame larger than a sealed kMaxFrameBytes is then refused, and any frame over
// 4 KiB before the handshake ends the link at once.
TEST(PreAuthAttack, TwelveParallel63MiBFramesBeforeTheHandshakeStayBounded) {
    TempDir dir;
    ChildProcess node(
        {GROVE_SYNC_NODE, "--profile", (dir.path() / "p").string(), "--listen", "127.0.0.1:0"},
        ChildProcess::OnDestroy::Quit);
    std::string address;
    for (;;) {
        auto line = node.read_line(std::chrono::seconds(60));
        ASSERT_TRUE(line) << "grove_sync_node did not start";
        if (line->rfind("listening ", 0) == 0) {
            address = line->substr(10);
            break;
        }
    }
    const std::size_t before_kb = status_kb(node.pid(), "VmRSS");
    nv::LinkFrame huge;
    huge.mutable_client_hello()->set_version(1);
    huge.mutable_client_hello()->set_nonce(std::string(63u << 20, 'x'));
    auto channel = channel_to(address);
    std::vector<std::thread> attackers;
    std::atomic<int> refused{0};
    for (int i = 0; i < 12; ++i) {
        attackers.emplace_back([&] {
            RawLink link(channel, std::chrono::seconds(60));
            link.stream->Write(huge);
            nv::LinkFrame in;
            while (link.stream->Read(&in)) {
            }
            auto st = link.stream->Finish();
            if (!st.ok()) ++refused;
        });
    }
    std::size_t peak_kb = 0;
    bool running = true;
    std::thread sampler([&] {
        while (running) {
            peak_kb = std::max(peak_kb, status_kb(node.pid(), "VmRSS"));
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    });
    for (auto& t : attackers) t.join();
    running = false;
    sampler.join();
    peak_kb = std::max(peak_kb, status_kb(node.pid(), "VmHWM"));
    std::printf("peer RSS %zu MB before, peak %zu MB during 12 x 63 MiB frames\n", before_kb >> 10,
                peak_kb >> 10);
    EXPECT_EQ(refused.load(), 12);
    // Before: 544 MB more. Now gRPC's transport quota (64 MiB) holds it, plus allocator slack.
    // Under AddressSanitizer RSS counts its quarantine (freed frames kept back, 256 MiB by
    // default) and shadow memory, not what the peer holds: the bound is checked in plain builds.
#if !defined(__SANITIZE_ADDRESS__)
    EXPECT_LT(peak_kb, before_kb + 160 * 1024)
        << "the peer grew by " << (peak_kb - before_kb) / 1024 << " MB";
#endif
    EXPECT_EQ(node.ask("count none").rfind("err", 0), 0u);  // still answering
}

// Links that never complete their handshake hold at most max_unauthenticated places (and each
// source at most max_links_per_source): the rest are refused at once, saying why.
TEST(PreAuthAttack, LinksStuckInTheirHandshakeAreCapped) {
    Account ada = make_account("Ada");
    platform::net::PeerNodeOptions options;
    options.listen = "127.0.0.1:0";
    auto node = PeerNode::start(*ada.peer, options);
    ASSERT_TRUE(node.ok());
    auto channel = channel_to((*node)->listen_address());
    std::vector<std::unique_ptr<RawLink>> silent;
    for (int i = 0; i < 40; ++i)
        silent.push_back(std::make_unique<RawLink>(channel, std::chrono::seconds(5)));
    int refused = 0;
    const auto started = std::chrono::steady_clock::now();
    for (auto& link : silent) {
        link->stream->WritesDone();
        nv::LinkFrame in;
        if (link->stream->Read(&in)) continue;
        auto st = link->stream->Finish();
        if (st.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED) {
            ++refused;
            EXPECT_NE(st.error_message().find("too many links"), std::string::npos)
                << st.error_message();
        }
    }
    // 16 places (the default): the other 24 refused, without waiting for the handshake timeout.
    EXPECT_EQ(refused, 24);
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5) * 2);
    (*node)->stop();
}

// A flood of JoinRequests on one authenticated link (their answers never read) grew a Peer by
// 80 MB per 400,000: more than 8 on one link now close it.
TEST(JoinFloodAttack, JoinRequestFloodOnOneLinkClosesIt) {
    Account ada = make_account("Ada");
    ASSERT_TRUE(ada.peer->create_space("Held").ok());
    platform::net::PeerNodeOptions options;
    options.listen = "127.0.0.1:0";
    auto node = PeerNode::start(*ada.peer, options);
    ASSERT_TRUE(node.ok());
    auto channel = channel_to((*node)->listen_address());
    RawLink link(channel, std::chrono::seconds(60));

    auto key = crypto::SigningKeyPair::generate();
    LinkHandshake hs(key.public_key, [&](ByteView m) -> Result<crypto::Signature> {
        return crypto::sign(key.secret_key, m);
    });
    nv::LinkFrame out, in;
    *out.mutable_client_hello() = hs.client_hello();
    ASSERT_TRUE(link.stream->Write(out));
    ASSERT_TRUE(link.stream->Read(&in));
    auto auth = hs.on_server_hello(in.server_hello());
    ASSERT_TRUE(auth.ok()) << auth.error().message;
    out.Clear();
    *out.mutable_client_auth() = auth->first;
    ASSERT_TRUE(link.stream->Write(out));
    FrameCipher cipher(std::move(auth->second.send), std::move(auth->second.receive));

    nv::LinkMessage request;
    request.mutable_join_request()->set_space_id(std::string(16, 'j'));
    std::size_t sent = 0;
    for (; sent < 50'000; ++sent) {
        nv::LinkFrame frame;
        *frame.mutable_sealed() = cipher.seal(request);
        if (!link.stream->Write(frame)) break;
    }
    EXPECT_LT(sent, 50'000u) << "the peer kept reading join requests";
    (*node)->stop();
}

// An outsider's chain (a delta whose predecessor nobody has, by a device of no member) made a
// member ask a relay to resend it forever, and the relay resend it: ~250 MB/s from 8 MB of junk.
TEST(ResendLoopAttack, AnOutsidersChainIsNotAskedForAgainAndAgain) {
    Trio t;
    auto mallory = LocalIdentity::generate("Mallory");
    auto key = epoch_key_of(*t.ada.peer, t.sid);
    auto base = author_as(*t.ada.peer, t.sid, mallory, {chat_post("junk")});
    auto junk = reseal(
        base.back(),
        [&](auto& h) {
            h.set_seq(2);
            h.set_prev(to_string(crypto::random_array<32>()));
        },
        key, &mallory.device_sign.secret_key);

    Replicator replicator(*t.ada.peer);
    std::deque<nv::LinkMessage> to_relay;
    SyncOptions options;
    options.remote_is_relay = true;
    auto relay_key = crypto::SigningKeyPair::generate();
    SyncSession session(
        replicator, relay_key.public_key, crypto::random_array<32>(),
        [&](nv::LinkMessage&& m) { to_relay.push_back(std::move(m)); }, options);

    // The relay holds everything plus the junk: its hello says so; it sends the junk along.
    auto info = replicator.info(t.sid).value();
    VersionVector relay_has = info.vector;
    relay_has[mallory.device_sign.public_key] = 2;
    nv::LinkMessage hello;
    hello.mutable_hello()->set_space_id(to_string(t.sid));
    vector_to_proto(relay_has, hello.mutable_hello()->mutable_vector());
    nv::LinkMessage deltas;
    deltas.mutable_deltas()->set_space_id(to_string(t.sid));
    *deltas.mutable_deltas()->add_deltas() = junk.sealed;

    int resends = 0;
    ASSERT_TRUE(session.handle(hello).ok());
    for (int round = 0; round < 60; ++round) {
        if (round % 5 == 4) session.tick();  // anti-entropy: a hello every tick
        ASSERT_TRUE(session.pump().ok());
        bool asked = false;
        for (auto& m : to_relay)
            if (m.has_hello() && m.hello().resend()) asked = true;
        to_relay.clear();
        resends += asked ? 1 : 0;
        // Every resend (and every tick) brings the hello and the junk again.
        if (asked || round % 5 == 4) {
            ASSERT_TRUE(session.handle(hello).ok());
            ASSERT_TRUE(session.handle(deltas).ok());
        } else if (round == 0) {
            ASSERT_TRUE(session.handle(deltas).ok());
        }
    }
    EXPECT_LE(resends, 3) << "asked " << resends << " times to resend what never applies";
    EXPECT_GT(session.stats().resends_withheld, 0u);
}
