#include "core/chain_auth.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

namespace grove::platform {

namespace {
void note(AuthenticatedBatch& out, std::string reason) {
    ++out.rejected;
    if (out.reasons.size() < 8) out.reasons.push_back(std::move(reason));
}
}  // namespace

AuthenticatedBatch authenticate_batch(const SpaceId& space,
                                      std::vector<grove::wire::v1::SealedDelta> deltas) {
    AuthenticatedBatch out;
    std::vector<std::optional<DecodedDelta>> decoded(deltas.size());
    const std::string space_bytes = to_string(space);
    for (std::size_t i = 0; i < deltas.size(); ++i) {
        auto d = decode_delta(std::move(deltas[i]));
        if (!d.ok()) {
            note(out, d.error().message);
            continue;
        }
        if (d->header.space_id() != space_bytes) {
            note(out, "a delta of another space in this space's batch");
            continue;
        }
        decoded[i] = std::move(d).value();
    }
    std::map<crypto::SignPublicKey, DeltaId> vouched;  // author → id its signed successor names
    std::vector<bool> authentic(decoded.size(), false);
    for (std::size_t i = decoded.size(); i-- > 0;) {
        if (!decoded[i]) continue;
        const DecodedDelta& d = *decoded[i];
        bool ok = false;
        if (!d.sealed.signature().empty()) {
            ok = verify_delta_signature(d);
            if (!ok) note(out, "bad signature on delta " + to_hex(d.id));
        } else {
            auto it = vouched.find(d.author);
            ok = it != vouched.end() && it->second == d.id;
            if (!ok) note(out, "unsigned delta without a signed successor in its batch");
        }
        if (ok) {
            authentic[i] = true;
            if (d.prev) vouched[d.author] = *d.prev;
            else vouched.erase(d.author);
        } else {
            vouched.erase(d.author);
        }
    }
    for (std::size_t i = 0; i < decoded.size(); ++i)
        if (authentic[i]) out.deltas.push_back(std::move(*decoded[i]));
    return out;
}

Result<OutgoingBatch> read_signed_runs(store::Statement& q, const SpaceId& space,
                                       std::int64_t after, VersionVector& remote_has,
                                       std::size_t max_deltas, std::size_t max_bytes,
                                       std::int64_t* held_back) {
    OutgoingBatch out;
    out.cursor = after;
    // Authors whose last delta in this batch is unsigned: the batch may not end before them.
    std::set<crypto::SignPublicKey> open_chains;
    constexpr int kPage = 512;
    for (;;) {
        q.bind(1, ByteView(space)).bind(2, out.cursor).bind(3, std::int64_t{kPage});
        int rows = 0;
        bool stop = false;
        for (;;) {
            auto row = q.step();
            if (!row.ok()) {
                q.reset();
                return row.error();
            }
            if (!*row) break;
            ++rows;
            const bool full = out.deltas.size() >= max_deltas || out.bytes >= max_bytes;
            if (full && open_chains.empty()) {
                out.more = true;
                stop = true;
                break;
            }
            auto author = fixed_from<32>(q.column_blob(1));
            if (!author) {
                q.reset();
                return make_error(ErrorCode::DataLoss, "a stored delta is damaged");
            }
            out.cursor = q.column_int(0);
            auto seq = static_cast<std::uint64_t>(q.column_int(2));
            auto& has = remote_has[*author];
            if (seq <= has) continue;
            if (held_back && seq != has + 1) {
                *held_back = std::min(*held_back, out.cursor);
                continue;
            }
            has = seq;
            grove::wire::v1::SealedDelta d;
            d.set_header(to_string(q.column_blob(3)));
            d.set_nonce(to_string(q.column_blob(4)));
            d.set_ciphertext(to_string(q.column_blob(5)));
            if (!q.column_is_null(6)) d.set_signature(to_string(q.column_blob(6)));
            if (d.signature().empty()) open_chains.insert(*author);
            else open_chains.erase(*author);
            out.bytes += d.header().size() + d.ciphertext().size() + 100;
            out.deltas.push_back(std::move(d));
            if (out.deltas.size() >= kMaxBatchDeltas) {  // a chain that never closes: cut it
                out.more = true;
                stop = true;
                break;
            }
        }
        q.reset();
        if (stop || rows < kPage) break;
    }
    return out;
}

}  // namespace grove::platform
