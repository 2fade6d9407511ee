// The Peer's SpaceJournal (core/space_journal.h): the seam outside modules read and write through.
#include "core/peer_impl.h"

namespace grove::platform {

namespace sp = grove::space::v1;

namespace {
Result<Space*> held(const std::map<SpaceId, std::unique_ptr<Space>>& spaces, const SpaceId& id) {
    auto it = spaces.find(id);
    if (it == spaces.end()) return make_error(ErrorCode::NotFound, "no such space here");
    return it->second.get();
}
}  // namespace

Result<void> Peer::Impl::mutate(const SpaceId& space, const Change& change) {
    std::vector<SpaceEvent> batch;
    Result<void> out = [&]() -> Result<void> {
        std::lock_guard lock(mutex);
        GROVE_TRY(require_unlocked());
        auto s = held(spaces, space);
        if (!s.ok()) return s.error();
        return change(**s, batch);
    }();
    if (out.ok()) dispatch(batch);
    return out;
}

Result<void> Peer::Impl::read(const SpaceId& space, const Reader& read) const {
    std::lock_guard lock(mutex);
    GROVE_TRY(require_unlocked());
    auto s = held(spaces, space);
    if (!s.ok()) return s.error();
    read(**s);
    return {};
}

Result<void> Peer::Impl::read_account(
    const std::function<void(const UnlockedAccount& account)>& read) const {
    std::lock_guard lock(mutex);
    GROVE_TRY(require_unlocked());
    read(*account);
    return {};
}

Result<Space::Draft> Peer::Impl::rotate_epoch_draft(Space& space) {
    sp::SpaceOp op;
    auto wraps = new_epoch(space, op.mutable_rotate_epoch()->mutable_new_epoch(), nullptr);
    if (!wraps.ok()) return wraps.error();
    return space_op_draft(op, std::move(wraps).value());
}

}  // namespace grove::platform

// ---- Peer's seams ----
namespace grove::platform {

SpaceJournal& Peer::journal() { return *impl_; }

void Peer::attach_blob_stores(std::unique_ptr<BlobStoreProvider> provider) {
    std::lock_guard lock(impl_->mutex);
    impl_->blob_stores = std::move(provider);
}

BlobStoreProvider* Peer::blob_stores() { return impl_->blob_stores.get(); }

}  // namespace grove::platform
