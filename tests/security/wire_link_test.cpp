// Hostile bytes everywhere a peer or client can send them (envelopes, link messages, invitation
// codes), oversized deltas, encrypted link frames, the handshake, and a relay that shows
// different histories to different peers.
#include <gtest/gtest.h>

#include <random>

#include "alloc_tracker.h"
#include "net/frame_cipher.h"
#include "net/link_handshake.h"
#include "security_support.h"

using namespace grove;
using namespace grove::test;
namespace nv = grove::net::v1;

namespace {

std::string varint(std::uint64_t v) {
    std::string out;
    while (v >= 0x80) {
        out.push_back(static_cast<char>((v & 0x7f) | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<char>(v));
    return out;
}

// Hostile encodings: every prefix of `valid`, huge declared lengths, deep group / message
// nesting, and seeded random bytes.
std::vector<std::string> hostile_inputs(const std::string& valid) {
    std::vector<std::string> out;
    for (std::size_t n = 0; n < valid.size(); n += std::max<std::size_t>(1, valid.size() / 97))
        out.push_back(valid.substr(0, n));
    for (std::uint64_t len : {0x7fffffffull, 0xffffffffull, 0xffffffffffffffffull, 1ull << 40}) {
        for (int field = 1; field <= 6; ++field) {
            out.push_back(static_cast<char>(field << 3 | 2) + varint(len) + "abc");
        }
    }
    // Nested unknown groups (start-group tags of field 9, wire type 3), 100 000 deep.
    out.push_back(std::string(100'000, static_cast<char>(9 << 3 | 3)));
    // Nested length-delimited fields claiming to be sub-messages, 5 000 deep.
    std::string nested = "x";
    for (int i = 0; i < 5000; ++i) nested = static_cast<char>(1 << 3 | 2) + varint(nested.size()) + nested;
    out.push_back(nested);
    std::mt19937_64 rng(0x5ec);
    for (int i = 0; i < 2000; ++i) {
        std::string r(rng() % 512, '\0');
        for (auto& c : r) c = static_cast<char>(rng());
        out.push_back(r);
    }
    // Random bytes after a valid prefix, and valid bytes with random corruption.
    for (int i = 0; i < 500; ++i) {
        std::string v = valid;
        for (int k = 0; k < 4 && !v.empty(); ++k) v[rng() % v.size()] = static_cast<char>(rng());
        out.push_back(v);
    }
    return out;
}

}  // namespace

TEST(MalformedInput, DeltaEnvelopeDecoderFailsCleanlyWithBoundedAllocation) {
    Trio t;
    auto ds = author_as(*t.ada.peer, t.sid, identity_of(*t.bob.peer), {chat_post("valid")});
    const std::string valid = ds.back().sealed.SerializeAsString();
    ASSERT_TRUE(decode_delta_bytes(as_bytes(valid)).ok());
    std::size_t refused = 0;
    for (const auto& input : hostile_inputs(valid)) {
        AllocScope scope;
        auto d = decode_delta_bytes(as_bytes(input));
        const std::size_t largest = scope.largest();
        // Never more than a small multiple of what was actually received.
        EXPECT_LE(largest, 4 * input.size() + 64 * 1024) << "input of " << input.size() << " bytes";
        if (!d.ok()) {
            ++refused;
            EXPECT_FALSE(d.error().message.empty());
            EXPECT_TRUE(d.error().code == ErrorCode::InvalidArgument ||
                        d.error().code == ErrorCode::ResourceExhausted)
                << d.error().message;
        } else {
            // Whatever decodes must still be refused (or be the very same delta) by ingest.
            auto report = ingest(*t.gus.peer, t.sid, {d->sealed});
            if (d->id != ds.back().id) {
                EXPECT_EQ(report.applied, 0u);
            }
        }
    }
    EXPECT_GT(refused, 2000u);
    // The same inputs as the header inside an otherwise well-formed envelope.
    for (const auto& input : hostile_inputs(ds.back().sealed.header())) {
        auto sealed = ds.back().sealed;
        sealed.set_header(input);
        auto d = decode_delta(sealed);
        if (d.ok()) {
            auto report = ingest(*t.gus.peer, t.sid, {d->sealed});
            EXPECT_EQ(report.applied, 0u);
        }
    }
}

TEST(MalformedInput, OversizedDeltasRejectedBeforeAllocation) {
    Trio t;
    auto& bob = identity_of(*t.bob.peer);
    auto key = epoch_key_of(*t.ada.peer, t.sid);
    auto base = author_as(*t.ada.peer, t.sid, bob, {chat_post("small")});
    // Header > 64 KiB (a huge target-free field: padding in an unknown field still counts).
    {
        auto big = base.back().sealed;
        std::string header = big.header() + static_cast<char>(15 << 3 | 2) +
                             varint(kMaxHeaderBytes) + std::string(kMaxHeaderBytes, 'h');
        big.set_header(header);
        auto d = decode_delta(big);
        ASSERT_FALSE(d.ok());
        EXPECT_EQ(d.error().code, ErrorCode::ResourceExhausted);
        EXPECT_EQ(ingest(*t.ada.peer, t.sid, {big}).rejected, 1u);
    }
    // Payload > 1 MiB.
    {
        auto big = base.back().sealed;
        big.set_ciphertext(std::string(kMaxCiphertextBytes + 1, 'c'));
        auto d = decode_delta(big);
        ASSERT_FALSE(d.ok());
        EXPECT_EQ(d.error().code, ErrorCode::ResourceExhausted);
        // As raw bytes within the envelope limit: the parser copies what was received (at most
        // the bytes on the wire), then the field limit refuses it before the header is parsed.
        const std::string wire = big.SerializeAsString();
        AllocScope scope;
        auto raw = decode_delta_bytes(as_bytes(wire));
        EXPECT_LE(scope.largest(), wire.size());
        ASSERT_FALSE(raw.ok());
        EXPECT_EQ(raw.error().code, ErrorCode::ResourceExhausted);
    }
    // An envelope beyond header + payload limits is refused before it is parsed at all.
    {
        std::string wire(kMaxHeaderBytes + kMaxCiphertextBytes + 2048, '\x0a');
        AllocScope scope;
        auto raw = decode_delta_bytes(as_bytes(wire));
        EXPECT_LT(scope.largest(), 4096u);
        ASSERT_FALSE(raw.ok());
        EXPECT_EQ(raw.error().code, ErrorCode::ResourceExhausted);
    }
    // More than 256 dependencies, validly signed by a member.
    {
        auto many = reseal(base.back(),
                           [&](auto& h) {
                               for (std::size_t i = 0; i <= kMaxDeps; ++i)
                                   h.add_deps(to_string(crypto::random_array<32>()));
                           },
                           key, &bob.device_sign.secret_key);
        auto d = decode_delta(many.sealed);
        ASSERT_FALSE(d.ok());
        EXPECT_EQ(d.error().code, ErrorCode::ResourceExhausted);
        auto report = ingest(*t.ada.peer, t.sid, {many.sealed});
        EXPECT_EQ(report.rejected, 1u);
        EXPECT_EQ(report.pending, 0u);
    }
    // Exactly at the limits is fine (no off-by-one that rejects legitimate deltas).
    {
        auto at = reseal(base.back(),
                         [&](auto& h) {
                             for (std::size_t i = 0; i + 1 < kMaxDeps; ++i)
                                 h.add_deps(to_string(crypto::random_array<32>()));
                         },
                         key, &bob.device_sign.secret_key);
        EXPECT_TRUE(decode_delta(at.sealed).ok());
    }
    EXPECT_EQ(t.ada.peer->list_chat(t.space)->size(), 0u);
}

TEST(MalformedInput, LinkMessagesAndInvitationCodesFailCleanly) {
    Trio t;
    // SyncSession::handle on every hostile LinkMessage that parses; never a crash.
    Replicator ra(*t.ada.peer);
    std::vector<nv::LinkMessage> sent;
    platform::net::SyncSession session(ra, identity_of(*t.bob.peer).device_sign.public_key,
                             crypto::random_array<32>(),
                             [&](nv::LinkMessage&& m) { sent.push_back(std::move(m)); });
    ASSERT_TRUE(session.pump().ok());
    nv::LinkMessage valid;
    auto* d = valid.mutable_deltas();
    d->set_space_id(to_string(t.sid));
    for (const auto& s :
         sealed_of(author_as(*t.ada.peer, t.sid, identity_of(*t.bob.peer), {chat_post("v")})))
        *d->add_deltas() = s;
    const auto before = heads(*t.ada.peer, t.space);
    std::size_t parsed = 0;
    for (const auto& input : hostile_inputs(valid.SerializeAsString())) {
        nv::LinkMessage m;
        AllocScope scope;
        if (!m.ParseFromString(input)) continue;
        ++parsed;
        auto r = session.handle(m);
        (void)r;  // an error return is allowed (the link closes); a crash or a change is not
        EXPECT_LE(scope.largest(), 4 * input.size() + (1u << 20));
    }
    EXPECT_GT(parsed, 0u);
    // Structured nonsense that parses: hellos with malformed ids and huge vectors, empty bodies.
    nv::LinkMessage hello;
    hello.mutable_hello()->set_space_id("short");
    EXPECT_TRUE(session.handle(hello).ok());
    hello.mutable_hello()->set_space_id(to_string(t.sid));
    for (int i = 0; i < 10000; ++i) {
        auto* e = hello.mutable_hello()->add_vector();
        e->set_device(i % 2 ? "bad" : to_string(crypto::random_array<32>()));
        e->set_seq(~0ull - static_cast<std::uint64_t>(i));
    }
    EXPECT_TRUE(session.handle(hello).ok());
    EXPECT_FALSE(session.handle(nv::LinkMessage{}).ok());  // empty body: protocol violation
    nv::LinkMessage join;
    join.mutable_join_request()->set_space_id(to_string(t.sid));
    join.mutable_join_request()->set_proof(std::string(1000, 'p'));
    EXPECT_TRUE(session.handle(join).ok());
    ASSERT_FALSE(sent.empty());
    ASSERT_TRUE(sent.back().has_join_response());
    EXPECT_FALSE(sent.back().join_response().error().empty());
    EXPECT_EQ(heads(*t.ada.peer, t.space), before);
    EXPECT_EQ(t.ada.peer->get_space(t.space)->member_count, 3u);

    // Invitation codes: bounded, strict.
    auto code = t.ada.peer->create_invitation(t.space, Role::Guest, wall_ms() + 100000, {"x:1"});
    ASSERT_TRUE(code.ok());
    std::size_t refused = 0;
    for (const auto& input : hostile_inputs(code->code)) {
        AllocScope scope;
        auto r = decode_invitation_code(input);
        EXPECT_LE(scope.largest(), 4 * input.size() + 64 * 1024);
        if (!r.ok()) ++refused;
    }
    EXPECT_GT(refused, 2000u);
    EXPECT_FALSE(decode_invitation_code(std::string(kInvitationPrefix) + std::string(1 << 20, 'a')).ok());
}

TEST(LinkAttack, ReplayedReorderedTamperedReflectedFramesRejected) {
    auto k1 = crypto::random_symmetric_key();
    auto k2 = crypto::random_symmetric_key();
    auto copy = [](const crypto::SymmetricKey& k) { return crypto::symmetric_key_from(k.view()); };
    platform::net::FrameCipher alice(copy(k1), copy(k2));
    platform::net::FrameCipher bob(copy(k2), copy(k1));
    auto msg = [](int i) {
        nv::LinkMessage m;
        m.mutable_notice()->set_message("message " + std::to_string(i));
        return m;
    };
    auto f1 = alice.seal(msg(1));
    auto f2 = alice.seal(msg(2));
    auto f3 = alice.seal(msg(3));
    auto f4 = alice.seal(msg(4));
    // Reordered: 2 before 1.
    auto r = bob.open(f2);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::Unauthenticated);
    ASSERT_TRUE(bob.open(f1).ok());
    EXPECT_EQ(bob.open(f1).error().code, ErrorCode::Unauthenticated);  // replayed
    ASSERT_TRUE(bob.open(f2).ok());
    EXPECT_EQ(bob.open(f2).error().code, ErrorCode::Unauthenticated);  // replayed again
    // Tampered: any flipped ciphertext bit, or a frame relabelled with the expected seq.
    for (std::size_t i = 0; i < f3.ciphertext().size(); ++i) {
        auto bad = f3;
        std::string c = bad.ciphertext();
        c[i] ^= 0x20;
        bad.set_ciphertext(c);
        EXPECT_EQ(bob.open(bad).error().code, ErrorCode::Unauthenticated) << i;
    }
    auto relabelled = f4;
    relabelled.set_seq(3);
    EXPECT_EQ(bob.open(relabelled).error().code, ErrorCode::Unauthenticated);
    // Reflected: Bob's own frame sent back to him.
    auto own = bob.seal(msg(99));
    own.set_seq(3);
    EXPECT_FALSE(bob.open(own).ok());
    // Dropped: skipping frame 3 is detected.
    EXPECT_EQ(bob.open(f4).error().code, ErrorCode::Unauthenticated);
    auto back = bob.open(f3);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back->notice().message(), "message 3");
    // Oversized frames are refused before decryption.
    nv::SealedFrame huge;
    huge.set_seq(4);
    huge.set_ciphertext(std::string(platform::net::kMaxFrameBytes + 1, 'x'));
    EXPECT_EQ(bob.open(huge).error().code, ErrorCode::ResourceExhausted);
}

TEST(LinkAttack, HandshakeRejectsImpersonationAndTampering) {
    auto ada = crypto::SigningKeyPair::generate();
    auto bob = crypto::SigningKeyPair::generate();
    auto eve = crypto::SigningKeyPair::generate();
    auto signer = [](const crypto::SigningKeyPair& k) {
        return [&k](ByteView m) -> Result<crypto::Signature> { return crypto::sign(k.secret_key, m); };
    };
    // Honest run.
    {
        platform::net::LinkHandshake dialer(ada.public_key, signer(ada));
        platform::net::LinkHandshake acceptor(bob.public_key, signer(bob));
        auto sh = acceptor.on_client_hello(dialer.client_hello());
        ASSERT_TRUE(sh.ok());
        auto ca = dialer.on_server_hello(*sh);
        ASSERT_TRUE(ca.ok()) << ca.error().message;
        auto keys = acceptor.on_client_auth(ca->first);
        ASSERT_TRUE(keys.ok());
        EXPECT_EQ(keys->remote, ada.public_key);
        EXPECT_EQ(ca->second.remote, bob.public_key);
        EXPECT_EQ(keys->binding, ca->second.binding);
    }
    // Eve claims Ada's key as dialer but can only sign with her own.
    {
        platform::net::LinkHandshake dialer(ada.public_key, signer(eve));
        platform::net::LinkHandshake acceptor(bob.public_key, signer(bob));
        auto sh = acceptor.on_client_hello(dialer.client_hello());
        ASSERT_TRUE(sh.ok());
        auto ca = dialer.on_server_hello(*sh);
        ASSERT_TRUE(ca.ok());
        EXPECT_FALSE(acceptor.on_client_auth(ca->first).ok());
    }
    // Eve claims Bob's key as acceptor.
    {
        platform::net::LinkHandshake dialer(ada.public_key, signer(ada));
        platform::net::LinkHandshake acceptor(bob.public_key, signer(eve));
        auto sh = acceptor.on_client_hello(dialer.client_hello());
        ASSERT_TRUE(sh.ok());
        auto ca = dialer.on_server_hello(*sh);
        ASSERT_FALSE(ca.ok());
        EXPECT_EQ(ca.error().code, ErrorCode::Unauthenticated);
    }
    // A network attacker swaps the server's ephemeral key.
    {
        platform::net::LinkHandshake dialer(ada.public_key, signer(ada));
        platform::net::LinkHandshake acceptor(bob.public_key, signer(bob));
        auto sh = acceptor.on_client_hello(dialer.client_hello());
        ASSERT_TRUE(sh.ok());
        auto tampered = *sh;
        const auto* desc = tampered.GetDescriptor();
        const auto* refl = tampered.GetReflection();
        bool changed = false;
        for (int i = 0; i < desc->field_count(); ++i) {
            const auto* f = desc->field(i);
            if (f->type() == google::protobuf::FieldDescriptor::TYPE_BYTES &&
                f->name().find("signature") == std::string::npos && !f->is_repeated()) {
                std::string v = refl->GetString(tampered, f);
                if (v.empty()) continue;
                v[0] ^= 1;
                refl->SetString(&tampered, f, v);
                changed = true;
                auto ca = dialer.on_server_hello(tampered);
                EXPECT_FALSE(ca.ok()) << "tampered field " << f->name();
                tampered = *sh;
            }
        }
        EXPECT_TRUE(changed);
    }
}

TEST(RelayAttack, DifferentHistoriesToTwoPeersDetectedThroughHeadsDigests) {
    Trio t;
    ASSERT_TRUE(t.ada.peer->post_chat(t.space, "shown to Bob only").ok());
    // The "relay" forwards Ada's new delta to Bob but withholds it from Gus.
    auto report = ingest(*t.bob.peer, t.sid, stored_deltas(*t.ada.peer, t.sid));
    EXPECT_EQ(report.applied, 1u);
    auto sb = t.bob.peer->sync_status(t.space).value();
    auto sg = t.gus.peer->sync_status(t.space).value();
    EXPECT_NE(sb.heads_digest, sg.heads_digest);  // the split view is visible to any comparison
    EXPECT_NE(sb.state_digest, sg.state_digest);
    EXPECT_NE(sb.delta_count, sg.delta_count);
    // A relay cannot make the two agree on digests while the histories differ: a forged head
    // from the relay (no key) is refused, so the digests still disagree.
    auto forged = stored_deltas(*t.ada.peer, t.sid).back();
    std::string ct = forged.ciphertext();
    ct[0] ^= 1;
    forged.set_ciphertext(ct);
    EXPECT_EQ(ingest(*t.gus.peer, t.sid, {forged}).applied, 0u);
    EXPECT_NE(heads(*t.bob.peer, t.space), heads(*t.gus.peer, t.space));
    // Synced directly, Bob and Gus converge.
    DirectPair direct(*t.bob.peer, *t.gus.peer);
    direct.run();
    EXPECT_EQ(heads(*t.bob.peer, t.space), heads(*t.gus.peer, t.space));
    EXPECT_EQ(state(*t.bob.peer, t.space), state(*t.gus.peer, t.space));
    EXPECT_EQ(t.gus.peer->list_chat(t.space)->size(), 1u);
}
