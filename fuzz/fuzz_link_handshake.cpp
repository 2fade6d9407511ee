// The link handshake (LinkHandshake, in the clear before any key exists): hostile ClientHello,
// ServerHello and ClientAuth frames to both roles, and an honest handshake whose three messages
// an attacker on the wire tampers with. A tampered handshake either fails or — when the change
// does not alter what was signed — ends with both ends holding the same keys, the same binding
// and each other's real device keys.
#include "crypto/primitives.h"
#include "fuzz_support.h"
#include "net/link_handshake.h"

using namespace grove;
using namespace grove::fuzz;
namespace nv = grove::net::v1;
namespace pn = grove::platform::net;

namespace {

struct Device {
    crypto::SigningKeyPair keys = crypto::SigningKeyPair::generate();
    pn::DeviceSigner signer() const {
        return [this](ByteView m) -> Result<crypto::Signature> { return crypto::sign(keys.secret_key, m); };
    }
};

const Device& dialer() {
    static Device d;
    return d;
}
const Device& acceptor() {
    static Device d;
    return d;
}

bool same(const crypto::SymmetricKey& a, const crypto::SymmetricKey& b) {
    return std::equal(a.view().begin(), a.view().end(), b.view().begin(), b.view().end());
}

// Applies a tamper record to serialized bytes: XOR over the start, extra bytes appended.
std::string tamper(std::string bytes, const std::string& mask) {
    for (std::size_t i = 0; i < mask.size(); ++i) {
        if (i < bytes.size()) bytes[i] = static_cast<char>(bytes[i] ^ mask[i]);
        else bytes.push_back(mask[i]);
    }
    return bytes;
}

void hostile_frames(const std::vector<std::string>& records) {
    // Acceptor: a client hello then a client auth, from the wire.
    pn::LinkHandshake acc(acceptor().keys.public_key, acceptor().signer());
    std::size_t i = 0;
    nv::LinkFrame frame;
    if (i < records.size() && frame.ParseFromString(records[i++])) {
        if (frame.has_client_auth()) {
            auto early = acc.on_client_auth(frame.client_auth());
            GROVE_FUZZ_CHECK(!early.ok());  // no auth before a hello
        }
        if (frame.has_client_hello() && acc.on_client_hello(frame.client_hello()).ok()) {
            if (i < records.size() && frame.ParseFromString(records[i++]) && frame.has_client_auth()) {
                auto keys = acc.on_client_auth(frame.client_auth());
                GROVE_FUZZ_CHECK(!keys.ok());  // nobody can sign for a transcript it never saw
            }
        }
    }
    // Dialer: its hello, then a server hello from the wire.
    pn::LinkHandshake dial(dialer().keys.public_key, dialer().signer());
    (void)dial.client_hello();
    for (; i < records.size(); ++i) {
        if (!frame.ParseFromString(records[i]) || !frame.has_server_hello()) continue;
        auto r = dial.on_server_hello(frame.server_hello());
        GROVE_FUZZ_CHECK(!r.ok());  // the server signs a transcript with the dialer's nonce
    }
}

void tampered_handshake(std::uint8_t which, const std::vector<std::string>& masks) {
    pn::LinkHandshake dial(dialer().keys.public_key, dialer().signer());
    pn::LinkHandshake acc(acceptor().keys.public_key, acceptor().signer());
    std::size_t next_mask = 0;
    auto wire = [&](const google::protobuf::MessageLite& m, int stage, auto& out) {
        std::string bytes = m.SerializeAsString();
        if ((which >> stage) & 1) bytes = tamper(bytes, next_mask < masks.size() ? masks[next_mask++] : "");
        return out.ParseFromString(bytes);
    };
    nv::ClientHello ch;
    if (!wire(dial.client_hello(), 0, ch)) return;
    auto sh_out = acc.on_client_hello(ch);
    if (!sh_out.ok()) return;
    nv::ServerHello sh;
    if (!wire(*sh_out, 1, sh)) return;
    auto dialed = dial.on_server_hello(sh);
    if (!dialed.ok()) return;
    nv::ClientAuth auth;
    if (!wire(dialed->first, 2, auth)) return;
    auto accepted = acc.on_client_auth(auth);
    if (!accepted.ok()) return;
    const pn::LinkKeys& d = dialed->second;
    const pn::LinkKeys& a = *accepted;
    GROVE_FUZZ_CHECK(d.remote == acceptor().keys.public_key);
    GROVE_FUZZ_CHECK(a.remote == dialer().keys.public_key);
    GROVE_FUZZ_CHECK(d.binding == a.binding);
    GROVE_FUZZ_CHECK(same(d.send, a.receive) && same(d.receive, a.send));
    GROVE_FUZZ_CHECK(!same(d.send, d.receive));
}

}  // namespace

void grove_fuzz_seeds(Seeds& seeds) {
    pn::LinkHandshake dial(dialer().keys.public_key, dialer().signer());
    pn::LinkHandshake acc(acceptor().keys.public_key, acceptor().signer());
    nv::LinkFrame f1, f2, f3;
    *f1.mutable_client_hello() = dial.client_hello();
    auto sh = acc.on_client_hello(f1.client_hello());
    *f2.mutable_server_hello() = *sh;
    auto auth = dial.on_server_hello(*sh);
    *f3.mutable_client_auth() = auth->first;
    // Mode byte 0: hostile frames (client hello, client auth, server hello).
    seeds.add(std::string(1, '\0') +
              join_records({f1.SerializeAsString(), f3.SerializeAsString(), f2.SerializeAsString()}));
    // Mode byte odd: an honest handshake with stages tampered (bits 1..3 of the mode byte).
    seeds.add(std::string(1, '\1') + join_records({}));
    seeds.add(std::string(1, '\3') + join_records({std::string(1, '\x04')}));
    seeds.add(std::string(1, '\5') + join_records({std::string(40, '\0') + "\x01"}));
    seeds.add(std::string(1, '\x0f') + join_records({"\x01", "\x02", "\x03"}));
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    auto records = split_records(data + 1, size - 1, 8);
    if (data[0] & 1) tampered_handshake(static_cast<std::uint8_t>(data[0] >> 1), records);
    else hostile_frames(records);
    return 0;
}
