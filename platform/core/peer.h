// Peer: one account's Grove peer — account, spaces, chat, events — behind one thread-safe facade.
// groved, the desktop app and the tests all drive a Peer; the gRPC API is a thin layer over it.
#pragma once

#include <grove/sdk/result.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace grove::platform {

enum class Role { Manager, Participant, Guest };
const char* to_string(Role role);
std::optional<Role> role_from_string(std::string_view text);

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

struct SpaceEvent {
    enum class Kind { ChatPosted, ChatEdited, ChatDeleted, SpaceChanged, ToolChanged };
    Kind kind = Kind::SpaceChanged;
    std::string space_id;
    std::optional<ChatMessageView> chat;
    std::string tool_instance;  // hex, for ToolChanged
    std::uint64_t delta_count = 0;
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

class Peer {
public:
    // Opens (creating if needed, mode 0700) the profile directory and its database.
    // A corrupt or truncated database is a DataLoss error here, never silent loss.
    static Result<std::unique_ptr<Peer>> open(const std::filesystem::path& profile_dir);
    ~Peer();
    Peer(const Peer&) = delete;
    Peer& operator=(const Peer&) = delete;

    const std::filesystem::path& profile_dir() const;
    AccountState account_state() const;

    // ---- account ----
    Result<AccountInfo> create_account(const std::string& display_name,
                                       const std::string& passphrase);
    // Wrong passphrase → Unauthenticated, after the key derivation's full cost.
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

    // ---- chat ----  (returns once the delta is durable and applied)
    Result<ChatMessageView> post_chat(const std::string& space, const std::string& text);
    Result<std::vector<ChatMessageView>> list_chat(const std::string& space,
                                                   std::size_t limit = 0) const;
    Result<ChatMessageView> edit_chat(const std::string& space, const std::string& message_id,
                                      const std::string& text);
    Result<ChatMessageView> delete_chat(const std::string& space, const std::string& message_id);

    // ---- events ----
    // The callback runs on the thread that applied the change, after the peer's lock is released;
    // keep it short (queue the event). `space_id` empty = every space.
    Subscription subscribe(const std::string& space_id,
                           std::function<void(const SpaceEvent&)> callback);

    struct Impl;
    Impl& impl() { return *impl_; }

private:
    explicit Peer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace grove::platform
