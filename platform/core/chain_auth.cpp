#include "core/chain_auth.h"

#include <map>
#include <optional>

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

}  // namespace grove::platform
