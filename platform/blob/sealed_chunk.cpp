#include "blob/sealed_chunk.h"

#include <sodium.h>

#include <cstring>

#include "crypto/primitives.h"

namespace grove::platform::blob {
namespace {

constexpr std::uint8_t kMagic[4] = {'G', 'R', 'V', 'B'};
constexpr std::uint8_t kFormatVersion = 1;

std::array<std::uint8_t, kSealedHeaderSize + 32> associated_data(ByteView header,
                                                                 const sdk::BlobId& id) {
    std::array<std::uint8_t, kSealedHeaderSize + 32> ad{};
    std::memcpy(ad.data(), header.data(), kSealedHeaderSize);
    std::memcpy(ad.data() + kSealedHeaderSize, id.data(), id.size());
    return ad;
}

}  // namespace

void seal_chunk(const EpochBlobKeys& keys, const sdk::BlobId& id, ByteView plaintext, Bytes& out) {
    out.resize(kSealOverhead + plaintext.size());
    std::uint8_t* header = out.data();
    std::memcpy(header, kMagic, 4);
    header[4] = kFormatVersion;
    header[5] = header[6] = header[7] = 0;
    for (int i = 0; i < 4; ++i) header[8 + i] = static_cast<std::uint8_t>(keys.epoch >> (8 * i));
    crypto::Nonce nonce = crypto::random_nonce();
    std::memcpy(header + 12, nonce.data(), nonce.size());
    auto ad = associated_data(ByteView(header, kSealedHeaderSize), id);
    unsigned long long written = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(out.data() + kSealedHeaderSize, &written,
                                               plaintext.data(), plaintext.size(), ad.data(),
                                               ad.size(), nullptr, nonce.data(), keys.seal.data());
}

Result<std::uint32_t> sealed_epoch(ByteView sealed) {
    if (sealed.size() < kSealOverhead || std::memcmp(sealed.data(), kMagic, 4) != 0 ||
        sealed[4] != kFormatVersion)
        return make_error(ErrorCode::DataLoss, "not a sealed chunk (bad header)");
    std::uint32_t epoch = 0;
    for (int i = 0; i < 4; ++i) epoch |= std::uint32_t(sealed[8 + i]) << (8 * i);
    return epoch;
}

Result<void> open_chunk(const EpochBlobKeys& keys, const sdk::BlobId& id, ByteView sealed,
                        Bytes& plaintext) {
    auto epoch = sealed_epoch(sealed);
    if (!epoch) return epoch.error();
    if (*epoch != keys.epoch)
        return make_error(ErrorCode::Internal, "opening a chunk with another epoch's keys");
    if (sealed.size() > kMaxSealedSize)
        return make_error(ErrorCode::DataLoss, "sealed chunk larger than the largest chunk");
    auto ad = associated_data(sealed.first(kSealedHeaderSize), id);
    plaintext.resize(sealed.size() - kSealOverhead);
    unsigned long long opened = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            plaintext.data(), &opened, nullptr, sealed.data() + kSealedHeaderSize,
            sealed.size() - kSealedHeaderSize, ad.data(), ad.size(), sealed.data() + 12,
            keys.seal.data()) != 0) {
        plaintext.clear();
        return make_error(ErrorCode::DataLoss, "chunk failed authentication (altered or foreign)");
    }
    sdk::BlobId actual = chunk_id(keys, plaintext);
    if (sodium_memcmp(actual.data(), id.data(), id.size()) != 0) {
        plaintext.clear();
        return make_error(ErrorCode::DataLoss, "chunk content does not match its id");
    }
    return {};
}

}  // namespace grove::platform::blob
