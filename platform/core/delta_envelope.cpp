#include "core/delta_envelope.h"

#include "crypto/primitives.h"

namespace grove::platform {

DeltaId compute_delta_id(ByteView header, ByteView nonce, ByteView ciphertext) {
    Bytes len;
    append_u32le(len, static_cast<std::uint32_t>(header.size()));
    return crypto::Hasher("grove.delta.id.v1")
        .update(len)
        .update(header)
        .update(nonce)
        .update(ciphertext)
        .finish();
}

Bytes delta_signing_input(const DeltaId& id) {
    Bytes out = to_bytes("grove.delta.sig.v1");
    append(out, id);
    return out;
}

Result<DecodedDelta> decode_delta(grove::wire::v1::SealedDelta sealed) {
    using grove::wire::v1::DeltaKind;
    if (sealed.header().size() > kMaxHeaderBytes)
        return make_error(ErrorCode::ResourceExhausted, "delta header is larger than 64 KiB");
    if (sealed.ciphertext().size() > kMaxCiphertextBytes)
        return make_error(ErrorCode::ResourceExhausted, "delta payload is larger than 1 MiB");
    if (sealed.nonce().size() != crypto::kNonceSize)
        return make_error(ErrorCode::InvalidArgument, "delta nonce must be 24 bytes");
    if (sealed.ciphertext().size() < crypto::kAeadTagSize)
        return make_error(ErrorCode::InvalidArgument, "delta ciphertext is truncated");
    if (!sealed.signature().empty() && sealed.signature().size() != crypto::kSignatureSize)
        return make_error(ErrorCode::InvalidArgument, "delta signature must be 64 bytes");

    DecodedDelta d;
    if (!d.header.ParseFromString(sealed.header()))
        return make_error(ErrorCode::InvalidArgument, "delta header does not parse");
    const auto& h = d.header;
    if (h.version() != kEnvelopeVersion)
        return make_error(ErrorCode::InvalidArgument,
                          "unsupported envelope version " + std::to_string(h.version()));
    if (h.space_id().size() != kSpaceIdSize)
        return make_error(ErrorCode::InvalidArgument, "delta space id must be 16 bytes");
    auto author = fixed_from<32>(as_bytes(h.author_device()));
    if (!author) return make_error(ErrorCode::InvalidArgument, "delta author must be 32 bytes");
    if (h.seq() == 0) return make_error(ErrorCode::InvalidArgument, "delta seq starts at 1");
    if (h.seq() == 1 ? !h.prev().empty() : h.prev().size() != 32)
        return make_error(ErrorCode::InvalidArgument, "delta prev does not match its seq");
    if (static_cast<std::size_t>(h.deps_size()) > kMaxDeps)
        return make_error(ErrorCode::ResourceExhausted, "delta has too many dependencies");
    if (static_cast<std::size_t>(h.epoch_keys_size()) > kMaxEpochKeyWraps)
        return make_error(ErrorCode::ResourceExhausted, "delta carries too many key wraps");
    if (h.lamport() == 0) return make_error(ErrorCode::InvalidArgument, "delta lamport is 0");
    switch (h.kind()) {
        case DeltaKind::DELTA_KIND_SPACE:
        case DeltaKind::DELTA_KIND_CHAT:
            if (!h.target().empty())
                return make_error(ErrorCode::InvalidArgument, "space delta with a target");
            break;
        case DeltaKind::DELTA_KIND_TOOL:
            if (h.target().size() != kToolInstanceIdSize)
                return make_error(ErrorCode::InvalidArgument, "tool delta target must be 16 bytes");
            break;
        default:
            return make_error(ErrorCode::InvalidArgument, "unknown delta kind");
    }
    d.deps.reserve(h.deps_size());
    for (const auto& dep : h.deps()) {
        auto id = fixed_from<32>(as_bytes(dep));
        if (!id) return make_error(ErrorCode::InvalidArgument, "delta dependency must be 32 bytes");
        d.deps.push_back(*id);
    }
    if (!h.prev().empty()) d.prev = *fixed_from<32>(as_bytes(h.prev()));
    d.author = *author;
    d.seq = h.seq();
    d.id = compute_delta_id(as_bytes(sealed.header()), as_bytes(sealed.nonce()),
                            as_bytes(sealed.ciphertext()));
    d.sealed = std::move(sealed);
    return d;
}

Result<DecodedDelta> decode_delta_bytes(ByteView envelope) {
    if (envelope.size() > kMaxHeaderBytes + kMaxCiphertextBytes + 1024)
        return make_error(ErrorCode::ResourceExhausted, "delta envelope is too large");
    grove::wire::v1::SealedDelta sealed;
    if (!sealed.ParseFromArray(envelope.data(), static_cast<int>(envelope.size())))
        return make_error(ErrorCode::InvalidArgument, "delta envelope does not parse");
    return decode_delta(std::move(sealed));
}

DecodedDelta seal_delta(grove::wire::v1::DeltaHeader header, ByteView payload,
                        const crypto::SymmetricKey& key, const crypto::SignSecretKey* signer) {
    DecodedDelta d;
    std::string header_bytes = header.SerializeAsString();
    auto nonce = crypto::random_nonce();
    Bytes ct = crypto::aead_encrypt(key, nonce, payload, as_bytes(header_bytes));
    d.id = compute_delta_id(as_bytes(header_bytes), nonce, ct);
    if (signer) {
        auto sig = crypto::sign(*signer, delta_signing_input(d.id));
        d.sealed.set_signature(sig.data(), sig.size());
    }
    d.sealed.set_header(std::move(header_bytes));
    d.sealed.set_nonce(nonce.data(), nonce.size());
    d.sealed.set_ciphertext(ct.data(), ct.size());
    d.author = *fixed_from<32>(as_bytes(header.author_device()));
    d.seq = header.seq();
    d.deps.reserve(header.deps_size());
    for (const auto& dep : header.deps()) d.deps.push_back(*fixed_from<32>(as_bytes(dep)));
    if (!header.prev().empty()) d.prev = *fixed_from<32>(as_bytes(header.prev()));
    d.header = std::move(header);
    d.local_payload.emplace(payload.begin(), payload.end());
    return d;
}

bool verify_delta_signature(const DecodedDelta& delta) {
    return !delta.sealed.signature().empty() &&
           crypto::verify(delta.author, delta_signing_input(delta.id),
                          as_bytes(delta.sealed.signature()));
}

Result<Bytes> open_delta_payload(const DecodedDelta& delta, const crypto::SymmetricKey& key) {
    auto nonce = fixed_from<crypto::kNonceSize>(as_bytes(delta.sealed.nonce()));
    if (!nonce) return make_error(ErrorCode::InvalidArgument, "delta nonce must be 24 bytes");
    return crypto::aead_decrypt(key, *nonce, as_bytes(delta.sealed.ciphertext()),
                                as_bytes(delta.sealed.header()));
}

}  // namespace grove::platform
