#include "store/profile_backup.h"

#include <fcntl.h>
#include <sodium.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <thread>
#include <vector>

// Archive layout. Plain header (also the associated data of every sealed message):
//   "GROVEBAK" | u32 format (1) | u64 Argon2id ops | u64 Argon2id mem bytes | 16-byte salt
// then libsodium's secretstream header (24 bytes), then messages, each as u32 sealed length and the
// sealed bytes. Plaintext messages: 'F' entry (u8 is_database, u32 mode, u64 size, u32 path length,
// path), then 'D' data messages holding exactly `size` bytes; finally 'E' (u64 entries), the only
// message tagged FINAL. Reordered, dropped, truncated or altered messages fail authentication or
// the sequence checks.

namespace grove::platform::store {
namespace fs = std::filesystem;

namespace {

constexpr char kMagic[8] = {'G', 'R', 'O', 'V', 'E', 'B', 'A', 'K'};
constexpr std::uint32_t kFormat = 1;
constexpr std::size_t kHeaderSize = 8 + 4 + 8 + 8 + crypto_pwhash_SALTBYTES;
constexpr std::size_t kChunk = 1 << 20;
constexpr std::size_t kMaxMessage = kChunk + 64;
// Limits a crafted archive may ask of the restoring machine.
constexpr std::uint64_t kMaxOps = 16;
constexpr std::uint64_t kMaxMem = 1ull << 30;
constexpr std::size_t kMaxPath = 4096;

using Key = std::array<unsigned char, crypto_secretstream_xchacha20poly1305_KEYBYTES>;

struct FileCloser {
    void operator()(std::FILE* f) const {
        if (f) std::fclose(f);
    }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

Error io_error(const std::string& what, const fs::path& path) {
    return make_error(ErrorCode::Unavailable,
                      what + " " + path.string() + ": " + std::strerror(errno));
}

void put_u32(std::string& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>(v >> (8 * i)));
}
void put_u64(std::string& out, std::uint64_t v) {
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>(v >> (8 * i)));
}
std::uint64_t get_le(const unsigned char* p, int bytes) {
    std::uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) v |= std::uint64_t(p[i]) << (8 * i);
    return v;
}

Result<Key> derive_key(const std::string& passphrase, const unsigned char* salt, std::uint64_t ops,
                       std::uint64_t mem) {
    if (passphrase.empty())
        return make_error(ErrorCode::InvalidArgument, "the backup passphrase is empty");
    if (sodium_init() < 0) return make_error(ErrorCode::Internal, "libsodium failed to start");
    Key key{};
    if (crypto_pwhash(key.data(), key.size(), passphrase.data(), passphrase.size(), salt, ops,
                      static_cast<std::size_t>(mem), crypto_pwhash_ALG_ARGON2ID13) != 0)
        return make_error(
            ErrorCode::ResourceExhausted,
            "not enough memory to derive the backup key (" + std::to_string(mem >> 20) + " MiB)");
    return key;
}

bool is_sqlite_file(const fs::path& path) {
    char head[16] = {};
    File f(std::fopen(path.c_str(), "rb"));
    return f && std::fread(head, 1, sizeof head, f.get()) == sizeof head &&
           std::memcmp(head, "SQLite format 3", 16) == 0;
}

// The journal files of a store: their committed content is in the store's backup.
bool is_store_journal(const fs::path& path) {
    const std::string name = path.filename().string();
    for (const char* suffix : {"-wal", "-shm", "-journal"}) {
        const std::size_t n = std::strlen(suffix);
        if (name.size() > n && name.compare(name.size() - n, n, suffix) == 0) {
            fs::path store = path.parent_path() / name.substr(0, name.size() - n);
            if (is_sqlite_file(store)) return true;
        }
    }
    return false;
}

// SQLite's online backup of `source` into the new file `copy`: one read transaction, so the copy
// is the store as of one commit even while the peer writes to it.
Result<void> snapshot_store(const fs::path& source, const fs::path& copy) {
    sqlite3* src = nullptr;
    sqlite3* dst = nullptr;
    auto close = [&] {
        sqlite3_close(src);
        sqlite3_close(dst);
    };
    int rc = sqlite3_open_v2(source.c_str(), &src, SQLITE_OPEN_READWRITE, nullptr);
    if (rc != SQLITE_OK) {  // a read-only profile
        sqlite3_close(src);
        src = nullptr;
        rc = sqlite3_open_v2(source.c_str(), &src, SQLITE_OPEN_READONLY, nullptr);
    }
    if (rc == SQLITE_OK)
        rc = sqlite3_open_v2(copy.c_str(), &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                             nullptr);
    if (rc != SQLITE_OK) {
        std::string why = sqlite3_errstr(rc);
        close();
        return make_error(ErrorCode::Unavailable, "cannot open " + source.string() + ": " + why);
    }
    sqlite3_busy_timeout(src, 5000);
    sqlite3_backup* backup = sqlite3_backup_init(dst, "main", src, "main");
    if (!backup) {
        std::string why = sqlite3_errmsg(dst);
        close();
        return make_error(ErrorCode::Internal, "cannot back up " + source.string() + ": " + why);
    }
    for (int attempt = 0;; ++attempt) {
        rc = sqlite3_backup_step(backup, -1);
        if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && attempt < 100) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            continue;
        }
        break;
    }
    sqlite3_backup_finish(backup);
    std::string why = rc == SQLITE_DONE ? "" : sqlite3_errstr(rc);
    close();
    if (rc != SQLITE_DONE)
        return make_error(rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB ? ErrorCode::DataLoss
                                                                      : ErrorCode::Unavailable,
                          "cannot back up " + source.string() + ": " + why);
    return {};
}

Result<void> check_store(const fs::path& path) {
    sqlite3* db = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    std::string result;
    if (rc == SQLITE_OK) {
        sqlite3_stmt* st = nullptr;
        rc = sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, nullptr);
        if (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
            result = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    if (result != "ok")
        return make_error(ErrorCode::DataLoss, "the store " + path.filename().string() +
                                                   " in the backup fails SQLite's integrity "
                                                   "check: " +
                                                   (result.empty() ? "unreadable" : result));
    return {};
}

// A new directory `<parent>/.<stem>-XXXXXX` (mode 0700).
Result<fs::path> make_temp_dir(const fs::path& parent, const std::string& stem) {
    std::string pattern = (parent / ("." + stem + "-XXXXXX")).string();
    if (!::mkdtemp(pattern.data())) return io_error("cannot make a directory in", parent);
    return fs::path(pattern);
}

class Writer {
public:
    Result<void> open(const fs::path& path, const std::string& passphrase, BackupKdf kdf) {
        path_ = path;
        file_.reset(std::fopen(path.c_str(), "wbx"));
        if (!file_) return io_error("cannot create", path);
        ::fchmod(fileno(file_.get()), 0600);
        unsigned char salt[crypto_pwhash_SALTBYTES];
        if (sodium_init() < 0) return make_error(ErrorCode::Internal, "libsodium failed to start");
        randombytes_buf(salt, sizeof salt);
        header_.assign(kMagic, sizeof kMagic);
        put_u32(header_, kFormat);
        put_u64(header_, kdf.ops);
        put_u64(header_, kdf.mem_bytes);
        header_.append(reinterpret_cast<const char*>(salt), sizeof salt);
        auto key = derive_key(passphrase, salt, kdf.ops, kdf.mem_bytes);
        if (!key) return key.error();
        unsigned char stream_header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
        crypto_secretstream_xchacha20poly1305_init_push(&state_, stream_header, key->data());
        sodium_memzero(key->data(), key->size());
        GROVE_TRY(write(header_.data(), header_.size()));
        return write(stream_header, sizeof stream_header);
    }

    Result<void> add_file(const fs::path& source, const std::string& name, bool is_database,
                          std::uint32_t mode, BackupSummary& summary) {
        File in(std::fopen(source.c_str(), "rb"));
        if (!in) return io_error("cannot read", source);
        struct stat st {};
        if (::fstat(fileno(in.get()), &st) != 0) return io_error("cannot read", source);
        std::uint64_t size = static_cast<std::uint64_t>(st.st_size);
        std::string entry = "F";
        entry.push_back(is_database ? 1 : 0);
        put_u32(entry, mode & 0777);
        put_u64(entry, size);
        put_u32(entry, static_cast<std::uint32_t>(name.size()));
        entry += name;
        GROVE_TRY(seal(entry, 0));
        std::string chunk;
        std::uint64_t left = size;
        while (left > 0) {
            chunk.assign("D");
            chunk.resize(1 + std::min<std::uint64_t>(left, kChunk));
            std::size_t n = std::fread(chunk.data() + 1, 1, chunk.size() - 1, in.get());
            if (n != chunk.size() - 1)
                return make_error(ErrorCode::Unavailable,
                                  source.string() + " changed while it was being backed up");
            GROVE_TRY(seal(chunk, 0));
            left -= n;
        }
        summary.files += 1;
        summary.databases += is_database ? 1 : 0;
        summary.bytes += size;
        return {};
    }

    Result<void> finish(std::uint64_t entries) {
        std::string end = "E";
        put_u64(end, entries);
        GROVE_TRY(seal(end, crypto_secretstream_xchacha20poly1305_TAG_FINAL));
        if (std::fflush(file_.get()) != 0 || ::fsync(fileno(file_.get())) != 0)
            return io_error("cannot write", path_);
        file_.reset();
        return {};
    }

private:
    Result<void> write(const void* data, std::size_t size) {
        if (std::fwrite(data, 1, size, file_.get()) != size) return io_error("cannot write", path_);
        return {};
    }
    Result<void> seal(const std::string& message, unsigned char tag) {
        std::vector<unsigned char> sealed(message.size() +
                                          crypto_secretstream_xchacha20poly1305_ABYTES);
        unsigned long long length = 0;
        crypto_secretstream_xchacha20poly1305_push(
            &state_, sealed.data(), &length, reinterpret_cast<const unsigned char*>(message.data()),
            message.size(), reinterpret_cast<const unsigned char*>(header_.data()), header_.size(),
            tag);
        std::string prefix;
        put_u32(prefix, static_cast<std::uint32_t>(length));
        GROVE_TRY(write(prefix.data(), prefix.size()));
        return write(sealed.data(), length);
    }

    fs::path path_;
    File file_;
    std::string header_;
    crypto_secretstream_xchacha20poly1305_state state_{};
};

// A name from the archive as a path inside the restore directory: relative, no "." or "..".
Result<fs::path> safe_relative(const std::string& name) {
    fs::path p(name);
    if (name.empty() || p.is_absolute() || name.find('\0') != std::string::npos)
        return make_error(ErrorCode::DataLoss, "the backup names an invalid path: " + name);
    for (const auto& part : p)
        if (part.empty() || part == "." || part == "..")
            return make_error(ErrorCode::DataLoss, "the backup names an invalid path: " + name);
    return p;
}

// Decrypts `archive` into the existing empty directory `into`, checking every store.
Result<BackupSummary> unpack(const fs::path& archive, const fs::path& into,
                             const std::string& passphrase) {
    File in(std::fopen(archive.c_str(), "rb"));
    if (!in) return io_error("cannot open", archive);
    const Error damaged = make_error(
        ErrorCode::DataLoss, archive.string() + " is damaged or truncated, or not a Grove backup");
    unsigned char header[kHeaderSize];
    if (std::fread(header, 1, sizeof header, in.get()) != sizeof header ||
        std::memcmp(header, kMagic, sizeof kMagic) != 0)
        return make_error(ErrorCode::InvalidArgument, archive.string() + " is not a Grove backup");
    if (get_le(header + 8, 4) != kFormat)
        return make_error(ErrorCode::FailedPrecondition,
                          archive.string() + " was made by another version of Grove (format " +
                              std::to_string(get_le(header + 8, 4)) + ")");
    const std::uint64_t ops = get_le(header + 12, 8), mem = get_le(header + 20, 8);
    if (ops < crypto_pwhash_OPSLIMIT_MIN || ops > kMaxOps || mem < crypto_pwhash_MEMLIMIT_MIN ||
        mem > kMaxMem)
        return damaged;
    auto key = derive_key(passphrase, header + 28, ops, mem);
    if (!key) return key.error();
    unsigned char stream_header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
    crypto_secretstream_xchacha20poly1305_state state;
    if (std::fread(stream_header, 1, sizeof stream_header, in.get()) != sizeof stream_header ||
        crypto_secretstream_xchacha20poly1305_init_pull(&state, stream_header, key->data()) != 0)
        return damaged;
    sodium_memzero(key->data(), key->size());

    bool first = true;
    std::vector<unsigned char> sealed, plain;
    // Next message, opened; false at a clean end of file.
    auto next = [&](unsigned char& tag) -> Result<bool> {
        unsigned char prefix[4];
        std::size_t got = std::fread(prefix, 1, 4, in.get());
        if (got == 0 && std::feof(in.get())) return false;
        if (got != 4) return damaged;
        std::size_t length = get_le(prefix, 4);
        if (length < crypto_secretstream_xchacha20poly1305_ABYTES || length > kMaxMessage)
            return damaged;
        sealed.resize(length);
        if (std::fread(sealed.data(), 1, length, in.get()) != length) return damaged;
        plain.resize(length);
        unsigned long long plain_length = 0;
        if (crypto_secretstream_xchacha20poly1305_pull(&state, plain.data(), &plain_length, &tag,
                                                       sealed.data(), length, header,
                                                       sizeof header) != 0) {
            if (first)
                return make_error(
                    ErrorCode::Unauthenticated,
                    "wrong passphrase for " + archive.string() + " (or the backup is damaged)");
            return damaged;
        }
        first = false;
        plain.resize(plain_length);
        return true;
    };

    BackupSummary summary;
    std::vector<fs::path> stores;
    for (;;) {
        unsigned char tag = 0;
        auto more = next(tag);
        if (!more) return more.error();
        if (!*more || plain.empty()) return damaged;  // ended without its final message
        if (plain[0] == 'E') {
            if (tag != crypto_secretstream_xchacha20poly1305_TAG_FINAL || plain.size() != 9 ||
                get_le(plain.data() + 1, 8) != summary.files)
                return damaged;
            unsigned char extra = 0;
            if (std::fread(&extra, 1, 1, in.get()) != 0) return damaged;  // bytes after the end
            break;
        }
        if (plain[0] != 'F' || plain.size() < 18 || tag != 0) return damaged;
        const bool is_database = plain[1] != 0;
        const std::uint32_t mode = static_cast<std::uint32_t>(get_le(plain.data() + 2, 4));
        const std::uint64_t size = get_le(plain.data() + 6, 8);
        const std::size_t name_length = get_le(plain.data() + 14, 4);
        if (name_length > kMaxPath || plain.size() != 18 + name_length) return damaged;
        auto relative = safe_relative(
            std::string(reinterpret_cast<const char*>(plain.data()) + 18, name_length));
        if (!relative) return relative.error();
        const fs::path target = into / *relative;
        std::error_code ec;
        fs::create_directories(target.parent_path(), ec);
        if (ec) return io_error("cannot make", target.parent_path());
        fs::permissions(target.parent_path(), fs::perms::owner_all, ec);
        int fd = ::open(target.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
                        (mode & 0700) | 0600);
        if (fd < 0) {
            if (errno == EEXIST)
                return make_error(ErrorCode::DataLoss,
                                  "the backup holds " + relative->string() + " twice");
            return io_error("cannot create", target);
        }
        File out(::fdopen(fd, "wb"));
        std::uint64_t left = size;
        while (left > 0) {
            auto data = next(tag);
            if (!data) return data.error();
            if (!*data || plain.empty() || plain[0] != 'D' || tag != 0 || plain.size() - 1 > left)
                return damaged;
            if (std::fwrite(plain.data() + 1, 1, plain.size() - 1, out.get()) != plain.size() - 1)
                return io_error("cannot write", target);
            left -= plain.size() - 1;
        }
        if (std::fflush(out.get()) != 0 || ::fsync(fileno(out.get())) != 0)
            return io_error("cannot write", target);
        summary.files += 1;
        summary.bytes += size;
        if (is_database) {
            summary.databases += 1;
            stores.push_back(target);
        }
    }
    for (const auto& store : stores) GROVE_TRY(check_store(store));
    return summary;
}

}  // namespace

Result<BackupSummary> create_backup(const fs::path& profile, const fs::path& archive,
                                    const std::string& passphrase, BackupKdf kdf) {
    std::error_code ec;
    if (!fs::is_directory(profile, ec))
        return make_error(ErrorCode::NotFound, "no profile directory at " + profile.string());
    if (fs::exists(archive, ec))
        return make_error(ErrorCode::AlreadyExists,
                          archive.string() + " exists; choose a new file for the backup");
    fs::path parent = fs::absolute(archive, ec).parent_path();
    auto work = make_temp_dir(parent, archive.filename().string() + ".partial");
    if (!work) return work.error();
    auto cleanup = [&] { fs::remove_all(*work, ec); };

    // Stores first, then the other files: a blob is written before the index that names it, so
    // every blob an index snapshot names is in the archive.
    std::vector<fs::path> stores, others;
    for (auto it = fs::recursive_directory_iterator(profile, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (!it->is_regular_file(ec) || it->is_symlink(ec)) continue;  // sockets, links, dirs
        if (is_store_journal(it->path())) continue;
        (is_sqlite_file(it->path()) ? stores : others).push_back(it->path());
    }
    if (ec) {
        cleanup();
        return make_error(ErrorCode::Unavailable,
                          "cannot list " + profile.string() + ": " + ec.message());
    }

    const fs::path partial = *work / "archive";
    Writer writer;
    BackupSummary summary;
    auto write_all = [&]() -> Result<void> {
        GROVE_TRY(writer.open(partial, passphrase, kdf));
        std::size_t n = 0;
        for (const auto& store : stores) {
            const fs::path copy = *work / ("store-" + std::to_string(n++));
            GROVE_TRY(snapshot_store(store, copy));
            GROVE_TRY(
                writer.add_file(copy, fs::relative(store, profile).string(), true, 0600, summary));
            fs::remove(copy, ec);
        }
        for (const auto& file : others) {
            struct stat st {};
            std::uint32_t mode = ::stat(file.c_str(), &st) == 0 ? st.st_mode : 0600;
            GROVE_TRY(
                writer.add_file(file, fs::relative(file, profile).string(), false, mode, summary));
        }
        GROVE_TRY(writer.finish(summary.files));
        // Into place only complete, and never over a file that appeared meanwhile.
        if (::link(partial.c_str(), archive.c_str()) != 0)
            return io_error("cannot create", archive);
        return {};
    };
    auto written = write_all();
    cleanup();
    if (!written) return written.error();
    return summary;
}

Result<BackupSummary> verify_backup(const fs::path& archive, const std::string& passphrase) {
    auto work = make_temp_dir(fs::temp_directory_path(), "grove-backup-verify");
    if (!work) return work.error();
    auto summary = unpack(archive, *work, passphrase);
    std::error_code ec;
    fs::remove_all(*work, ec);
    return summary;
}

Result<BackupSummary> restore_backup(const fs::path& archive, const fs::path& profile,
                                     const std::string& passphrase) {
    std::error_code ec;
    const bool exists = fs::exists(profile, ec);
    if (exists && !(fs::is_directory(profile, ec) && fs::is_empty(profile, ec)))
        return make_error(ErrorCode::AlreadyExists,
                          profile.string() + " is not empty; restore into a new directory");
    const fs::path target = fs::absolute(profile, ec).lexically_normal();
    fs::create_directories(target.parent_path(), ec);
    auto work = make_temp_dir(target.parent_path(), target.filename().string() + ".restoring");
    if (!work) return work.error();
    auto summary = unpack(archive, *work, passphrase);
    if (summary) {
        if (exists) fs::remove(target, ec);  // the empty directory
        if (::rename(work->c_str(), target.c_str()) != 0) {
            Error error = io_error("cannot move the restored profile to", target);
            fs::remove_all(*work, ec);
            return error;
        }
        return summary;
    }
    fs::remove_all(*work, ec);
    return summary;
}

}  // namespace grove::platform::store
