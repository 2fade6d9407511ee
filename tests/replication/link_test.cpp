// Link crypto (handshake, sequenced frames) and real gRPC links on loopback in one process:
// direct peers, a relay-only peer, invitations by code, offline and back, equal digests.
#include <gtest/gtest.h>

#include "core/chain_auth.h"
#include "core/invitation_code.h"
#include "crypto/primitives.h"
#include "grove/net/v1/link.grpc.pb.h"
#include "net/frame_cipher.h"
#include "net/link_handshake.h"
#include "net/peer_node.h"
#include "net/relay_server.h"
#include "replication_support.h"

using namespace grove;
using namespace grove::platform;
using namespace grove::platform::net;
using grove::test::in_days;
using grove::test::make_account;
using grove::test::wait_until;

namespace {
DeviceSigner signer_for(const crypto::SigningKeyPair& k) {
    return [&k](ByteView m) -> Result<crypto::Signature> { return crypto::sign(k.secret_key, m); };
}

struct Handshaken {
    LinkKeys client, server;
};
Result<Handshaken> handshake(const crypto::SigningKeyPair& c, const crypto::SigningKeyPair& s) {
    LinkHandshake hc(c.public_key, signer_for(c)), hs(s.public_key, signer_for(s));
    auto ch = hc.client_hello();
    auto sh = hs.on_client_hello(ch);
    if (!sh.ok()) return sh.error();
    auto auth = hc.on_server_hello(*sh);
    if (!auth.ok()) return auth.error();
    auto keys = hs.on_client_auth(auth->first);
    if (!keys.ok()) return keys.error();
    return Handshaken{std::move(auth->second), std::move(keys).value()};
}
}  // namespace

TEST(LinkCrypto, HandshakeAuthenticatesBothDevices) {
    crypto::initialize();
    auto a = crypto::SigningKeyPair::generate();
    auto b = crypto::SigningKeyPair::generate();
    auto h = handshake(a, b);
    ASSERT_TRUE(h.ok()) << h.error().message;
    EXPECT_EQ(h->client.remote, b.public_key);
    EXPECT_EQ(h->server.remote, a.public_key);
    EXPECT_EQ(h->client.binding, h->server.binding);
    EXPECT_TRUE(h->client.send.equals(h->server.receive));
    EXPECT_FALSE(h->client.send.equals(h->client.receive));

    // A dialer claiming b's key without b's secret fails at the server.
    LinkHandshake liar(b.public_key, signer_for(a)), server(a.public_key, signer_for(a));
    auto sh = server.on_client_hello(liar.client_hello());
    ASSERT_TRUE(sh.ok());
    auto auth = liar.on_server_hello(*sh);
    ASSERT_TRUE(auth.ok());
    EXPECT_EQ(server.on_client_auth(auth->first).error().code, ErrorCode::Unauthenticated);

    // A server hello whose signature was tampered with fails at the dialer.
    LinkHandshake dialer(a.public_key, signer_for(a)), srv(b.public_key, signer_for(b));
    auto sh2 = srv.on_client_hello(dialer.client_hello());
    auto forged = *sh2;
    (*forged.mutable_signature())[3] ^= 1;
    EXPECT_EQ(dialer.on_server_hello(forged).error().code, ErrorCode::Unauthenticated);
}

TEST(LinkCrypto, FramesRejectTamperReplayAndReorder) {
    crypto::initialize();
    auto a = crypto::SigningKeyPair::generate();
    auto b = crypto::SigningKeyPair::generate();
    auto h = handshake(a, b);
    ASSERT_TRUE(h.ok());
    FrameCipher ca(std::move(h->client.send), std::move(h->client.receive));
    FrameCipher cb(std::move(h->server.send), std::move(h->server.receive));
    grove::net::v1::LinkMessage m;
    m.mutable_hello()->set_space_id(std::string(16, 's'));
    auto f1 = ca.seal(m);
    auto f2 = ca.seal(m);
    auto f3 = ca.seal(m);
    // The space id is not visible in the frame.
    EXPECT_EQ(f1.ciphertext().find(std::string(16, 's')), std::string::npos);
    auto tampered = f1;
    (*tampered.mutable_ciphertext())[5] ^= 1;
    EXPECT_EQ(cb.open(tampered).error().code, ErrorCode::Unauthenticated);
    EXPECT_EQ(cb.open(f2).error().code, ErrorCode::Unauthenticated);  // reordered
    ASSERT_TRUE(cb.open(f1).ok());
    EXPECT_EQ(cb.open(f1).error().code, ErrorCode::Unauthenticated);  // replayed
    ASSERT_TRUE(cb.open(f2).ok());
    auto relabelled = f3;
    relabelled.set_seq(4);
    EXPECT_FALSE(cb.open(relabelled).ok());
    ASSERT_TRUE(cb.open(f3).ok());
    // The other direction uses another key: a frame reflected back fails.
    auto back = ca.seal(m);
    EXPECT_FALSE(ca.open(back).ok());
}

namespace {
bool equal_digests(const std::vector<Peer*>& peers, const std::string& space) {
    std::string heads, state;
    for (auto* p : peers) {
        auto st = p->sync_status(space);
        if (!st.ok() || st->pending) return false;
        if (heads.empty()) heads = st->heads_digest, state = st->state_digest;
        if (st->heads_digest != heads || st->state_digest != state) return false;
    }
    return true;
}
}  // namespace

TEST(Loopback, DirectAndRelayPeersConvergeAndCatchUp) {
    grove::test::TempDir relay_dir;
    RelayOptions ro;
    ro.data = relay_dir.path();
    ro.listen = "127.0.0.1:0";
    auto relay = RelayServer::start(ro);
    ASSERT_TRUE(relay.ok()) << relay.error().message;
    const std::string relay_addr = (*relay)->listen_address();

    auto ada = make_account("Ada");
    auto bob = make_account("Bob");
    auto cy = make_account("Cy");
    PeerNodeOptions oa;
    oa.listen = "127.0.0.1:0";
    oa.relays = {relay_addr};
    oa.tick = std::chrono::milliseconds(300);
    auto na = PeerNode::start(*ada.peer, oa);
    ASSERT_TRUE(na.ok()) << na.error().message;
    const std::string ada_addr = (*na)->listen_address();

    PeerNodeOptions ob;
    ob.listen = "127.0.0.1:0";
    ob.peers = {ada_addr};
    ob.tick = std::chrono::milliseconds(300);
    auto nb = PeerNode::start(*bob.peer, ob);
    ASSERT_TRUE(nb.ok());

    PeerNodeOptions oc;  // Cy: reachable only through the relay
    oc.relays = {relay_addr};
    oc.keep_join_link = false;  // the code names Ada's address too: do not keep that link
    oc.tick = std::chrono::milliseconds(300);
    auto nc = PeerNode::start(*cy.peer, oc);
    ASSERT_TRUE(nc.ok());

    auto space = ada.peer->create_space("Loop");
    ASSERT_TRUE(space.ok());
    ASSERT_TRUE(ada.peer->post_chat(space->id, "first").ok());
    auto ib = ada.peer->create_invitation(space->id, Role::Participant, in_days(7), {ada_addr});
    auto ic = ada.peer->create_invitation(space->id, Role::Participant, in_days(7),
                                          {ada_addr, relay_addr});
    ASSERT_TRUE(ib.ok() && ic.ok());
    auto jb = (*nb)->join(ib->code, std::chrono::seconds(20));
    ASSERT_TRUE(jb.ok()) << jb.error().message;
    auto jc = (*nc)->join(ic->code, std::chrono::seconds(20));
    ASSERT_TRUE(jc.ok()) << jc.error().message;
    // A used code fails cleanly on the wire too.
    auto again = (*nc)->join(ib->code, std::chrono::seconds(10));
    EXPECT_FALSE(again.ok());

    std::vector<Peer*> all{ada.peer.get(), bob.peer.get(), cy.peer.get()};
    std::vector<std::string> acked;
    std::vector<std::thread> writers;
    std::mutex acked_mutex;
    for (auto* p : all)
        writers.emplace_back([&, p] {
            for (int i = 0; i < 20; ++i) {
                auto m = p->post_chat(space->id, "concurrent " + std::to_string(i));
                if (m.ok()) {
                    std::lock_guard lock(acked_mutex);
                    acked.push_back(m->id);
                }
            }
        });
    for (auto& t : writers) t.join();
    EXPECT_EQ(acked.size(), 60u);
    ASSERT_TRUE(wait_until([&] { return equal_digests(all, space->id); }, std::chrono::seconds(30)))
        << "peers did not converge";
    EXPECT_EQ(ada.peer->list_chat(space->id)->size(), 61u);

    // Cy goes offline; Ada and Bob keep writing; Cy comes back and catches up via the relay.
    (*nc)->stop();
    nc->reset();
    for (int i = 0; i < 30; ++i) {
        ASSERT_TRUE(ada.peer->post_chat(space->id, "while cy is away " + std::to_string(i)).ok());
        ASSERT_TRUE(bob.peer->post_chat(space->id, "bob too " + std::to_string(i)).ok());
    }
    ASSERT_TRUE(wait_until([&] {
        return equal_digests({ada.peer.get(), bob.peer.get()}, space->id);
    }, std::chrono::seconds(30)));
    auto nc2 = PeerNode::start(*cy.peer, oc);
    ASSERT_TRUE(nc2.ok());
    ASSERT_TRUE(wait_until([&] { return equal_digests(all, space->id); }, std::chrono::seconds(30)))
        << "cy did not catch up through the relay";
    EXPECT_EQ(cy.peer->list_chat(space->id)->size(), 121u);
    auto rs = (*relay)->status();
    EXPECT_GE(rs.stored_deltas(), 120u);
    EXPECT_GE(rs.connected_devices(), 2u);
    (*nc2)->stop();
    (*nb)->stop();
    (*na)->stop();
    (*relay)->stop();
}

TEST(Relay, QuotaIsAClearErrorAndStorageSurvivesRestart) {
    grove::test::TempDir dir;
    crypto::initialize();
    auto ada = make_account("Ada");
    auto space = ada.peer->create_space("Q");
    for (int i = 0; i < 50; ++i) ASSERT_TRUE(ada.peer->post_chat(space->id, std::string(2000, 'x')).ok());
    auto sid = *fixed_from<16>(*from_hex(space->id));
    Replicator rep(*ada.peer);
    VersionVector none;
    auto out = rep.outgoing(sid, 0, none, 1000, 1 << 24);
    ASSERT_TRUE(out.ok());
    {
        RelayLimits limits;
        limits.space_quota_bytes = 40 * 1024;
        auto store = RelayStore::open(dir.path(), limits);
        ASSERT_TRUE(store.ok());
        auto batch = authenticate_batch(sid, {out->deltas.begin(), out->deltas.begin() + 10});
        auto r = (*store)->append(sid, batch.deltas);
        ASSERT_TRUE(r.ok()) << r.error().message;
        EXPECT_EQ(r->stored, 10u);
        auto big = authenticate_batch(sid, {out->deltas.begin() + 10, out->deltas.end()});
        auto full = (*store)->append(sid, big.deltas);
        ASSERT_FALSE(full.ok());
        EXPECT_EQ(full.error().code, ErrorCode::ResourceExhausted);
        EXPECT_NE(full.error().message.find("quota"), std::string::npos);
    }
    auto reopened = RelayStore::open(dir.path(), RelayLimits{});
    ASSERT_TRUE(reopened.ok());
    EXPECT_EQ((*reopened)->usage()[sid].deltas, 10u);
    auto vec = (*reopened)->vector(sid);
    EXPECT_EQ(vec.begin()->second, 10u);  // genesis + 9 posts of one author
}

TEST(Loopback, SilentDialerIsDroppedAndGarbageIsRefused) {
    auto ada = make_account("Ada");
    PeerNodeOptions oa;
    oa.listen = "127.0.0.1:0";
    auto na = PeerNode::start(*ada.peer, oa);
    ASSERT_TRUE(na.ok());
    auto channel = grpc::CreateChannel((*na)->listen_address(), grpc::InsecureChannelCredentials());
    auto stub = grove::net::v1::PeerLink::NewStub(channel);
    // A hello with a malformed key: the link ends with an error, the node keeps serving.
    {
        grpc::ClientContext ctx;
        ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(15));
        auto stream = stub->Open(&ctx);
        grove::net::v1::LinkFrame f;
        f.mutable_client_hello()->set_version(1);
        f.mutable_client_hello()->set_device("short");
        ASSERT_TRUE(stream->Write(f));
        grove::net::v1::LinkFrame in;
        EXPECT_FALSE(stream->Read(&in));
        auto st = stream->Finish();
        EXPECT_NE(st.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
    }
    // A dialer that never speaks is dropped after the handshake timeout (10 s), not kept.
    {
        grpc::ClientContext ctx;
        ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
        auto stream = stub->Open(&ctx);
        grove::net::v1::LinkFrame in;
        auto t0 = std::chrono::steady_clock::now();
        EXPECT_FALSE(stream->Read(&in));
        EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(15));
        (void)stream->Finish();
    }
    (*na)->stop();
}

namespace {
// The links of `node` to `address` that are up.
std::size_t established_to(const PeerNode& node, const std::string& address) {
    std::size_t n = 0;
    for (const auto& l : node.links())
        if (l.address == address && l.established) ++n;
    return n;
}
bool has_post(Peer& peer, const std::string& space, const std::string& text) {
    auto chat = peer.list_chat(space);
    if (!chat.ok()) return false;
    for (const auto& m : *chat)
        if (m.text == text) return true;
    return false;
}
}  // namespace

TEST(Loopback, JoiningKeepsTheLinkAndRedialsIt) {
    auto ada = make_account("Ada");
    auto bob = make_account("Bob");
    PeerNodeOptions oa;
    oa.listen = "127.0.0.1:0";
    oa.tick = std::chrono::milliseconds(300);
    auto na = PeerNode::start(*ada.peer, oa);
    ASSERT_TRUE(na.ok()) << na.error().message;
    const std::string ada_addr = (*na)->listen_address();

    // Bob has no configured peers and no listener: the join's link is all he has.
    std::mutex kept_mutex;
    std::vector<std::string> kept;
    PeerNodeOptions ob;
    ob.tick = std::chrono::milliseconds(300);
    ob.min_backoff = std::chrono::milliseconds(50);
    ob.max_backoff = std::chrono::milliseconds(400);
    ob.on_peer_kept = [&](const std::string& address) {
        std::lock_guard lock(kept_mutex);
        kept.push_back(address);
    };
    auto nb = PeerNode::start(*bob.peer, ob);
    ASSERT_TRUE(nb.ok());

    auto space = ada.peer->create_space("Kept");
    ASSERT_TRUE(space.ok());
    auto inv = ada.peer->create_invitation(space->id, Role::Participant, in_days(1), {ada_addr});
    ASSERT_TRUE(inv.ok());
    ASSERT_TRUE((*nb)->join(inv->code, std::chrono::seconds(20)).ok());
    {
        std::lock_guard lock(kept_mutex);
        EXPECT_EQ(kept, std::vector<std::string>{ada_addr});
    }
    // The same link goes on syncing both ways after the join returned.
    ASSERT_EQ(established_to(**nb, ada_addr), 1u);
    EXPECT_EQ((*nb)->links().front().remote_device, ada.peer->account()->device_id);
    ASSERT_TRUE(ada.peer->post_chat(space->id, "after the join").ok());
    ASSERT_TRUE(bob.peer->post_chat(space->id, "bob answers").ok());
    EXPECT_TRUE(wait_until([&] { return has_post(*bob.peer, space->id, "after the join"); }));
    EXPECT_TRUE(wait_until([&] { return has_post(*ada.peer, space->id, "bob answers"); }));

    // A second join through the same address does not add a second kept link.
    auto other = ada.peer->create_space("Second");
    ASSERT_TRUE(other.ok());
    auto inv2 = ada.peer->create_invitation(other->id, Role::Participant, in_days(1), {ada_addr});
    ASSERT_TRUE(inv2.ok());
    ASSERT_TRUE((*nb)->join(inv2->code, std::chrono::seconds(20)).ok());
    EXPECT_TRUE(wait_until([&] { return (*nb)->links().size() == 1; }));
    {
        std::lock_guard lock(kept_mutex);
        EXPECT_EQ(kept.size(), 1u);
    }
    // connect() to the kept address is no second dialer either.
    (*nb)->connect(ada_addr);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_EQ((*nb)->links().size(), 1u);

    // Ada goes away and comes back on the same address: Bob redials, and sync resumes.
    (*na)->stop();
    na->reset();
    EXPECT_TRUE(wait_until([&] { return established_to(**nb, ada_addr) == 0; }));
    oa.listen = ada_addr;
    auto na2 = PeerNode::start(*ada.peer, oa);
    ASSERT_TRUE(na2.ok()) << na2.error().message;
    ASSERT_TRUE(wait_until([&] { return established_to(**nb, ada_addr) == 1; },
                           std::chrono::seconds(20)))
        << "the kept peer was not redialed";
    ASSERT_TRUE(ada.peer->post_chat(other->id, "back again").ok());
    EXPECT_TRUE(wait_until([&] { return has_post(*bob.peer, other->id, "back again"); }));

    // keep_join_link = false: the link closes once the join is done, nothing is reported.
    auto cy = make_account("Cy");
    bool cy_kept = false;
    PeerNodeOptions oc;
    oc.keep_join_link = false;
    oc.on_peer_kept = [&](const std::string&) { cy_kept = true; };
    auto nc = PeerNode::start(*cy.peer, oc);
    ASSERT_TRUE(nc.ok());
    auto inv3 = ada.peer->create_invitation(space->id, Role::Participant, in_days(1), {ada_addr});
    ASSERT_TRUE(inv3.ok());
    ASSERT_TRUE((*nc)->join(inv3->code, std::chrono::seconds(20)).ok());
    EXPECT_TRUE((*nc)->links().empty());
    EXPECT_FALSE(cy_kept);

    (*nc)->stop();
    (*nb)->stop();
    (*na2)->stop();
}
