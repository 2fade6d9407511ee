// LinkHandshake: the start of every link — both ends prove their Ed25519 device (or relay) key
// over a transcript with fresh X25519 ephemerals; yields per-direction keys and a session binding.
#pragma once

#include <grove/sdk/result.h>

#include <functional>

#include "crypto/keys.h"
#include "grove/net/v1/link.pb.h"

namespace grove::platform::net {

inline constexpr std::uint32_t kLinkVersion = 1;

using DeviceSigner = std::function<Result<crypto::Signature>(ByteView)>;

struct LinkKeys {
    crypto::SymmetricKey send;
    crypto::SymmetricKey receive;
    crypto::Hash binding{};          // transcript hash: unique per link, known to both ends
    crypto::SignPublicKey remote{};  // the other end's authenticated key
};

class LinkHandshake {
public:
    LinkHandshake(crypto::SignPublicKey me, DeviceSigner signer)
        : me_(me), signer_(std::move(signer)) {}

    // Dialer: 1) client_hello(), 2) on_server_hello() → ClientAuth to send + keys.
    grove::net::v1::ClientHello client_hello();
    Result<std::pair<grove::net::v1::ClientAuth, LinkKeys>> on_server_hello(
        const grove::net::v1::ServerHello& hello);

    // Acceptor: 1) on_client_hello() → ServerHello, 2) on_client_auth() → keys.
    Result<grove::net::v1::ServerHello> on_client_hello(const grove::net::v1::ClientHello& hello);
    Result<LinkKeys> on_client_auth(const grove::net::v1::ClientAuth& auth);

private:
    LinkKeys derive(bool dialer) const;

    crypto::SignPublicKey me_;
    DeviceSigner signer_;
    crypto::BoxKeyPair ephemeral_ = crypto::BoxKeyPair::generate();
    crypto::BoxPublicKey remote_ephemeral_{};
    crypto::SignPublicKey remote_{};
    std::string client_hello_bytes_;
    crypto::Hash transcript_{};
    bool ready_ = false;
};

}  // namespace grove::platform::net
