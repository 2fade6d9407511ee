#include "net/frame_cipher.h"

#include "crypto/primitives.h"

namespace grove::platform::net {

namespace nv = grove::net::v1;

namespace {
crypto::Nonce nonce_for(std::uint64_t seq) {
    crypto::Nonce n{};
    for (int i = 0; i < 8; ++i) n[i] = static_cast<std::uint8_t>(seq >> (8 * i));
    return n;
}
Bytes ad_for(std::uint64_t seq) {
    Bytes ad = to_bytes("grove.link.frame.v1");
    append_u64le(ad, seq);
    return ad;
}
}  // namespace

nv::SealedFrame FrameCipher::seal(const nv::LinkMessage& message) {
    std::uint64_t seq = next_send_++;
    std::string plain = message.SerializeAsString();
    nv::SealedFrame frame;
    frame.set_seq(seq);
    frame.set_ciphertext(to_string(crypto::aead_encrypt(send_, nonce_for(seq), as_bytes(plain),
                                                        ad_for(seq))));
    return frame;
}

Result<nv::LinkMessage> FrameCipher::open(const nv::SealedFrame& frame) {
    if (frame.ciphertext().size() > kMaxFrameBytes)
        return make_error(ErrorCode::ResourceExhausted, "link frame larger than 16 MiB");
    if (frame.seq() != next_receive_)
        return make_error(ErrorCode::Unauthenticated,
                          "link frame out of sequence (replayed, dropped or reordered): got " +
                              std::to_string(frame.seq()) + ", expected " +
                              std::to_string(next_receive_));
    auto plain = crypto::aead_decrypt(receive_, nonce_for(frame.seq()),
                                      as_bytes(frame.ciphertext()), ad_for(frame.seq()));
    if (!plain.ok())
        return make_error(ErrorCode::Unauthenticated, "link frame fails authentication (tampered)");
    nv::LinkMessage message;
    if (!message.ParseFromArray(plain->data(), static_cast<int>(plain->size())))
        return make_error(ErrorCode::InvalidArgument, "link message does not parse");
    ++next_receive_;
    return message;
}

}  // namespace grove::platform::net
