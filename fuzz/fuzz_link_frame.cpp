// Link frames after the handshake: LinkFrame parsing and FrameCipher::open — frames sealed with
// the link's real key by the harness (so hostile plaintext reaches the LinkMessage parser, with
// the nonce and associated data docs/protocol-sync.md specifies) and raw frames from the wire
// (forged, replayed, reordered or oversized). Only frames sealed with the key at the expected
// sequence number ever open.
#include "crypto/primitives.h"
#include "fuzz_support.h"
#include "net/frame_cipher.h"

using namespace grove;
using namespace grove::fuzz;
namespace nv = grove::net::v1;
namespace pn = grove::platform::net;

namespace {

const crypto::SymmetricKey& link_key() {
    static crypto::SymmetricKey k = crypto::symmetric_key_from(crypto::random_array<32>());
    return k;
}
crypto::SymmetricKey copy(const crypto::SymmetricKey& k) { return crypto::symmetric_key_from(k.view()); }

// The documented frame format: nonce = u64le(seq) || 16 zero bytes,
// ad = "grove.link.frame.v1" || u64le(seq).
std::string seal_raw(const crypto::SymmetricKey& key, std::uint64_t seq, const std::string& plain) {
    crypto::Nonce nonce{};
    for (int i = 0; i < 8; ++i) nonce[i] = static_cast<std::uint8_t>(seq >> (8 * i));
    Bytes ad = to_bytes("grove.link.frame.v1");
    append_u64le(ad, seq);
    return to_string(crypto::aead_encrypt(key, nonce, as_bytes(plain), ad));
}

}  // namespace

void grove_fuzz_seeds(Seeds& seeds) {
    nv::LinkMessage hello;
    hello.mutable_hello()->set_space_id(std::string(16, 's'));
    auto* e = hello.mutable_hello()->add_vector();
    e->set_device(std::string(32, 'd'));
    e->set_seq(3);
    hello.mutable_hello()->set_heads_digest(std::string(32, 'h'));
    nv::LinkMessage ping;
    ping.mutable_ping()->set_id(7);
    nv::LinkMessage deltas;
    deltas.mutable_deltas()->set_space_id(std::string(16, 's'));
    for (const auto& d : standalone_chain(2)) *deltas.mutable_deltas()->add_deltas() = d.sealed;
    nv::LinkFrame raw;
    raw.mutable_sealed()->set_seq(1);
    raw.mutable_sealed()->set_ciphertext(std::string(40, 'c'));
    nv::LinkFrame clear;
    clear.mutable_client_hello()->set_version(1);
    // Each record: a mode byte (even: seal the rest as plaintext; odd: the rest is a raw LinkFrame).
    seeds.add(join_records({std::string(1, '\0') + ping.SerializeAsString(), std::string("\0", 1) + hello.SerializeAsString(),
                            std::string("\0", 1) + deltas.SerializeAsString()}));
    seeds.add(join_records({"\1" + raw.SerializeAsString(), "\1" + clear.SerializeAsString(),
                            std::string("\0", 1) + ping.SerializeAsString()}));
    seeds.add(join_records({std::string("\2", 1) + ping.SerializeAsString()}));
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // The receiving end of a link (the sending direction's key is irrelevant here).
    pn::FrameCipher receiver(crypto::symmetric_key_from(crypto::random_array<32>()), copy(link_key()));
    std::uint64_t expected = 1;
    for (const auto& record : split_records(data, size, 32)) {
        if (record.empty()) continue;
        const std::uint8_t mode = static_cast<std::uint8_t>(record[0]);
        const std::string body = record.substr(1);
        nv::SealedFrame frame;
        bool ours = false;
        if (mode % 2 == 0) {
            // Sealed by the other end with the real key; mode/2 % 4 skews the sequence number
            // (0: the expected one; 1: a replay; 2: one ahead; 3: far off).
            std::uint64_t seq = expected;
            switch ((mode / 2) % 4) {
                case 1: seq = expected - 1; break;
                case 2: seq = expected + 1; break;
                case 3: seq = expected ^ (std::uint64_t{1} << 40); break;
            }
            frame.set_seq(seq);
            frame.set_ciphertext(seal_raw(link_key(), seq, body));
            ours = seq == expected;
        } else {
            nv::LinkFrame wire;
            if (!wire.ParseFromString(body)) continue;
            if (!wire.has_sealed()) continue;  // the link closes on a clear frame after the handshake
            frame = wire.sealed();
        }
        auto m = receiver.open(frame);
        if (m.ok()) {
            GROVE_FUZZ_CHECK(ours);  // nothing opens that was not sealed with the key, in order
            ++expected;
            // What opened re-serializes and parses back (the session then dispatches on it).
            nv::LinkMessage again;
            GROVE_FUZZ_CHECK(again.ParseFromString(m->SerializeAsString()));
        } else {
            GROVE_FUZZ_CHECK(!ours || m.error().code == ErrorCode::InvalidArgument);
            GROVE_FUZZ_CHECK(!m.error().message.empty());
        }
    }
    return 0;
}
