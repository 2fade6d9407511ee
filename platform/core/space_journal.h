// SpaceJournal: the narrow seam through which modules outside the Peer (blob stores, the tool
// bridge, benchmarks, fuzzers, tests) read and write spaces, under the peer's one lock.
#pragma once

#include <functional>
#include <span>
#include <vector>

#include "core/peer.h"
#include "core/space.h"

namespace grove::platform {

namespace store {
class ProfileStore;
}
struct UnlockedAccount;

class SpaceJournal {
public:
    // Checks, drafts and submits one change to `space`; events of what it wrote go to `events`.
    using Change = std::function<Result<void>(Space& space, std::vector<SpaceEvent>& events)>;
    using Reader = std::function<void(const Space& space)>;

    // Under the peer's lock: finds the space and runs `change`; then, with the lock released,
    // delivers its events if it succeeded. FailedPrecondition while the account is locked,
    // NotFound for a space this peer does not hold. Returns what `change` returns.
    virtual Result<void> mutate(const SpaceId& space, const Change& change) = 0;
    // Under the peer's lock: runs `read` on the space. Errors as mutate.
    virtual Result<void> read(const SpaceId& space, const Reader& read) const = 0;
    // Under the peer's lock: runs `read` on the unlocked account (identity, storage key).
    virtual Result<void> read_account(
        const std::function<void(const UnlockedAccount& account)>& read) const = 0;

    // Inside a change only: authors, applies and durably stores this device's drafts as one
    // batch (one transaction, one signature). Returns the new deltas' ids.
    virtual Result<std::vector<DeltaId>> submit(Space& space, std::span<const Space::Draft> drafts,
                                                std::vector<SpaceEvent>& events) = 0;
    // Inside a change only: a RotateEpoch draft starting a fresh epoch whose key is wrapped for
    // every active device; the key is stored and given to the space (the key duties' seam).
    virtual Result<Space::Draft> rotate_epoch_draft(Space& space) = 0;

    // The profile's store (it has its own lock): for inspection, and for tests that tamper.
    virtual store::ProfileStore& profile_store() = 0;

protected:
    ~SpaceJournal() = default;
};

}  // namespace grove::platform
