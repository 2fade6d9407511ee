// Peer: one account's Grove peer — account, spaces, chat, events — behind one thread-safe facade.
// groved, the desktop app and the tests all drive a Peer; the gRPC API is a thin layer over it.
#pragma once

#include <grove/sdk/result.h>
#include <grove/sdk/types.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "crypto/primitives.h"

namespace grove::net::v1 {
class CallFrame;
}

namespace grove::platform {

struct ReceivedCallFrame;  // core/call_frame_hub.h

class BlobStoreProvider;
class SpaceJournal;
class ToolHost;
class ToolRuntime;

// A member's role: the SDK's type (grove/sdk/types.h), one vocabulary for core and tools.
using Role = sdk::Role;
using sdk::role_from_string;
using sdk::to_string;

enum class AccountState { NoAccount, Locked, Unlocked };

struct AccountInfo {
    std::string display_name;
    std::string identity_id;  // hex of the identity Ed25519 public key
    std::string fingerprint;  // "abcd 0123 …", for out-of-band comparison
    std::string device_id;    // hex of this device's Ed25519 public key
    bool unlocked = false;
};

struct SpaceSummary {
    std::string id;  // 32 hex characters
    std::string name;
    Role my_role = Role::Guest;
    std::int64_t created_ms = 0;
    std::uint64_t delta_count = 0;
    std::string heads_digest;  // hex; equal ⇔ same set of deltas
    std::string state_digest;  // hex; equal ⇔ same applied state
    std::uint32_t member_count = 0;
};

struct ChatMessageView {
    std::string id;  // hex id of the posting delta
    std::string space_id;
    std::string author_name;
    std::string author_id;  // identity hex
    std::string text;       // empty when deleted
    std::int64_t posted_ms = 0;
    std::int64_t edited_ms = 0;  // 0 when never edited
    bool deleted = false;
};

// What `sync status` shows: equal heads digests ⇔ same deltas; equal state digests ⇔ same state.
struct SyncStatus {
    std::string space_id;
    std::vector<std::pair<std::string, std::uint64_t>> vector;  // device hex → highest seq
    std::string heads_digest;
    std::string state_digest;
    std::uint64_t delta_count = 0;
    std::uint64_t pending = 0;  // deltas received but waiting for their dependencies
    // A relay expired deltas this peer still lacks (docs/replication.md, "Lagging past
    // retention"): the history here is incomplete until a member re-sends them.
    struct MissingRange {
        std::string device_id;  // author device, hex
        std::uint64_t from_seq = 0;  // first missing, inclusive
        std::uint64_t to_seq = 0;    // last missing, inclusive
    };
    bool behind_retention = false;
    std::vector<MissingRange> missing;
    std::string retention_note;  // e.g. "refill requested from 2 member devices"
    // A relay refuses what this device sends (not a member there, a quota): its word, else empty.
    std::string relay_problem;
};

struct InvitationInfo {
    std::string code;  // "grove-invite:…", single use
    std::string invitation_id;
    Role role = Role::Participant;
    std::int64_t expires_ms = 0;
};

// A member of a space as the space's log establishes it at this peer's frontier.
struct MemberView {
    std::string identity_id;  // hex of the identity Ed25519 public key
    std::string display_name;
    std::string fingerprint;  // "abcd 0123 …"
    Role role = Role::Guest;
    std::vector<std::string> devices;  // device Ed25519 keys, hex
    bool is_me = false;
    bool service_account = false;  // a non-person identity a manager added
    std::string added_by;          // that manager's identity hex (service accounts)
};

// A service account a manager just added: the member, and its credential
// ("grove-service-account:…", secret: whoever holds it acts as the account).
struct CreatedServiceAccount {
    MemberView member;
    std::string credential;
};

// What a profile started from a service account's credential is: its account, the space it was
// added to (hex) and where the adding manager's peer listens (to dial).
struct ServiceAccountStart {
    AccountInfo account;
    std::string space_id;
    std::vector<std::string> addresses;
};

// A device of this account's identity, as the logs of its spaces certify it.
struct DeviceView {
    std::string device_id;  // hex of the device Ed25519 public key
    bool this_device = false;
    bool revoked = false;   // revoked in at least one space
    std::int64_t issued_ms = 0;
    std::vector<std::string> spaces;  // ids of the spaces the device is active in
};

// An invitation in a space's log, for managers to review and revoke.
struct InvitationView {
    std::string invitation_id;  // hex
    Role role = Role::Participant;
    std::int64_t expires_ms = 0;
    std::string created_by;     // identity hex
    std::vector<std::string> used_by;  // identity hex of who joined with it
    bool revoked = false;
    bool expired = false;       // by this device's clock
};

struct ToolInfo {
    std::string id;  // e.g. org.grove.discussion
    std::string name;
    std::string description;
    std::string version;
    std::string publisher;
    std::string state;  // read | resolved | loaded | running | failed
    std::string error;  // why it failed, when it did
    bool disabled = false;  // failed because the profile disabled it: enable_tool lifts that
};

struct ToolInstanceView {
    std::string id;  // 32 hex characters
    std::string space_id;
    std::string tool_id;
    std::string name;
    std::string required_version;
    std::string state;    // running | placeholder | failed | pending (not yet opened by the host)
    std::string message;  // e.g. "needs Discussion ≥ 1.2", or the tool's error
};

struct SpaceEvent {
    // SpaceRemoved: this account left or was removed; the space is gone from this peer.
    // SyncChanged: the space fell behind a relay's retention or caught up again (sync_status).
    enum class Kind {
        ChatPosted,
        ChatEdited,
        ChatDeleted,
        SpaceChanged,
        ToolChanged,
        SpaceRemoved,
        SyncChanged
    };
    Kind kind = Kind::SpaceChanged;
    std::string space_id;
    std::optional<ChatMessageView> chat;
    std::string tool_instance;  // hex, for ToolChanged
    std::uint64_t delta_count = 0;
    // Who wrote the change, hex: the member identity (for chat, = chat->author_id) and its
    // device, for local and remote changes alike; empty for SpaceRemoved and SyncChanged.
    std::string author_id;
    std::string author_device;
};

// ---- contacts (core/peer_contacts.cpp, core/contacts.h) ----
// A contact as this profile knows it. A flagged contact (status not "ok") is never trusted:
// invitations are not sealed to it and `verified` is false until `verify_contact`.
struct ContactView {
    std::string name;          // local name, unique in this profile
    std::string identity_id;   // hex of the identity Ed25519 key (the contact's key in the book)
    std::string display_name;  // as the accepted card states it
    std::string fingerprint;   // "abcd 0123 …" of the identity key: compare out of band
    std::string box_key;       // hex of the accepted card's X25519 key (invitations seal to it)
    bool verified = false;     // fingerprints compared, and nothing flagged since
    std::string status;        // ok | keys_changed | name_conflict
    std::string warning;       // what to do when flagged
    std::string pending_box_key;       // keys_changed: the new card's X25519 key (hex)
    std::string pending_display_name;  // keys_changed: the new card's name
    std::string conflicts_with;        // name_conflict: the contact whose name it claims
    std::int64_t card_issued_ms = 0;
    std::int64_t first_seen_ms = 0;
    std::int64_t last_seen_ms = 0;
    std::string source;  // "card" or "space:<space id>"
    std::string card;    // the accepted card as "grove-contact:…" text
};

// A sealed invitation opened by its recipient: who invited, to what, and the plain code.
struct OpenedInvitation {
    std::string code;  // the one-time "grove-invite:…" code inside (secret: do not log)
    std::string space_id;
    std::string space_name;
    Role role = Role::Participant;
    std::int64_t expires_ms = 0;
    std::string inviter_name;  // the display name on the inviter's (self-signed) card
    std::string inviter_id;
    std::string inviter_fingerprint;
    std::string inviter_contact;  // the contact's local name when the inviter is one
    // verified | unverified (a contact, not verified) | unknown (not a contact) |
    // keys_changed | name_conflict (flagged: compare fingerprints before trusting)
    std::string inviter_trust;
};

// Keeps a subscription alive; destroying it unsubscribes (and waits for a running callback).
class Subscription {
public:
    Subscription() = default;
    explicit Subscription(std::function<void()> cancel) : cancel_(std::move(cancel)) {}
    Subscription(Subscription&&) noexcept = default;
    Subscription& operator=(Subscription&& other) noexcept {
        reset();
        cancel_ = std::move(other.cancel_);
        return *this;
    }
    ~Subscription() { reset(); }
    void reset() {
        if (cancel_) std::exchange(cancel_, nullptr)();
    }

private:
    std::function<void()> cancel_;
};

// ---- ephemeral (core/peer_ephemeral.cpp) ----
// A transient message from a member device over a direct link: never stored, may be lost.
struct EphemeralMessageView {
    std::string space_id;
    std::string device_id;    // hex of the sending device's Ed25519 key
    std::string identity_id;  // hex of its member identity
    std::string channel;      // "chat.typing", "presence", "tool:<instance>", …
    std::string payload;
    std::uint32_t ttl_ms = 0;
};
// A member's presence in a space as this peer sees it.
struct PresenceView {
    std::string identity_id;
    std::string display_name;
    bool is_me = false;
    bool online = false;  // me, or a message from one of its devices over a link within 60 s
    bool typing = false;  // a "chat.typing" message within its expiry (≤ 5 s)
    std::int64_t last_seen_ms = 0;  // 0 = not seen over a link
};
inline constexpr std::size_t kMaxEphemeralChannel = 64;
inline constexpr std::size_t kMaxEphemeralPayloadBytes = 64 * 1024;  // = sdk::kMaxEphemeralPayload
inline constexpr std::int64_t kPresenceOnlineMs = 60'000;
inline constexpr std::uint32_t kTypingTtlMs = 5'000;

struct PeerOptions {
    // The wall clock (Unix ms) the core reads for everything dated: delta timestamps, invitation
    // and pairing expiry, identity documents, contacts, presence. Empty = the system clock.
    // Tests inject skewed clocks; nothing may depend on clocks of different peers agreeing
    // (docs/replication.md#clock-skew).
    std::function<std::int64_t()> clock;
    // The passphrase key derivation's cost for accounts created or re-keyed here. Empty = the
    // standard cost; benchmarks and tests pass crypto::KdfParams::minimum() (the floor the
    // store accepts) to save its 64 MiB and its time.
    std::optional<crypto::KdfParams> kdf;
};

class Peer {
public:
    // Opens (creating if needed, mode 0700) the profile directory and its database.
    // A corrupt or truncated database is a DataLoss error here, never silent loss.
    static Result<std::unique_ptr<Peer>> open(const std::filesystem::path& profile_dir,
                                              PeerOptions options = {});
    ~Peer();
    Peer(const Peer&) = delete;
    Peer& operator=(const Peer&) = delete;

    const std::filesystem::path& profile_dir() const;
    AccountState account_state() const;
    // "Now" by this peer's clock (PeerOptions::clock), Unix ms.
    std::int64_t now_ms() const;

    // ---- account ----
    Result<AccountInfo> create_account(const std::string& display_name,
                                       const std::string& passphrase);
    // Wrong passphrase → Unauthenticated, after the key derivation's full cost — also when the
    // account is already unlocked (then a right one changes nothing and returns the account).
    Result<AccountInfo> unlock(const std::string& passphrase);
    Result<AccountInfo> lock();
    Result<AccountInfo> change_passphrase(const std::string& old_passphrase,
                                          const std::string& new_passphrase);
    Result<AccountInfo> account() const;

    // ---- spaces ----  (every call below needs an unlocked account: FailedPrecondition otherwise)
    Result<SpaceSummary> create_space(const std::string& name);
    Result<std::vector<SpaceSummary>> list_spaces() const;
    // `space` is a full id, an unambiguous id prefix (≥ 4 hex digits) or an unambiguous name.
    Result<SpaceSummary> get_space(const std::string& space) const;
    // Managers only; 1 to 200 bytes. Concurrent renames: the later (Lamport, id) wins everywhere.
    Result<SpaceSummary> rename_space(const std::string& space, const std::string& name);

    // ---- chat ----  (returns once the delta is durable and applied)
    Result<ChatMessageView> post_chat(const std::string& space, const std::string& text);
    Result<std::vector<ChatMessageView>> list_chat(const std::string& space,
                                                   std::size_t limit = 0) const;
    Result<ChatMessageView> edit_chat(const std::string& space, const std::string& message_id,
                                      const std::string& text);
    Result<ChatMessageView> delete_chat(const std::string& space, const std::string& message_id);

    // ---- events ----
    // The callback runs on the thread that applied the change, after the peer's lock is released
    // but while the subscriber list is locked: keep it short (queue the event), and do not
    // subscribe or unsubscribe from inside it (that would deadlock). A slow callback slows the
    // writer. `space_id` empty = every space.
    Subscription subscribe(const std::string& space_id,
                           std::function<void(const SpaceEvent&)> callback);
    // Called after any delta (local or remote) is stored, without building event views — for
    // what only needs a wake-up (the network layer's links). Same threading rules as subscribe.
    Subscription subscribe_stored(std::function<void()> callback);

    // ---- replication (core/peer_sync.cpp; the network side is grove::platform::net) ----
    Result<SyncStatus> sync_status(const std::string& space) const;
    // Writes a CreateInvitation delta and returns a one-time code carrying the space id, the
    // invitation id, a one-time secret and `addresses` (this peer's and its relays' host:port).
    // Joining needs a link: grove::platform::net::PeerNode::join(code).
    Result<InvitationInfo> create_invitation(const std::string& space, Role role,
                                             std::int64_t expires_ms,
                                             const std::vector<std::string>& addresses);

    // The space's invitations (managers only: they can revoke them), newest expiry first.
    Result<std::vector<InvitationView>> list_invitations(const std::string& space) const;
    // Revokes an unused invitation (managers): a later use of its code is refused everywhere.
    Result<void> revoke_invitation(const std::string& space, const std::string& invitation_id);

    // ---- membership (core/peer_members.cpp) ----
    // `member` is an identity id, an unambiguous prefix (≥ 4 hex digits), a fingerprint or an
    // unambiguous display name.
    Result<std::vector<MemberView>> list_members(const std::string& space) const;
    // Managers only. Lowering a role (manager→participant→guest) starts a new content epoch.
    Result<MemberView> change_role(const std::string& space, const std::string& member, Role role);
    // Managers only: removes the member and starts a new content epoch whose key is sealed to
    // every remaining device; the removed devices cannot read what follows.
    Result<void> remove_member(const std::string& space, const std::string& member);
    // Removes this account from the space (re-keying for the others) and drops it locally.
    Result<void> leave_space(const std::string& space);

    // ---- service accounts (core/peer_service_accounts.cpp) ----
    // Managers only: makes a new identity (`name`, 1 to 200 bytes) with one device, admits it
    // with `role` — a service-account invitation bound to it and its admission, both signed by
    // this device, wrapping every epoch key to its device — and returns its credential. Nothing
    // secret of it is kept here. `addresses`: this peer's link addresses (at least one).
    Result<CreatedServiceAccount> create_service_account(const std::string& space,
                                                         const std::string& name, Role role,
                                                         const std::vector<std::string>& addresses);
    // The active members that are service accounts, as list_members orders them.
    Result<std::vector<MemberView>> list_service_accounts(const std::string& space) const;
    // As remove_member, for a service account only (FailedPrecondition for a person).
    Result<void> remove_service_account(const std::string& space, const std::string& member);
    // Runs this profile as the credential's service account, without a passphrase: on an empty
    // profile creates the account from the credential's keys (wrapped at rest by a key derived
    // from its unlock secret) and adopts the space from its admission — the history follows by
    // sync; on the profile it made before, unlocks it. A profile holding another account is
    // FailedPrecondition; a malformed or forged credential InvalidArgument / PermissionDenied.
    Result<ServiceAccountStart> start_service_account(const std::string& credential);

    // ---- devices (core/peer_devices.cpp) ----
    Result<std::vector<DeviceView>> list_devices() const;
    // Revokes another device of this identity (lost or retired) in every space that has it:
    // each starts a new epoch whose key is not sealed to it; its later deltas are rejected and
    // it drops those spaces when it next syncs. `device` is an id or an unambiguous prefix.
    Result<void> revoke_device(const std::string& device);
    // Shows a one-time pairing code ("grove-pair:…", valid until `expires_ms`, at most 1 hour)
    // for a new device of this identity. The new device, linked to this one, proves the code's
    // secret, receives the identity keys sealed to its device key and is added to every space.
    // Completed over a link: grove::platform::net::PeerNode::pair(code, passphrase).
    Result<std::string> create_pairing(std::int64_t expires_ms,
                                       const std::vector<std::string>& addresses);

    // ---- tools (core/peer_tools.cpp) ----
    // Attaches the tool host, on the host's thread and before unlock. `post` runs a function on
    // that thread later. Without a host, tool deltas are still stored, applied and replicated.
    void attach_tool_host(ToolHost& host, std::function<void(std::function<void()>)> post);
    ToolRuntime* tool_runtime();
    Result<std::vector<ToolInfo>> installed_tools();
    // Lets a tool disabled after it crashed Grove load again (ToolHost::enable) and answers with
    // its status. NotFound when no tool of that id is disabled; FailedPrecondition without a host.
    Result<ToolInfo> enable_tool(const std::string& tool_id);
    Result<ToolInstanceView> add_tool(const std::string& space, const std::string& tool_id,
                                      const std::string& name);
    Result<std::vector<ToolInstanceView>> list_tools(const std::string& space) const;
    // `instance` is an instance id (or unambiguous prefix ≥ 4) or an unambiguous name.
    Result<ToolInstanceView> rename_tool(const std::string& space, const std::string& instance,
                                         const std::string& name);
    Result<void> remove_tool(const std::string& space, const std::string& instance);
    // Submits one operation of a tool instance as this device (what a tool's submit() does).
    Result<std::string> submit_tool_operation(const std::string& space,
                                              const std::string& instance,
                                              const std::string& payload);

    // ---- contacts (core/peer_contacts.cpp) ----
    // `contact` is a local name, an identity id, an unambiguous id prefix (≥ 4 hex digits) or a
    // fingerprint. Contacts are stored only under the storage key (names included).
    // This account's own card, "grove-contact:…", to hand to others.
    Result<std::string> my_contact_card() const;
    // Adds or updates a contact from a card (text). `name` empty = the card's display name.
    // Changed keys or a contact's name on another identity are stored flagged (see ContactView).
    Result<ContactView> add_contact(const std::string& card, const std::string& name);
    // The same from a member of a space (`member` as in change_role), whose card is in the log.
    Result<ContactView> add_contact_from_member(const std::string& space, const std::string& member,
                                                const std::string& name);
    Result<std::vector<ContactView>> list_contacts() const;
    Result<ContactView> get_contact(const std::string& contact) const;
    // After comparing fingerprints out of band: accepts flagged keys and marks it verified.
    Result<ContactView> verify_contact(const std::string& contact);
    Result<void> remove_contact(const std::string& contact);
    // An invitation (as create_invitation) whose code is sealed to the contact's box key and
    // signed by this identity: "grove-sealed-invite:…", usable only by that contact. A flagged
    // contact is refused (FailedPrecondition) until verified.
    Result<InvitationInfo> create_invitation_for(const std::string& space,
                                                 const std::string& contact, Role role,
                                                 std::int64_t expires_ms,
                                                 const std::vector<std::string>& addresses);
    // Checks the inviter's signature, opens the invitation with this identity's box key and
    // says whether the inviter is a (verified) contact. A known contact's changed card is
    // flagged in the book as add_contact would. PermissionDenied: forged, or for someone else.
    Result<OpenedInvitation> open_invitation(const std::string& sealed_code);

    // ---- ephemeral (core/peer_ephemeral.cpp) ----
    // Queues a transient message to every live direct link whose device is an active member of
    // the space (not to relays; one hop, never stored). Channel ≤ 64 bytes, payload ≤ 64 KiB.
    Result<void> send_ephemeral(const std::string& space, const std::string& channel,
                                const std::string& payload, std::uint32_t ttl_ms = 0);
    // Ephemeral messages received for `space_id` (empty = every space), on the link's thread.
    // A "tool:<instance hex>" message also reaches that instance's tool (receive_ephemeral).
    Subscription subscribe_ephemeral(const std::string& space_id,
                                     std::function<void(const EphemeralMessageView&)> callback);
    // Every active member: online (a link message from one of its devices within 60 s), typing.
    Result<std::vector<PresenceView>> presence(const std::string& space) const;
    // "I am typing here": a "chat.typing" message that others show for 5 s.
    Result<void> set_typing(const std::string& space);

    // ---- calls (core/peer_call_frames.cpp; docs/calls.md) ----
    // Queues a sealed call frame (its space_id names the space) on every live link: direct
    // links to active members and relays. PermissionDenied unless this device is an active
    // member; InvalidArgument for a malformed or oversized frame. Never stored.
    Result<void> send_call_frame(const grove::net::v1::CallFrame& frame);
    // Call frames received from active members' devices (direct or forwarded by a relay), on
    // the link's thread; the callback must return quickly.
    Subscription subscribe_call_frames(std::function<void(const ReceivedCallFrame&)> callback);

    // ---- seams for the platform's own modules ----
    // Reads and writes spaces under the peer's lock (core/space_journal.h): the blob layer,
    // the tool bridge, benchmarks and tests go through it, never through the internals.
    SpaceJournal& journal();
    // Installs the spaces' blob stores for tools (platform/blob does), before tools run. Without
    // one, tools get the tool host's in-memory store.
    void attach_blob_stores(std::unique_ptr<BlobStoreProvider> provider);
    BlobStoreProvider* blob_stores();

    struct Impl;  // core/peer_impl.h

private:
    // The replication component (core/replicator.h) works inside the peer's lock and state.
    friend class Replicator;
    Impl& impl() { return *impl_; }

    explicit Peer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace grove::platform
