// The delta envelope decoder: decode_delta_bytes() on one sealed delta, and batch decoding —
// the same bytes as a grove.net.v1.Deltas message through authenticate_batch(), as a peer's or
// relay's ingest does (decode with limits, then verify author chains).
#include "core/chain_auth.h"
#include "fuzz_support.h"

using namespace grove;
using namespace grove::fuzz;

void grove_fuzz_seeds(Seeds& seeds) {
    SpaceId space{};
    auto chain = standalone_chain(4, &space);
    for (const auto& d : chain) seeds.add(d.sealed);
    grove::net::v1::Deltas batch;
    batch.set_space_id(to_string(space));
    for (const auto& d : chain) *batch.add_deltas() = d.sealed;
    seeds.add(batch);
    grove::wire::v1::DeltaBatch plain;
    for (const auto& d : standalone_chain(2)) *plain.add_deltas() = d.sealed;
    seeds.add(plain);
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const ByteView input(data, size);
    auto one = decode_delta_bytes(input);
    if (one.ok()) {
        // What the decoder accepted is within the limits and its id is the id of these bytes.
        const auto& d = *one;
        GROVE_FUZZ_CHECK(d.sealed.header().size() <= kMaxHeaderBytes);
        GROVE_FUZZ_CHECK(d.sealed.ciphertext().size() <= kMaxCiphertextBytes);
        GROVE_FUZZ_CHECK(d.deps.size() <= kMaxDeps);
        GROVE_FUZZ_CHECK(d.seq >= 1 && (d.seq == 1) == !d.prev.has_value());
        GROVE_FUZZ_CHECK(d.id == compute_delta_id(as_bytes(d.sealed.header()),
                                                  as_bytes(d.sealed.nonce()),
                                                  as_bytes(d.sealed.ciphertext())));
        (void)verify_delta_signature(d);
        // Re-encoding and decoding again gives the same delta.
        auto again = decode_delta_bytes(as_bytes(d.sealed.SerializeAsString()));
        GROVE_FUZZ_CHECK(again.ok() && again->id == d.id);
    } else {
        GROVE_FUZZ_CHECK(!one.error().message.empty());
        GROVE_FUZZ_CHECK(one.error().code == ErrorCode::InvalidArgument ||
                         one.error().code == ErrorCode::ResourceExhausted);
    }

    grove::net::v1::Deltas batch;
    if (batch.ParseFromArray(data, static_cast<int>(size)) &&
        static_cast<std::size_t>(batch.deltas_size()) <= Replicator::kMaxBatchDeltas) {
        SpaceId space{};
        if (auto id = fixed_from<kSpaceIdSize>(as_bytes(batch.space_id()))) space = *id;
        const std::size_t n = static_cast<std::size_t>(batch.deltas_size());
        std::vector<grove::wire::v1::SealedDelta> raw(batch.deltas().begin(),
                                                      batch.deltas().end());
        auto out = authenticate_batch(space, std::move(raw));
        GROVE_FUZZ_CHECK(out.deltas.size() + out.rejected == n);
        GROVE_FUZZ_CHECK(out.reasons.size() <= out.rejected);
        for (const auto& d : out.deltas) GROVE_FUZZ_CHECK(d.header.space_id() == to_string(space));
    }
    return 0;
}
