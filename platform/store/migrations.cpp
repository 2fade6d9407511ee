#include "store/migrations.h"

namespace grove::platform::store {

const std::vector<Migration>& profile_migrations() {
    static const std::vector<Migration> migrations = {
        {1, "account, spaces, epoch keys and the delta log", R"sql(
CREATE TABLE account(
  id INTEGER PRIMARY KEY CHECK (id = 1),
  identity_sign BLOB NOT NULL,
  identity_box BLOB NOT NULL,
  device_sign BLOB NOT NULL,
  device_box BLOB NOT NULL,
  kdf_salt BLOB NOT NULL,
  kdf_ops INTEGER NOT NULL,
  kdf_mem INTEGER NOT NULL,
  secrets_nonce BLOB NOT NULL,
  wrapped_secrets BLOB NOT NULL,
  profile_nonce BLOB NOT NULL,
  sealed_profile BLOB NOT NULL
);
CREATE TABLE spaces(
  space_id BLOB PRIMARY KEY,
  joined_ms INTEGER NOT NULL,
  status INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE epoch_keys(
  space_id BLOB NOT NULL REFERENCES spaces(space_id),
  epoch INTEGER NOT NULL,
  nonce BLOB NOT NULL,
  wrapped_key BLOB NOT NULL,
  PRIMARY KEY (space_id, epoch)
);
CREATE TABLE deltas(
  seqno INTEGER PRIMARY KEY,
  space_id BLOB NOT NULL REFERENCES spaces(space_id),
  delta_id BLOB NOT NULL,
  author BLOB NOT NULL,
  author_seq INTEGER NOT NULL,
  header BLOB NOT NULL,
  nonce BLOB NOT NULL,
  ciphertext BLOB NOT NULL,
  signature BLOB,
  UNIQUE (space_id, author, author_seq)
);
)sql"},
        // Contacts. A row's key is a keyed BLAKE2b of the contact's identity key under
        // a key derived from the storage key, and the record (card, local name, verified flag,
        // flagged keys, first/last seen) is AEAD under the storage key: a stolen profile shows
        // how many contacts there are, not who they are or what they are called.
        {2, "contacts", R"sql(
CREATE TABLE contacts(
  contact_key BLOB PRIMARY KEY,
  nonce BLOB NOT NULL,
  sealed_record BLOB NOT NULL
);
)sql"},
    };
    return migrations;
}

Result<void> migrate(Database& db, const std::vector<Migration>& migrations) {
    std::int64_t current = db.user_version();
    if (current < 0) return make_error(ErrorCode::DataLoss, "cannot read the schema version");
    std::int64_t latest = migrations.empty() ? 0 : migrations.back().version;
    if (current > latest)
        return make_error(ErrorCode::FailedPrecondition,
                          "the profile was written by a newer Grove (schema " +
                              std::to_string(current) + ", this build knows " +
                              std::to_string(latest) + ")");
    for (const auto& m : migrations) {
        if (m.version <= current) continue;
        auto r = in_transaction(db, [&]() -> Result<void> {
            GROVE_TRY(db.exec(m.sql));
            return db.set_user_version(m.version);
        });
        if (!r.ok())
            return make_error(r.error().code, "schema migration to version " +
                                                  std::to_string(m.version) + " (" +
                                                  m.description + ") failed: " + r.error().message);
    }
    return {};
}

}  // namespace grove::platform::store
