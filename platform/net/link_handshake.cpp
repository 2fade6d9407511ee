#include "net/link_handshake.h"

#include <sodium.h>

#include "crypto/primitives.h"

namespace grove::platform::net {

namespace nv = grove::net::v1;

namespace {
Bytes labelled(std::string_view label, const crypto::Hash& th) {
    Bytes out = to_bytes(label);
    append(out, th);
    return out;
}

crypto::Hash transcript(const std::string& client_hello, const nv::ServerHello& server) {
    nv::ServerHello unsigned_hello = server;
    unsigned_hello.clear_signature();
    std::string sh = unsigned_hello.SerializeAsString();
    Bytes len;
    append_u32le(len, static_cast<std::uint32_t>(client_hello.size()));
    return crypto::Hasher("grove.link.v1").update(len).update(client_hello).update(sh).finish();
}
}  // namespace

nv::ClientHello LinkHandshake::client_hello() {
    nv::ClientHello h;
    h.set_version(kLinkVersion);
    h.set_device(to_string(me_));
    h.set_ephemeral(to_string(ephemeral_.public_key));
    h.set_nonce(to_string(crypto::random_array<32>()));
    client_hello_bytes_ = h.SerializeAsString();
    return h;
}

Result<std::pair<nv::ClientAuth, LinkKeys>> LinkHandshake::on_server_hello(
    const nv::ServerHello& hello) {
    if (client_hello_bytes_.empty() || ready_)
        return make_error(ErrorCode::FailedPrecondition, "unexpected server hello");
    if (hello.version() != kLinkVersion)
        return make_error(ErrorCode::FailedPrecondition,
                          "the other end speaks link version " + std::to_string(hello.version()));
    auto device = fixed_from<32>(as_bytes(hello.device()));
    auto eph = fixed_from<32>(as_bytes(hello.ephemeral()));
    if (!device || !eph || hello.nonce().size() != 32 ||
        hello.signature().size() != crypto::kSignatureSize)
        return make_error(ErrorCode::InvalidArgument, "malformed server hello");
    transcript_ = transcript(client_hello_bytes_, hello);
    if (!crypto::verify(*device, labelled("grove.link.server.v1", transcript_),
                        as_bytes(hello.signature())))
        return make_error(ErrorCode::Unauthenticated,
                          "the other end's device signature is invalid");
    remote_ = *device;
    remote_ephemeral_ = *eph;
    auto sig = signer_(labelled("grove.link.client.v1", transcript_));
    if (!sig.ok()) return sig.error();
    nv::ClientAuth auth;
    auth.set_signature(to_string(*sig));
    ready_ = true;
    return std::make_pair(std::move(auth), derive(true));
}

Result<nv::ServerHello> LinkHandshake::on_client_hello(const nv::ClientHello& hello) {
    if (!client_hello_bytes_.empty())
        return make_error(ErrorCode::FailedPrecondition, "unexpected client hello");
    if (hello.version() != kLinkVersion)
        return make_error(ErrorCode::FailedPrecondition,
                          "the other end speaks link version " + std::to_string(hello.version()));
    auto device = fixed_from<32>(as_bytes(hello.device()));
    auto eph = fixed_from<32>(as_bytes(hello.ephemeral()));
    if (!device || !eph || hello.nonce().size() != 32)
        return make_error(ErrorCode::InvalidArgument, "malformed client hello");
    remote_ = *device;
    remote_ephemeral_ = *eph;
    client_hello_bytes_ = hello.SerializeAsString();
    nv::ServerHello sh;
    sh.set_version(kLinkVersion);
    sh.set_device(to_string(me_));
    sh.set_ephemeral(to_string(ephemeral_.public_key));
    sh.set_nonce(to_string(crypto::random_array<32>()));
    transcript_ = transcript(client_hello_bytes_, sh);
    auto sig = signer_(labelled("grove.link.server.v1", transcript_));
    if (!sig.ok()) return sig.error();
    sh.set_signature(to_string(*sig));
    return sh;
}

Result<LinkKeys> LinkHandshake::on_client_auth(const nv::ClientAuth& auth) {
    if (client_hello_bytes_.empty() || ready_)
        return make_error(ErrorCode::FailedPrecondition, "unexpected client auth");
    if (auth.signature().size() != crypto::kSignatureSize ||
        !crypto::verify(remote_, labelled("grove.link.client.v1", transcript_),
                        as_bytes(auth.signature())))
        return make_error(ErrorCode::Unauthenticated, "the dialer's device signature is invalid");
    ready_ = true;
    return derive(false);
}

LinkKeys LinkHandshake::derive(bool dialer) const {
    FixedBytes<32> shared{};
    LinkKeys keys;
    if (crypto_scalarmult(shared.data(), ephemeral_.secret_key.data(), remote_ephemeral_.data()) !=
        0) {
        // A low-order point: derive from randomness so the link simply fails to decrypt.
        shared = crypto::random_array<32>();
    }
    auto shared_key = crypto::symmetric_key_from(shared);
    sodium_memzero(shared.data(), shared.size());
    auto c2s = crypto::keyed_hash(shared_key, labelled("grove.link.c2s.v1", transcript_));
    auto s2c = crypto::keyed_hash(shared_key, labelled("grove.link.s2c.v1", transcript_));
    keys.send = crypto::symmetric_key_from(dialer ? c2s : s2c);
    keys.receive = crypto::symmetric_key_from(dialer ? s2c : c2s);
    sodium_memzero(c2s.data(), c2s.size());
    sodium_memzero(s2c.data(), s2c.size());
    keys.binding = transcript_;
    keys.remote = remote_;
    return keys;
}

}  // namespace grove::platform::net
