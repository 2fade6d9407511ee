#include "store/profile_store.h"

#include <sqlite3.h>

#include "store/migrations.h"

namespace grove::platform::store {

Result<std::unique_ptr<ProfileStore>> ProfileStore::open(const std::filesystem::path& path) {
    auto db = Database::open(path);
    if (!db.ok()) return db.error();
    GROVE_TRY(migrate(**db, profile_migrations()));
    return std::unique_ptr<ProfileStore>(new ProfileStore(std::move(db).value()));
}

Result<std::optional<AccountRecord>> ProfileStore::load_account() {
    auto st = db_->cached(
        "SELECT identity_sign, identity_box, device_sign, device_box, kdf_salt, kdf_ops, kdf_mem,"
        " secrets_nonce, wrapped_secrets, profile_nonce, sealed_profile FROM account WHERE id = 1");
    if (!st.ok()) return st.error();
    Statement& s = **st;
    auto row = s.step();
    if (!row.ok()) return row.error();
    if (!*row) return std::optional<AccountRecord>();
    AccountRecord r;
    auto is = fixed_from<32>(s.column_blob(0));
    auto ib = fixed_from<32>(s.column_blob(1));
    auto ds = fixed_from<32>(s.column_blob(2));
    auto db = fixed_from<32>(s.column_blob(3));
    if (!is || !ib || !ds || !db) {
        s.reset();
        return make_error(ErrorCode::DataLoss, "the account record is damaged (key sizes)");
    }
    r.identity_sign = *is;
    r.identity_box = *ib;
    r.device_sign = *ds;
    r.device_box = *db;
    r.kdf_salt = s.column_bytes(4);
    r.kdf_ops = static_cast<std::uint64_t>(s.column_int(5));
    r.kdf_mem = static_cast<std::uint64_t>(s.column_int(6));
    r.secrets_nonce = s.column_bytes(7);
    r.wrapped_secrets = s.column_bytes(8);
    r.profile_nonce = s.column_bytes(9);
    r.sealed_profile = s.column_bytes(10);
    s.reset();
    return std::optional<AccountRecord>(std::move(r));
}

Result<void> ProfileStore::save_account(const AccountRecord& r) {
    auto st = db_->cached(
        "INSERT OR REPLACE INTO account(id, identity_sign, identity_box, device_sign, device_box,"
        " kdf_salt, kdf_ops, kdf_mem, secrets_nonce, wrapped_secrets, profile_nonce,"
        " sealed_profile) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st.ok()) return st.error();
    Statement& s = **st;
    s.bind(1, ByteView(r.identity_sign))
        .bind(2, ByteView(r.identity_box))
        .bind(3, ByteView(r.device_sign))
        .bind(4, ByteView(r.device_box))
        .bind(5, ByteView(r.kdf_salt))
        .bind(6, static_cast<std::int64_t>(r.kdf_ops))
        .bind(7, static_cast<std::int64_t>(r.kdf_mem))
        .bind(8, ByteView(r.secrets_nonce))
        .bind(9, ByteView(r.wrapped_secrets))
        .bind(10, ByteView(r.profile_nonce))
        .bind(11, ByteView(r.sealed_profile));
    return s.run();
}

Result<void> ProfileStore::add_space(ByteView space_id, std::int64_t joined_ms) {
    auto st = db_->cached("INSERT OR IGNORE INTO spaces(space_id, joined_ms) VALUES (?, ?)");
    if (!st.ok()) return st.error();
    return (*st)->bind(1, space_id).bind(2, joined_ms).run();
}

Result<void> ProfileStore::remove_space(ByteView space_id) {
    return in_transaction(*db_, [&]() -> Result<void> {
        for (const char* sql : {"DELETE FROM deltas WHERE space_id = ?",
                                "DELETE FROM epoch_keys WHERE space_id = ?",
                                "DELETE FROM spaces WHERE space_id = ?"}) {
            auto st = db_->cached(sql);
            if (!st.ok()) return st.error();
            GROVE_TRY((*st)->bind(1, space_id).run());
        }
        return {};
    });
}

Result<std::vector<Bytes>> ProfileStore::list_spaces() {
    auto st = db_->cached("SELECT space_id FROM spaces ORDER BY joined_ms, space_id");
    if (!st.ok()) return st.error();
    std::vector<Bytes> out;
    for (;;) {
        auto row = (*st)->step();
        if (!row.ok()) return row.error();
        if (!*row) break;
        out.push_back((*st)->column_bytes(0));
    }
    (*st)->reset();
    return out;
}

Result<void> ProfileStore::put_epoch_key(ByteView space_id, const EpochKeyRecord& r) {
    auto st = db_->cached(
        "INSERT OR REPLACE INTO epoch_keys(space_id, epoch, nonce, wrapped_key) VALUES (?,?,?,?)");
    if (!st.ok()) return st.error();
    return (*st)
        ->bind(1, space_id)
        .bind(2, static_cast<std::int64_t>(r.epoch))
        .bind(3, ByteView(r.nonce))
        .bind(4, ByteView(r.wrapped_key))
        .run();
}

Result<std::vector<EpochKeyRecord>> ProfileStore::epoch_keys(ByteView space_id) {
    auto st = db_->cached(
        "SELECT epoch, nonce, wrapped_key FROM epoch_keys WHERE space_id = ? ORDER BY epoch");
    if (!st.ok()) return st.error();
    Statement& s = **st;
    s.bind(1, space_id);
    std::vector<EpochKeyRecord> out;
    for (;;) {
        auto row = s.step();
        if (!row.ok()) return row.error();
        if (!*row) break;
        out.push_back({static_cast<std::uint32_t>(s.column_int(0)), s.column_bytes(1),
                       s.column_bytes(2)});
    }
    s.reset();
    return out;
}

Result<void> ProfileStore::put_contact(const ContactRow& row) {
    auto st = db_->cached(
        "INSERT OR REPLACE INTO contacts(contact_key, nonce, sealed_record) VALUES (?, ?, ?)");
    if (!st.ok()) return st.error();
    return (*st)
        ->bind(1, ByteView(row.key))
        .bind(2, ByteView(row.nonce))
        .bind(3, ByteView(row.sealed_record))
        .run();
}

Result<std::vector<ContactRow>> ProfileStore::contacts() {
    auto st = db_->cached("SELECT contact_key, nonce, sealed_record FROM contacts");
    if (!st.ok()) return st.error();
    Statement& s = **st;
    std::vector<ContactRow> out;
    for (;;) {
        auto row = s.step();
        if (!row.ok()) return row.error();
        if (!*row) break;
        out.push_back({s.column_bytes(0), s.column_bytes(1), s.column_bytes(2)});
    }
    s.reset();
    return out;
}

Result<bool> ProfileStore::remove_contact(ByteView key) {
    auto st = db_->cached("DELETE FROM contacts WHERE contact_key = ?");
    if (!st.ok()) return st.error();
    GROVE_TRY((*st)->bind(1, key).run());
    return sqlite3_changes(db_->handle()) > 0;
}

Result<void> ProfileStore::append_deltas(std::span<const StoredDelta> deltas) {
    if (deltas.empty()) return {};
    return in_transaction(*db_, [&]() -> Result<void> {
        auto st = db_->cached(
            "INSERT INTO deltas(space_id, delta_id, author, author_seq, header, nonce, ciphertext,"
            " signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        if (!st.ok()) return st.error();
        Statement& s = **st;
        for (const auto& d : deltas) {
            // The deltas outlive each run(): bind without copying.
            s.bind_static(1, ByteView(d.space_id))
                .bind_static(2, ByteView(d.id))
                .bind_static(3, ByteView(d.author))
                .bind(4, static_cast<std::int64_t>(d.author_seq))
                .bind_static(5, ByteView(d.header))
                .bind_static(6, ByteView(d.nonce))
                .bind_static(7, ByteView(d.ciphertext));
            if (d.signature.empty())
                s.bind_null(8);
            else
                s.bind_static(8, ByteView(d.signature));
            GROVE_TRY(s.run());
        }
        return {};
    });
}

namespace {
Result<void> visit_rows(Statement& s, const std::function<Result<void>(StoredDelta&&)>& visit) {
    for (;;) {
        auto row = s.step();
        if (!row.ok()) return row.error();
        if (!*row) break;
        StoredDelta d;
        d.space_id = s.column_bytes(0);
        auto id = fixed_from<32>(s.column_blob(1));
        auto author = fixed_from<32>(s.column_blob(2));
        if (!id || !author) return make_error(ErrorCode::DataLoss, "a stored delta is damaged");
        d.id = *id;
        d.author = *author;
        d.author_seq = static_cast<std::uint64_t>(s.column_int(3));
        d.header = s.column_bytes(4);
        d.nonce = s.column_bytes(5);
        d.ciphertext = s.column_bytes(6);
        if (!s.column_is_null(7)) d.signature = s.column_bytes(7);
        GROVE_TRY(visit(std::move(d)));
    }
    return {};
}
constexpr const char* kSelectDeltas =
    "SELECT space_id, delta_id, author, author_seq, header, nonce, ciphertext, signature"
    " FROM deltas";
}  // namespace

Result<void> ProfileStore::for_each_delta(
    ByteView space_id, const std::function<Result<void>(StoredDelta&&)>& visit) {
    auto st = db_->prepare(std::string(kSelectDeltas) + " WHERE space_id = ? ORDER BY seqno");
    if (!st.ok()) return st.error();
    st->bind(1, space_id);
    return visit_rows(*st, visit);
}

Result<void> ProfileStore::for_each_delta(
    const std::function<Result<void>(StoredDelta&&)>& visit) {
    auto st = db_->prepare(std::string(kSelectDeltas) + " ORDER BY seqno");
    if (!st.ok()) return st.error();
    return visit_rows(*st, visit);
}

Result<std::uint64_t> ProfileStore::count_deltas(ByteView space_id) {
    auto st = db_->cached("SELECT COUNT(*) FROM deltas WHERE space_id = ?");
    if (!st.ok()) return st.error();
    (*st)->bind(1, space_id);
    auto row = (*st)->step();
    if (!row.ok()) return row.error();
    std::uint64_t n = static_cast<std::uint64_t>((*st)->column_int(0));
    (*st)->reset();
    return n;
}

}  // namespace grove::platform::store
