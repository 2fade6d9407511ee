// ProfileStore: the typed view of one account's SQLite database — account keys (wrapped),
// spaces, epoch keys (wrapped) and each space's delta log, in the order the deltas were applied.
#pragma once

#include <grove/sdk/result.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "common/bytes.h"
#include "crypto/keys.h"
#include "store/database.h"

namespace grove::platform::store {

struct AccountRecord {
    crypto::SignPublicKey identity_sign{};
    crypto::BoxPublicKey identity_box{};
    crypto::SignPublicKey device_sign{};
    crypto::BoxPublicKey device_box{};
    Bytes kdf_salt;
    std::uint64_t kdf_ops = 0;
    std::uint64_t kdf_mem = 0;
    Bytes secrets_nonce;
    Bytes wrapped_secrets;  // AEAD under the passphrase key
    Bytes profile_nonce;
    Bytes sealed_profile;  // AEAD under the storage key: display name, identity card, device cert
};

struct EpochKeyRecord {
    std::uint32_t epoch = 0;
    Bytes nonce;
    Bytes wrapped_key;  // AEAD under the storage key
};

// A contact as stored: a keyed hash of the identity key and the record sealed under the
// storage key (core/peer_contacts.cpp seals and opens it).
struct ContactRow {
    Bytes key;
    Bytes nonce;
    Bytes sealed_record;
};

struct StoredDelta {
    Bytes space_id;
    crypto::Hash id{};
    crypto::SignPublicKey author{};
    std::uint64_t author_seq = 0;
    Bytes header;
    Bytes nonce;
    Bytes ciphertext;
    Bytes signature;  // empty when a later delta of the chain carries it
};

class ProfileStore {
public:
    // Opens `path` (creating it), checks its integrity and migrates it to the current schema.
    static Result<std::unique_ptr<ProfileStore>> open(const std::filesystem::path& path);

    Result<std::optional<AccountRecord>> load_account();
    Result<void> save_account(const AccountRecord& record);

    Result<void> add_space(ByteView space_id, std::int64_t joined_ms);
    Result<std::vector<Bytes>> list_spaces();
    // Deletes a space with its keys and deltas (this account left or was removed), in one
    // transaction, then lets SQLite reuse the pages (secure_delete overwrites them).
    Result<void> remove_space(ByteView space_id);

    Result<void> put_epoch_key(ByteView space_id, const EpochKeyRecord& record);
    Result<std::vector<EpochKeyRecord>> epoch_keys(ByteView space_id);

    // Appends deltas in one durable transaction: when this returns ok they survive a crash.
    Result<void> append_deltas(std::span<const StoredDelta> deltas);
    // Visits a space's deltas in the order they were appended (a causal order).
    Result<void> for_each_delta(ByteView space_id,
                                const std::function<Result<void>(StoredDelta&&)>& visit);
    // Visits every space's deltas in one scan, in append order (used at unlock).
    Result<void> for_each_delta(const std::function<Result<void>(StoredDelta&&)>& visit);
    Result<std::uint64_t> count_deltas(ByteView space_id);

    // ---- contacts (schema v2) ----
    Result<void> put_contact(const ContactRow& row);  // inserts or replaces by key
    Result<std::vector<ContactRow>> contacts();
    Result<bool> remove_contact(ByteView key);  // false when there was none

    Database& database() { return *db_; }

private:
    explicit ProfileStore(std::unique_ptr<Database> db) : db_(std::move(db)) {}
    std::unique_ptr<Database> db_;
};

}  // namespace grove::platform::store
