// Peer::Impl: the peer's internals, seen by the Peer's own files and the replication component
// only; others use the SpaceJournal it implements. All state is guarded by `mutex`.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <type_traits>

#include "core/account_vault.h"
#include "core/blob_store_provider.h"
#include "core/call_frame_hub.h"
#include "core/ephemeral_hub.h"
#include "core/event_bus.h"
#include "core/pairing_codes.h"
#include "core/peer.h"
#include "core/space.h"
#include "core/space_journal.h"
#include "core/tool_runtime.h"
#include "store/profile_store.h"

namespace grove::platform {

struct EphemeralOut;      // core/replicator.h (an ephemeral message to send on links)
struct ReplicationState;  // core/replication_state.h (pending buffers, per-space sync bookkeeping)

struct Peer::Impl final : SpaceJournal {
    std::filesystem::path profile_dir;
    int lock_fd = -1;
    std::unique_ptr<store::ProfileStore> store;
    crypto::KdfParams kdf = crypto::KdfParams::standard();
    // The wall clock (Unix ms) every read of "now" in the core goes through (PeerOptions::clock;
    // the system clock when none was given). Set once at open, read from any thread.
    std::function<std::int64_t()> clock;
    std::int64_t now_ms() const { return clock(); }
    // Spaces' blob stores for tools (platform/blob installs one); declared before the tool
    // runtime so that it outlives the instances using it. Set before tools run; null = the tool
    // host's in-memory store.
    std::unique_ptr<BlobStoreProvider> blob_stores;

    mutable std::mutex mutex;
    std::unique_ptr<UnlockedAccount> account;
    std::map<SpaceId, std::unique_ptr<Space>> spaces;

    // Subscribers to the spaces' events and their delivery (core/event_bus.h).
    EventBus events;

    ~Impl();

    // ---- SpaceJournal (core/space_journal.h; core/peer.cpp) ----
    Result<void> mutate(const SpaceId& space, const Change& change) override;
    Result<void> read(const SpaceId& space, const Reader& read) const override;
    Result<void> read_account(
        const std::function<void(const UnlockedAccount& account)>& read) const override;
    Result<Space::Draft> rotate_epoch_draft(Space& space) override;
    store::ProfileStore& profile_store() override { return *store; }

    // ---- helpers; callers hold `mutex` ----
    Result<void> require_unlocked() const;
    Result<Space*> resolve(const std::string& ref) const;
    // Whether the space is shown: not once this account has left it or been removed.
    bool listed(const Space& space) const;
    AccountInfo account_info() const;
    SpaceSummary summary(const Space& space) const;
    ChatMessageView chat_view(const Space& space, const ChatMessage& m) const;
    Result<void> load_spaces();
    Result<std::unique_ptr<Space>> load_space(const SpaceId& id);
    // Rebuilds a space (and its tool instances) from the store after a failed batch.
    void reload_space(const SpaceId& id);
    Result<std::unique_ptr<Space>> space_with_keys(const SpaceId& id);
    static Result<void> replay(Space& space, store::StoredDelta&& stored);
    Result<void> store_epoch_key(const SpaceId& id, std::uint32_t epoch,
                                 const crypto::SymmetricKey& key);

    // Authors, applies and durably stores this device's drafts as one batch (one transaction,
    // one signature). Returns the new deltas' ids; events are appended to `events`.
    Result<std::vector<DeltaId>> submit(Space& space, std::span<const Space::Draft> drafts,
                                        std::vector<SpaceEvent>& events) override;
    // One draft, as submit; returns its delta's id.
    Result<DeltaId> submit_one(Space& space, Space::Draft draft, std::vector<SpaceEvent>& events);
    // A draft of one administrative operation, with the key wraps it carries.
    static Space::Draft space_op_draft(const grove::space::v1::SpaceOp& op,
                                       std::vector<grove::wire::v1::EpochKeyWrap> wraps = {});
    // The skeleton of a change to one space, written once: under `mutex`, resolves `space_ref`
    // and runs `change(space, events)` (it checks, drafts and submits); then, with the lock
    // released, delivers the events if it succeeded. Returns what `change` returns.
    template <class Fn>
    auto mutate(const std::string& space_ref, Fn&& change)
        -> std::invoke_result_t<Fn&, Space&, std::vector<SpaceEvent>&>;
    // Applies verified deltas (local or remote) in order and stores them in one transaction.
    Result<void> apply_and_store(Space& space, std::span<const DecodedDelta> deltas,
                                 std::vector<SpaceEvent>& events);

    // The event an applied delta's effect produces, appended to `events` (none for Kind::None).
    // Shared by local submits and remote ingest; callers hold `mutex`.
    void append_event(const Space& space, const AppliedEffect& effect,
                      std::vector<SpaceEvent>& events) const;
    // The row a delta is stored as.
    static store::StoredDelta stored_form(const SpaceId& space, const DecodedDelta& delta);
    // ---- membership and keys (core/peer_members.cpp); callers hold `mutex` ----
    // Opens the epoch-key wraps addressed to this device in `deltas` whose epochs the log has
    // committed to, stores the keys and hands them to the space. True if a new key arrived.
    bool harvest_keys(Space& space, std::span<const DecodedDelta> deltas);
    // What this device owes a space after administrative changes arrived: drops the space if
    // this account was removed (or its leave was seen by another member), starts a new epoch if
    // a device that is no longer a member holds the current key, passes keys on to members
    // that lack them. May erase the space from `spaces`.
    void perform_key_duties(const SpaceId& id, std::vector<SpaceEvent>& events);
    // Deletes the space here (store, tools, memory) and reports SpaceRemoved.
    Result<void> drop_space(SpaceId id, std::vector<SpaceEvent>& events);  // by value: erased
    // Fills `start` with a fresh epoch and returns the draft's header wraps of its key for
    // every active device except `excluded`'s; the key is stored and given to the space.
    Result<std::vector<grove::wire::v1::EpochKeyWrap>> new_epoch(
        Space& space, grove::space::v1::EpochStart* start,
        const crypto::SignPublicKey* excluded_identity);

    // The stored form of one of this peer's deltas, as sent to others.
    Result<grove::wire::v1::SealedDelta> load_sealed(const DeltaId& id);
    // Makes a space this account was just admitted to (or its new device added to) from the
    // admitting delta: opens every key wrap for this device, stores the space and its keys; the
    // history follows by sync. `admits_me` checks the delta's operation.
    Result<SpaceSummary> adopt_space(
        const SpaceId& id, const DecodedDelta& admission,
        const std::function<bool(const grove::space::v1::SpaceOp&)>& admits_me,
        std::vector<SpaceEvent>& events);

    // Membership calls shared by members and service accounts (core/peer_members.cpp).
    Result<std::vector<MemberView>> list_members(const std::string& space,
                                                 bool service_accounts_only);
    Result<void> remove_member(const std::string& space, const std::string& member,
                               bool service_accounts_only);

    // ---- invitations (core/peer_sync.cpp) ----
    // Writes a CreateInvitation delta (managers only) and returns its plain code. With
    // `for_identity`, the invitation admits only that identity (every peer checks the
    // admission). Takes `mutex` itself and dispatches the events: call without holding it.
    Result<InvitationInfo> create_invitation(const std::string& space, Role role,
                                             std::int64_t expires_ms,
                                             const std::vector<std::string>& addresses,
                                             const crypto::SignPublicKey* for_identity);

    // ---- device pairing (core/peer_pairing.cpp); guarded by `mutex` ----
    PairingCodes pairing_codes;  // codes this device has shown (core/pairing_codes.h)
    // A profile without an account that is being paired: its device keys, made up front (the
    // link to the existing device is authenticated with them).
    std::unique_ptr<LocalIdentity> pairing_device;

    // Whether anyone subscribes to events (building them can then be skipped).
    bool observed() { return events.observed(); }

    // Delivers events to subscribers; call without holding `mutex`.
    void dispatch(const std::vector<SpaceEvent>& batch) { events.dispatch(batch); }

    // ---- replication (core/replicator.cpp, core/peer_sync.cpp); guarded by `mutex` ----
    std::shared_ptr<ReplicationState> replication;

    // ---- tools (core/peer_tools.cpp) ----
    std::unique_ptr<ToolRuntime> tools;
    // Connects a space to the tool runtime (idempotent); callers hold `mutex`.
    void connect_tools(Space& space);
    // Runs the tool events a change queued now when called on the host's thread (else the
    // host runs them when it next gets to them).
    void drain_tools_on_host_thread() {
        if (tools && tools->on_host_thread()) tools->drain();
    }
    Result<const ToolInstanceRecord*> resolve_tool(const Space& space, const std::string& ref) const;
    ToolInstanceView tool_view(const Space& space, const ToolInstanceRecord& record) const;
    // ---- ephemeral (core/peer_ephemeral.cpp) ----
    // Outgoing sinks, subscribers, and what presence is computed from (core/ephemeral_hub.h).
    EphemeralHub ephemeral;
    // ---- calls (core/peer_call_frames.cpp) ----
    CallFrameHub call_frames;
};

template <class Fn>
auto Peer::Impl::mutate(const std::string& space_ref, Fn&& change)
    -> std::invoke_result_t<Fn&, Space&, std::vector<SpaceEvent>&> {
    using Out = std::invoke_result_t<Fn&, Space&, std::vector<SpaceEvent>&>;
    std::vector<SpaceEvent> batch;
    Out out = [&]() -> Out {
        std::lock_guard lock(mutex);
        auto space = resolve(space_ref);
        if (!space.ok()) return space.error();
        return change(**space, batch);
    }();
    if (out.ok()) dispatch(batch);
    return out;
}

}  // namespace grove::platform
