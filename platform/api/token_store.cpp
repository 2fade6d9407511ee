#include "api/token_store.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <sstream>

#include "common/bytes.h"
#include "crypto/primitives.h"

namespace grove::platform::api {
namespace {

constexpr std::string_view kHashDomain = "grove.api.token.v1";
constexpr std::string_view kFileHeader = "grove-api-tokens v1";
constexpr std::int64_t kSaveIntervalMs = 60'000;  // last-use times hit the disk at most this often
constexpr std::size_t kMaxFileBytes = 4 * 1024 * 1024;

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string hash_secret(std::string_view secret) {
    const auto digest = crypto::Hasher(kHashDomain).update(secret).finish();
    return std::string(reinterpret_cast<const char*>(digest.data()), digest.size());
}

bool constant_time_equal(const std::string& a, const std::string& b) {
    return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool is_space_id(const std::string& id) {
    return id.size() == 32 && std::all_of(id.begin(), id.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

Error damaged(const std::filesystem::path& file, const std::string& why) {
    return make_error(ErrorCode::DataLoss, "the API token file " + file.string() + " is damaged (" +
                                               why +
                                               "); restore it or delete it (which revokes "
                                               "every per-client token)");
}

Error io_error(const std::string& what, const std::filesystem::path& file) {
    return make_error(ErrorCode::Unavailable,
                      what + " " + file.string() + ": " + std::strerror(errno));
}

template <class Int>
bool parse_int(std::string_view text, Int& out) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
}

std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    for (;;) {
        const auto at = text.find(separator, start);
        out.push_back(text.substr(start, at == std::string_view::npos ? at : at - start));
        if (at == std::string_view::npos) return out;
        start = at + 1;
    }
}

}  // namespace

const char* to_string(Scope scope) {
    switch (scope) {
        case Scope::Read:
            return "read";
        case Scope::Write:
            return "write";
        case Scope::Admin:
            return "admin";
    }
    return "read";
}

std::optional<Scope> scope_from_string(std::string_view text) {
    if (text == "read") return Scope::Read;
    if (text == "write") return Scope::Write;
    if (text == "admin") return Scope::Admin;
    return std::nullopt;
}

bool Caller::allows_space(std::string_view space_id) const {
    return spaces.empty() || std::find(spaces.begin(), spaces.end(), space_id) != spaces.end();
}

Result<void> TokenStore::validate_name(const std::string& name) {
    if (name.empty() || name.size() > kMaxNameBytes)
        return make_error(ErrorCode::InvalidArgument, "a token name has 1 to 64 characters");
    for (char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-'))
            return make_error(ErrorCode::InvalidArgument,
                              "a token name may only hold letters, digits, '.', '_' and '-'");
    return {};
}

std::shared_ptr<TokenStore> TokenStore::profile_only(std::string profile_token) {
    std::shared_ptr<TokenStore> store(new TokenStore());
    store->profile_hash_ = hash_secret(profile_token);
    store->profile_serial_ = store->next_serial_++;
    return store;
}

Result<std::shared_ptr<TokenStore>> TokenStore::open(std::filesystem::path file,
                                                     std::string profile_token) {
    auto store = profile_only(std::move(profile_token));
    store->file_ = std::move(file);
    if (!store->file_.empty()) GROVE_TRY(store->load());
    return store;
}

Result<void> TokenStore::load() {
    const int fd = ::open(file_.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        if (errno == ENOENT) return {};
        return io_error("cannot open", file_);
    }
    std::string content;
    struct stat st {};
    bool ok = ::fstat(fd, &st) == 0;
    if (ok && st.st_uid != ::geteuid()) {
        ::close(fd);
        return make_error(ErrorCode::PermissionDenied,
                          file_.string() + " is owned by another user");
    }
    if (ok && (st.st_mode & 077) != 0) ok = ::fchmod(fd, 0600) == 0;
    char buffer[4096];
    while (ok) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            ok = n == 0;
            break;
        }
        content.append(buffer, static_cast<std::size_t>(n));
        if (content.size() > kMaxFileBytes) {
            ::close(fd);
            return damaged(file_, "too large");
        }
    }
    ::close(fd);
    if (!ok) return io_error("cannot read", file_);

    std::istringstream lines(content);
    std::string line;
    if (!std::getline(lines, line) || line != kFileHeader) return damaged(file_, "no header");
    while (std::getline(lines, line)) {
        if (line.empty()) continue;
        // name scope created_ms last_used_ms revoked_ms hash_hex spaces(comma-separated | -)
        const auto fields = split(line, ' ');
        if (fields.size() != 7) return damaged(file_, "a line has the wrong number of fields");
        Entry entry;
        entry.info.name = std::string(fields[0]);
        const auto scope = scope_from_string(fields[1]);
        const auto hash = from_hex(fields[5]);
        if (!validate_name(entry.info.name) || !scope || !hash || hash->size() != 32 ||
            !parse_int(fields[2], entry.info.created_ms) ||
            !parse_int(fields[3], entry.info.last_used_ms) ||
            !parse_int(fields[4], entry.revoked_ms))
            return damaged(file_, "a malformed line");
        entry.info.scope = *scope;
        entry.hash = platform::to_string(ByteView(*hash));
        if (fields[6] != "-")
            for (auto id : split(fields[6], ',')) {
                if (!is_space_id(std::string(id))) return damaged(file_, "a malformed space id");
                entry.info.spaces.emplace_back(id);
            }
        entry.serial = next_serial_++;
        entries_.push_back(std::move(entry));
    }
    return {};
}

Result<void> TokenStore::save_locked() {
    if (file_.empty()) {
        dirty_ = false;
        return {};
    }
    std::string out(kFileHeader);
    out += '\n';
    for (const auto& entry : entries_) {
        std::string spaces;
        for (const auto& id : entry.info.spaces) spaces += (spaces.empty() ? "" : ",") + id;
        out += entry.info.name + ' ' + to_string(entry.info.scope) + ' ' +
               std::to_string(entry.info.created_ms) + ' ' +
               std::to_string(entry.info.last_used_ms) + ' ' + std::to_string(entry.revoked_ms) +
               ' ' + to_hex(as_bytes(entry.hash)) + ' ' + (spaces.empty() ? "-" : spaces) + '\n';
    }
    std::filesystem::path temp = file_;
    temp += ".tmp-" + std::to_string(::getpid());
    ::unlink(temp.c_str());
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) return io_error("cannot create", temp);
    std::size_t done = 0;
    bool ok = ::fchmod(fd, 0600) == 0;
    while (ok && done < out.size()) {
        const ssize_t n = ::write(fd, out.data() + done, out.size() - done);
        if (n < 0 && errno == EINTR) continue;
        ok = n > 0;
        if (ok) done += static_cast<std::size_t>(n);
    }
    ok = ok && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok || ::rename(temp.c_str(), file_.c_str()) != 0) {
        const Error error = io_error("cannot write", file_);
        ::unlink(temp.c_str());
        return error;
    }
    const auto dir = file_.has_parent_path() ? file_.parent_path() : std::filesystem::path(".");
    const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd >= 0) {
        ::fsync(dir_fd);
        ::close(dir_fd);
    }
    dirty_ = false;
    last_save_ms_ = now_ms();
    return {};
}

Result<Caller> TokenStore::authenticate(std::string_view secret) {
    const std::string hash = hash_secret(secret);
    const std::int64_t now = now_ms();
    std::lock_guard lock(mutex_);
    // Compare with every hash (no early exit): the time taken does not depend on which matched.
    const bool is_profile = constant_time_equal(hash, profile_hash_);
    Entry* live = nullptr;
    bool revoked = false;
    for (auto& entry : entries_) {
        if (!constant_time_equal(hash, entry.hash)) continue;
        if (entry.revoked_ms != 0)
            revoked = true;
        else
            live = &entry;
    }
    if (is_profile) {
        profile_last_used_ms_ = now;
        return Caller{kProfileTokenName, Scope::Admin, {}, profile_serial_};
    }
    if (live == nullptr)
        return make_error(ErrorCode::Unauthenticated,
                          revoked ? "the API token was revoked" : "invalid API token");
    live->info.last_used_ms = now;
    dirty_ = true;
    if (now - last_save_ms_ >= kSaveIntervalMs) (void)save_locked();  // best effort
    return Caller{live->info.name, live->info.scope, live->info.spaces, live->serial};
}

TokenStore::Entry* TokenStore::find_live_locked(const std::string& name) {
    for (auto& entry : entries_)
        if (entry.revoked_ms == 0 && entry.info.name == name) return &entry;
    return nullptr;
}

Result<std::pair<TokenInfo, std::string>> TokenStore::create(const std::string& name, Scope scope,
                                                             std::vector<std::string> spaces) {
    GROVE_TRY(validate_name(name));
    if (name == kProfileTokenName)
        return make_error(ErrorCode::AlreadyExists,
                          "'profile' is the name of the profile token (DIR/api-token)");
    if (spaces.size() > kMaxSpacesPerToken)
        return make_error(ErrorCode::InvalidArgument, "a token may name at most 256 spaces");
    for (const auto& id : spaces)
        if (!is_space_id(id))
            return make_error(ErrorCode::InvalidArgument, "space ids are 32 hex digits");
    std::sort(spaces.begin(), spaces.end());
    spaces.erase(std::unique(spaces.begin(), spaces.end()), spaces.end());

    crypto::initialize();
    const std::string secret = to_hex(crypto::random_array<32>());
    std::lock_guard lock(mutex_);
    if (find_live_locked(name) != nullptr)
        return make_error(ErrorCode::AlreadyExists, "a token named '" + name + "' exists");
    // A revoked token of the same name is forgotten (its secret then counts as unknown).
    std::erase_if(entries_, [&](const Entry& e) { return e.info.name == name; });
    if (entries_.size() >= kMaxTokens)
        return make_error(ErrorCode::ResourceExhausted, "too many API tokens (1000); revoke some");
    Entry entry;
    entry.info = {name, scope, std::move(spaces), now_ms(), 0};
    entry.hash = hash_secret(secret);
    entry.serial = next_serial_++;
    entries_.push_back(entry);
    if (auto saved = save_locked(); !saved) {
        entries_.pop_back();
        return saved.error();
    }
    return std::make_pair(entry.info, secret);
}

Result<std::pair<TokenInfo, std::string>> TokenStore::rotate(const std::string& name) {
    GROVE_TRY(validate_name(name));
    if (name == kProfileTokenName)
        return make_error(ErrorCode::FailedPrecondition,
                          "the profile token is rotated by deleting the profile's api-token file "
                          "and restarting groved");
    crypto::initialize();
    const std::string secret = to_hex(crypto::random_array<32>());
    std::uint64_t old_serial = 0;
    TokenInfo info;
    {
        std::lock_guard lock(mutex_);
        Entry* current = find_live_locked(name);
        if (current == nullptr)
            return make_error(ErrorCode::NotFound, "no token named '" + name + "'");
        Entry next;
        next.info = current->info;
        next.info.created_ms = now_ms();
        next.info.last_used_ms = 0;
        next.hash = hash_secret(secret);
        next.serial = next_serial_++;
        const auto saved_entries = entries_;
        // The secret it replaces stays known as revoked (a clear message to a stale client);
        // older revoked secrets of the name are forgotten, so rotating never fills the store.
        current->revoked_ms = now_ms();
        old_serial = current->serial;
        std::erase_if(entries_, [&](const Entry& e) {
            return e.info.name == name && e.revoked_ms != 0 && e.serial != old_serial;
        });
        entries_.push_back(next);
        if (auto saved = save_locked(); !saved) {
            entries_ = saved_entries;
            return saved.error();
        }
        info = next.info;
    }
    std::lock_guard lock(listeners_mutex_);
    for (const auto& [id, listener] : listeners_) listener(old_serial);
    return std::make_pair(info, secret);
}

std::vector<TokenInfo> TokenStore::list() const {
    std::lock_guard lock(mutex_);
    std::vector<TokenInfo> out;
    out.push_back({kProfileTokenName, Scope::Admin, {}, 0, profile_last_used_ms_});
    std::vector<TokenInfo> others;
    for (const auto& entry : entries_)
        if (entry.revoked_ms == 0) others.push_back(entry.info);
    std::sort(others.begin(), others.end(),
              [](const TokenInfo& a, const TokenInfo& b) { return a.name < b.name; });
    out.insert(out.end(), others.begin(), others.end());
    return out;
}

Result<void> TokenStore::revoke(const std::string& name) {
    GROVE_TRY(validate_name(name));
    if (name == kProfileTokenName)
        return make_error(ErrorCode::FailedPrecondition,
                          "the profile token cannot be revoked through the API: delete the "
                          "profile's api-token file and restart groved to rotate it");
    std::uint64_t serial = 0;
    {
        std::lock_guard lock(mutex_);
        Entry* entry = find_live_locked(name);
        if (entry == nullptr)
            return make_error(ErrorCode::NotFound, "no token named '" + name + "'");
        entry->revoked_ms = now_ms();
        if (auto saved = save_locked(); !saved) {
            entry->revoked_ms = 0;
            return saved.error();
        }
        serial = entry->serial;
    }
    std::lock_guard lock(listeners_mutex_);
    for (const auto& [id, listener] : listeners_) listener(serial);
    return {};
}

std::uint64_t TokenStore::on_revoke(std::function<void(std::uint64_t serial)> listener) {
    std::lock_guard lock(listeners_mutex_);
    listeners_.emplace_back(next_listener_, std::move(listener));
    return next_listener_++;
}

void TokenStore::remove_listener(std::uint64_t id) {
    std::lock_guard lock(listeners_mutex_);
    std::erase_if(listeners_, [id](const auto& entry) { return entry.first == id; });
}

void TokenStore::flush() {
    std::lock_guard lock(mutex_);
    if (dirty_) (void)save_locked();
}

}  // namespace grove::platform::api
