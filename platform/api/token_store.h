// TokenStore: the API tokens of a profile — the profile token (DIR/api-token, admin, every space)
// and per-client tokens, each with a name, a scope (read ⊂ write ⊂ admin), an optional list of
// space ids, its creation and last-use times. Per-client tokens live in DIR/api-tokens (mode 0600)
// as BLAKE2b hashes only: the secret is shown once, at creation. Authentication hashes the
// presented token and compares it with every stored hash in constant time. Thread-safe.
#pragma once

#include <grove/sdk/result.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace grove::platform::api {

enum class Scope { Read = 1, Write = 2, Admin = 3 };
const char* to_string(Scope scope);
std::optional<Scope> scope_from_string(std::string_view text);

struct TokenInfo {
    std::string name;
    Scope scope = Scope::Read;
    std::vector<std::string> spaces;  // full space ids (32 hex); empty = every space
    std::int64_t created_ms = 0;
    std::int64_t last_used_ms = 0;  // 0 = never
};

// Who is calling: the token a call authenticated with.
struct Caller {
    std::string token_name;
    Scope scope = Scope::Read;
    std::vector<std::string> spaces;  // empty = every space
    std::uint64_t serial = 0;         // this token's identity for revocation (never reused)

    bool has(Scope needed) const { return static_cast<int>(scope) >= static_cast<int>(needed); }
    bool limited() const { return !spaces.empty(); }
    bool allows_space(std::string_view space_id) const;
};

class TokenStore {
public:
    static constexpr const char* kProfileTokenName = "profile";
    static constexpr std::size_t kMaxNameBytes = 64;
    static constexpr std::size_t kMaxTokens = 1000;
    static constexpr std::size_t kMaxSpacesPerToken = 256;

    // `file` holds the per-client tokens (created on the first token; empty path = in memory
    // only); `profile_token` is the profile's admin token. A damaged file is an error, never
    // silently dropped.
    static Result<std::shared_ptr<TokenStore>> open(std::filesystem::path file,
                                                    std::string profile_token);
    // Only the profile token, in memory (tests, tools' legacy callers).
    static std::shared_ptr<TokenStore> profile_only(std::string profile_token);

    // UNAUTHENTICATED (as an Error) for an unknown or revoked token. Records the use.
    Result<Caller> authenticate(std::string_view secret);

    // A new token (the secret is returned once). `spaces` must be full ids. AlreadyExists for a
    // live token of that name; InvalidArgument for a bad name; ResourceExhausted past kMaxTokens.
    Result<std::pair<TokenInfo, std::string>> create(const std::string& name, Scope scope,
                                                     std::vector<std::string> spaces);
    // A new secret for the live token `name`, which keeps its scope and spaces: the old secret
    // is refused from its next call (its Watch streams end, as on revoke()), so an integration
    // swaps credentials without a window where it has none. NotFound for an unknown name,
    // FailedPrecondition for the profile token.
    Result<std::pair<TokenInfo, std::string>> rotate(const std::string& name);
    // Live tokens, the profile token first, then by name.
    std::vector<TokenInfo> list() const;
    // NotFound for an unknown name, FailedPrecondition for the profile token. Calls the revocation
    // listeners (outside the store's lock) with the token's serial.
    Result<void> revoke(const std::string& name);
    // Listeners are told the serial of each revoked token (e.g. to end its Watch streams).
    // Returns an id for remove_listener(), which waits for a running call of the listener.
    std::uint64_t on_revoke(std::function<void(std::uint64_t serial)> listener);
    void remove_listener(std::uint64_t id);

    // Writes pending last-use times (they are otherwise written at most once a minute).
    void flush();

    // A name: 1..64 bytes of [A-Za-z0-9._-].
    static Result<void> validate_name(const std::string& name);

private:
    struct Entry {
        TokenInfo info;
        std::string hash;  // BLAKE2b of the secret (32 raw bytes)
        std::int64_t revoked_ms = 0;
        std::uint64_t serial = 0;
    };

    TokenStore() = default;
    Result<void> load();
    Result<void> save_locked();
    Entry* find_live_locked(const std::string& name);

    mutable std::mutex mutex_;
    std::filesystem::path file_;
    std::string profile_hash_;
    std::uint64_t profile_serial_ = 0;
    std::int64_t profile_last_used_ms_ = 0;
    std::vector<Entry> entries_;  // live and revoked (a revoked one is told apart from unknown)
    std::uint64_t next_serial_ = 1;
    bool dirty_ = false;
    std::int64_t last_save_ms_ = 0;
    std::mutex listeners_mutex_;  // held while listeners run; never with mutex_
    std::vector<std::pair<std::uint64_t, std::function<void(std::uint64_t)>>> listeners_;
    std::uint64_t next_listener_ = 1;
};

}  // namespace grove::platform::api
