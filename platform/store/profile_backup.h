// Encrypted, verifiable backups of a profile directory: each SQLite store is copied with SQLite's
// online backup (consistent while the peer runs), every other file as it is, all sealed under a key
// derived from a backup passphrase. Restore writes a new directory only, and only whole.
#pragma once

#include <grove/sdk/result.h>

#include <cstdint>
#include <filesystem>
#include <string>

namespace grove::platform::store {

struct BackupKdf {
    // Argon2id limits (libsodium crypto_pwhash); the defaults are its "moderate" level.
    std::uint64_t ops = 3;
    std::uint64_t mem_bytes = 256ull << 20;
};

struct BackupSummary {
    std::uint64_t files = 0;      // entries in the archive
    std::uint64_t databases = 0;  // of which SQLite stores (copied by the online backup)
    std::uint64_t bytes = 0;      // plaintext bytes of all entries
};

// Writes an archive of `profile` to `archive` (which must not exist; written to a temporary file
// beside it and renamed once complete). The stores' -wal/-shm files and sockets are not copied:
// each store's backup already holds its committed state.
Result<BackupSummary> create_backup(const std::filesystem::path& profile,
                                    const std::filesystem::path& archive,
                                    const std::string& passphrase, BackupKdf kdf = {});

// Decrypts and authenticates the whole archive and checks every store with SQLite's
// integrity_check, writing nothing outside a temporary directory it removes.
Result<BackupSummary> verify_backup(const std::filesystem::path& archive,
                                    const std::string& passphrase);

// Restores into `profile`, which must not exist or be empty. The archive is unpacked and checked
// in a temporary directory beside it first; `profile` appears only when everything checked out.
Result<BackupSummary> restore_backup(const std::filesystem::path& archive,
                                     const std::filesystem::path& profile,
                                     const std::string& passphrase);

}  // namespace grove::platform::store
