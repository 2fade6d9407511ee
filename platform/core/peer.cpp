#include "core/peer.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>

#include "core/peer_impl.h"
#include "crypto/primitives.h"

namespace grove::platform {

namespace sp = grove::space::v1;
using grove::wire::v1::DeltaKind;

namespace {
std::int64_t system_now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string epoch_purpose(const SpaceId& id, std::uint32_t epoch) {
    return "epoch-key:" + to_hex(id) + ":" + std::to_string(epoch);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Impl helpers

Peer::Impl::~Impl() {
    if (lock_fd >= 0) ::close(lock_fd);
}

Result<void> Peer::Impl::require_unlocked() const {
    if (!account)
        return make_error(ErrorCode::FailedPrecondition,
                          "the account is locked (or does not exist yet): unlock it first");
    return {};
}

Result<Space*> Peer::Impl::resolve(const std::string& ref) const {
    GROVE_TRY(require_unlocked());
    if (ref.empty()) return make_error(ErrorCode::InvalidArgument, "no space given");
    if (auto bytes = from_hex(ref); bytes && bytes->size() == kSpaceIdSize) {
        auto it = spaces.find(*fixed_from<kSpaceIdSize>(*bytes));
        if (it != spaces.end() && listed(*it->second)) return it->second.get();
        return make_error(ErrorCode::NotFound, "no space with id " + ref);
    }
    std::vector<Space*> by_name, by_prefix;
    std::string lower = ref;
    std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
    for (const auto& [id, s] : spaces) {
        if (!listed(*s)) continue;
        if (s->name() == ref) by_name.push_back(s.get());
        if (ref.size() >= 4 && s->id_hex().rfind(lower, 0) == 0) by_prefix.push_back(s.get());
    }
    if (by_name.size() == 1) return by_name.front();
    if (by_name.size() > 1)
        return make_error(ErrorCode::InvalidArgument,
                          "more than one space is named \"" + ref + "\": use its id");
    if (by_prefix.size() == 1) return by_prefix.front();
    if (by_prefix.size() > 1)
        return make_error(ErrorCode::InvalidArgument, "the id prefix " + ref + " is ambiguous");
    return make_error(ErrorCode::NotFound, "no space named or with id \"" + ref + "\"");
}

bool Peer::Impl::listed(const Space& space) const {
    return !space.admin().has_genesis() ||
           space.membership().by_device(account->identity.device_sign.public_key) != nullptr;
}

AccountInfo Peer::Impl::account_info() const {
    AccountInfo info;
    if (!account) return info;
    const auto& id = account->identity;
    info.display_name = id.display_name;
    info.identity_id = id.identity_hex();
    info.fingerprint = id.fingerprint();
    info.device_id = id.device_hex();
    info.unlocked = true;
    return info;
}

SpaceSummary Peer::Impl::summary(const Space& space) const {
    SpaceSummary s;
    s.id = space.id_hex();
    s.name = space.name();
    s.created_ms = space.created_ms();
    s.delta_count = space.delta_count();
    s.heads_digest = to_hex(space.heads_digest());
    s.state_digest = to_hex(space.state_digest());
    s.member_count = static_cast<std::uint32_t>(space.membership().active_count());
    if (account) {
        const MemberRecord* me =
            space.membership().by_identity(account->identity.identity_sign.public_key);
        s.my_role = me && !me->removed ? me->role : Role::Guest;
    }
    return s;
}

ChatMessageView Peer::Impl::chat_view(const Space& space, const ChatMessage& m) const {
    ChatMessageView v;
    v.id = to_hex(m.id);
    v.space_id = space.id_hex();
    v.author_id = to_hex(m.author_identity);
    if (const MemberRecord* author = space.membership().by_identity(m.author_identity))
        v.author_name = author->card.display_name();
    v.text = m.text;
    v.posted_ms = m.posted_ms;
    v.edited_ms = m.edited_ms;
    v.deleted = m.deleted;
    return v;
}

Result<void> Peer::Impl::store_epoch_key(const SpaceId& id, std::uint32_t epoch,
                                         const crypto::SymmetricKey& key) {
    auto sealed = seal_local(account->storage_key, epoch_purpose(id, epoch), key.view());
    return store->put_epoch_key(id, {epoch, std::move(sealed.nonce), std::move(sealed.ciphertext)});
}

Result<std::unique_ptr<Space>> Peer::Impl::space_with_keys(const SpaceId& id) {
    auto space = std::make_unique<Space>(id);
    auto keys = store->epoch_keys(id);
    if (!keys.ok()) return keys.error();
    for (const auto& k : *keys) {
        auto raw = open_local(account->storage_key, epoch_purpose(id, k.epoch), k.nonce,
                              k.wrapped_key);
        if (!raw.ok() || raw->size() != crypto::kSymmetricKeySize)
            return make_error(ErrorCode::DataLoss,
                              "the content key of space " + to_hex(id) + " is damaged");
        space->add_epoch_key(k.epoch, crypto::symmetric_key_from(*raw));
    }
    return space;
}

Result<void> Peer::Impl::replay(Space& space, store::StoredDelta&& s) {
    grove::wire::v1::SealedDelta sealed;
    sealed.set_header(to_string(s.header));
    sealed.set_nonce(to_string(s.nonce));
    sealed.set_ciphertext(to_string(s.ciphertext));
    sealed.set_signature(to_string(s.signature));
    auto decoded = decode_delta(std::move(sealed));
    if (!decoded.ok() || decoded->id != s.id)
        return make_error(ErrorCode::DataLoss,
                          "a stored delta of space " + space.id_hex() + " is damaged");
    // Stored deltas were verified when they arrived; the AEAD still authenticates each payload.
    auto applied = space.apply(*decoded);
    if (!applied.ok())
        return make_error(ErrorCode::DataLoss, "a stored delta of space " + space.id_hex() +
                                                   " no longer applies: " +
                                                   applied.error().message);
    return {};
}

Result<std::unique_ptr<Space>> Peer::Impl::load_space(const SpaceId& id) {
    auto space = space_with_keys(id);
    if (!space.ok()) return space.error();
    Space& sp = **space;
    connect_tools(sp);
    GROVE_TRY(store->for_each_delta(
        id, [&](store::StoredDelta&& s) -> Result<void> { return replay(sp, std::move(s)); }));
    return space;
}

void Peer::Impl::reload_space(const SpaceId& id) {
    // The tool instances are rebuilt from the log too: forget the ones the failed batch touched.
    if (tools) tools->reset_space(id);
    auto reloaded = load_space(id);
    if (reloaded.ok()) spaces[id] = std::move(reloaded).value();
    if (tools) tools->schedule();
}

Result<void> Peer::Impl::load_spaces() {
    auto ids = store->list_spaces();
    if (!ids.ok()) return ids.error();
    std::map<SpaceId, std::unique_ptr<Space>> loaded;
    for (const auto& raw : *ids) {
        auto id = fixed_from<kSpaceIdSize>(raw);
        if (!id) return make_error(ErrorCode::DataLoss, "a stored space id is damaged");
        auto space = space_with_keys(*id);
        if (!space.ok()) return space.error();
        connect_tools(**space);
        loaded[*id] = std::move(space).value();
    }
    GROVE_TRY(store->for_each_delta([&](store::StoredDelta&& s) -> Result<void> {
        auto id = fixed_from<kSpaceIdSize>(s.space_id);
        auto it = id ? loaded.find(*id) : loaded.end();
        if (it == loaded.end())
            return make_error(ErrorCode::DataLoss, "a stored delta names an unknown space");
        return replay(*it->second, std::move(s));
    }));
    spaces = std::move(loaded);
    return {};
}

Result<void> Peer::Impl::apply_and_store(Space& space, std::span<const DecodedDelta> deltas,
                                         std::vector<SpaceEvent>& events) {
    connect_tools(space);
    std::vector<AppliedEffect> effects;
    effects.reserve(deltas.size());
    std::vector<store::StoredDelta> to_store;
    to_store.reserve(deltas.size());
    for (const auto& d : deltas) {
        auto r = space.apply(d);
        if (!r.ok()) {
            // Deltas before it were applied in memory but not stored: rebuild from the store.
            if (&d != &deltas.front()) reload_space(space.id());
            return r.error();
        }
        effects.push_back(*r);
        to_store.push_back(stored_form(space.id(), d));
    }
    auto stored = store->append_deltas(to_store);
    if (!stored.ok()) {
        reload_space(space.id());
        return stored.error();
    }
    if (tools) tools->schedule();
    this->events.note_stored();
    if (!observed()) return {};  // nobody listens: skip building event views
    for (const auto& e : effects) append_event(space, e, events);
    return {};
}

Result<std::vector<DeltaId>> Peer::Impl::submit(Space& space, std::span<const Space::Draft> drafts,
                                                std::vector<SpaceEvent>& events) {
    GROVE_TRY(require_unlocked());
    if (!space.can_author())
        return make_error(ErrorCode::Unavailable,
                          "this device has not received the space's current content key yet; "
                          "any online member passes it on");
    auto deltas = space.author(account->identity, drafts, now_ms());
    GROVE_TRY(apply_and_store(space, deltas, events));
    std::vector<DeltaId> ids;
    ids.reserve(deltas.size());
    for (const auto& d : deltas) ids.push_back(d.id);
    return ids;
}

Result<DeltaId> Peer::Impl::submit_one(Space& space, Space::Draft draft,
                                        std::vector<SpaceEvent>& events) {
    auto ids = submit(space, std::span(&draft, 1), events);
    if (!ids.ok()) return ids.error();
    return ids->front();
}

Space::Draft Peer::Impl::space_op_draft(const sp::SpaceOp& op,
                                        std::vector<grove::wire::v1::EpochKeyWrap> wraps) {
    return Space::Draft{DeltaKind::DELTA_KIND_SPACE, {}, to_bytes(op.SerializeAsString()),
                        std::move(wraps)};
}

store::StoredDelta Peer::Impl::stored_form(const SpaceId& space, const DecodedDelta& d) {
    store::StoredDelta s;
    s.space_id.assign(space.begin(), space.end());
    s.id = d.id;
    s.author = d.author;
    s.author_seq = d.seq;
    s.header = to_bytes(d.sealed.header());
    s.nonce = to_bytes(d.sealed.nonce());
    s.ciphertext = to_bytes(d.sealed.ciphertext());
    s.signature = to_bytes(d.sealed.signature());
    return s;
}

void Peer::Impl::append_event(const Space& space, const AppliedEffect& e,
                              std::vector<SpaceEvent>& events) const {
    SpaceEvent ev;
    ev.space_id = space.id_hex();
    ev.delta_count = space.delta_count();
    if (e.author_identity != crypto::SignPublicKey{}) ev.author_id = to_hex(e.author_identity);
    if (e.author_device != crypto::SignPublicKey{}) ev.author_device = to_hex(e.author_device);
    switch (e.kind) {
        case AppliedEffect::Kind::None: return;
        case AppliedEffect::Kind::SpaceChanged: ev.kind = SpaceEvent::Kind::SpaceChanged; break;
        case AppliedEffect::Kind::ToolChanged:
            ev.kind = SpaceEvent::Kind::ToolChanged;
            ev.tool_instance = to_hex(e.tool_instance);
            break;
        case AppliedEffect::Kind::ChatPosted:
        case AppliedEffect::Kind::ChatEdited:
        case AppliedEffect::Kind::ChatDeleted:
            ev.kind = e.kind == AppliedEffect::Kind::ChatPosted   ? SpaceEvent::Kind::ChatPosted
                      : e.kind == AppliedEffect::Kind::ChatEdited ? SpaceEvent::Kind::ChatEdited
                                                                  : SpaceEvent::Kind::ChatDeleted;
            if (auto m = space.chat().find(e.subject)) ev.chat = chat_view(space, *m);
            break;
    }
    events.push_back(std::move(ev));
}

// ---------------------------------------------------------------------------------------------
// Peer

Peer::Peer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Peer::~Peer() = default;

Result<std::unique_ptr<Peer>> Peer::open(const std::filesystem::path& profile_dir,
                                         PeerOptions options) {
    crypto::initialize();
    std::error_code ec;
    std::filesystem::create_directories(profile_dir, ec);
    if (ec)
        return make_error(ErrorCode::FailedPrecondition,
                          "cannot create profile directory " + profile_dir.string() + ": " +
                              ec.message());
    ::chmod(profile_dir.c_str(), 0700);
    auto impl = std::make_unique<Impl>();
    impl->profile_dir = profile_dir;
    impl->clock = options.clock ? std::move(options.clock) : std::function(system_now_ms);
    if (options.kdf) impl->kdf = *options.kdf;
    auto lock_path = profile_dir / "lock";
    impl->lock_fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (impl->lock_fd < 0 || ::flock(impl->lock_fd, LOCK_EX | LOCK_NB) != 0)
        return make_error(ErrorCode::FailedPrecondition,
                          "the profile " + profile_dir.string() +
                              " is in use by another Grove process");
    auto store = store::ProfileStore::open(profile_dir / "grove.db");
    if (!store.ok()) return store.error();
    impl->store = std::move(store).value();
    for (const char* suffix : {"grove.db", "grove.db-wal", "grove.db-shm"})
        ::chmod((profile_dir / suffix).c_str(), 0600);
    return std::unique_ptr<Peer>(new Peer(std::move(impl)));
}

const std::filesystem::path& Peer::profile_dir() const { return impl_->profile_dir; }

std::int64_t Peer::now_ms() const { return impl_->now_ms(); }

AccountState Peer::account_state() const {
    std::lock_guard lock(impl_->mutex);
    if (impl_->account) return AccountState::Unlocked;
    AccountVault vault(*impl_->store);
    auto ex = vault.exists();
    return ex.ok() && *ex ? AccountState::Locked : AccountState::NoAccount;
}

Result<AccountInfo> Peer::create_account(const std::string& display_name,
                                         const std::string& passphrase) {
    std::lock_guard lock(impl_->mutex);
    AccountVault vault(*impl_->store);
    auto account = vault.create(display_name, passphrase, impl_->kdf, impl_->now_ms());
    if (!account.ok()) return account.error();
    impl_->account = std::move(account).value();
    impl_->spaces.clear();
    return impl_->account_info();
}

Result<AccountInfo> Peer::unlock(const std::string& passphrase) {
    std::lock_guard lock(impl_->mutex);
    AccountVault vault(*impl_->store);
    if (impl_->account) {
        // Already unlocked: the passphrase is still checked (a wrong one is an error, as when
        // locked), and nothing is reloaded.
        GROVE_TRY(vault.verify(passphrase));
        return impl_->account_info();
    }
    auto account = vault.unlock(passphrase);
    if (!account.ok()) return account.error();
    impl_->account = std::move(account).value();
    auto loaded = impl_->load_spaces();
    if (!loaded.ok()) {
        impl_->account.reset();
        if (impl_->tools) impl_->tools->reset();
        return loaded.error();
    }
    if (impl_->tools) impl_->tools->schedule();
    return impl_->account_info();
}

Result<AccountInfo> Peer::lock() {
    std::lock_guard lock(impl_->mutex);
    impl_->spaces.clear();
    impl_->account.reset();
    if (impl_->tools) {
        impl_->tools->reset();
        impl_->tools->schedule();
    }
    return impl_->account_info();
}

Result<AccountInfo> Peer::change_passphrase(const std::string& old_passphrase,
                                            const std::string& new_passphrase) {
    std::lock_guard lock(impl_->mutex);
    AccountVault vault(*impl_->store);
    GROVE_TRY(vault.change_passphrase(old_passphrase, new_passphrase, impl_->kdf));
    AccountInfo info = impl_->account_info();
    return info;
}

Result<AccountInfo> Peer::account() const {
    std::lock_guard lock(impl_->mutex);
    if (!impl_->account) {
        AccountVault vault(*impl_->store);
        auto ex = vault.exists();
        if (!ex.ok()) return ex.error();
        if (!*ex) return make_error(ErrorCode::NotFound, "this profile has no account yet");
        return AccountInfo{};  // locked: nothing but unlocked=false is known without the passphrase
    }
    return impl_->account_info();
}

Result<SpaceSummary> Peer::create_space(const std::string& name) {
    std::vector<SpaceEvent> events;
    SpaceSummary result;
    {
        std::lock_guard lock(impl_->mutex);
        GROVE_TRY(impl_->require_unlocked());
        if (name.empty() || name.size() > 200)
            return make_error(ErrorCode::InvalidArgument,
                              "a space name must be 1 to 200 bytes long");
        auto [space, genesis] = Space::create(impl_->account->identity, name, impl_->now_ms());
        const SpaceId id = space->id();
        // clang (≤ 15) cannot capture a structured binding: capture it by an init-capture.
        auto stored = store::in_transaction(impl_->store->database(),
                                            [&, &space = space]() -> Result<void> {
            GROVE_TRY(impl_->store->add_space(id, impl_->now_ms()));
            return impl_->store_epoch_key(id, 1, *space->epoch_key(1));
        });
        if (!stored.ok()) return stored.error();
        GROVE_TRY(impl_->apply_and_store(*space, std::span(&genesis, 1), events));
        result = impl_->summary(*space);
        impl_->spaces[id] = std::move(space);
    }
    impl_->dispatch(events);
    return result;
}

Result<std::vector<SpaceSummary>> Peer::list_spaces() const {
    std::lock_guard lock(impl_->mutex);
    GROVE_TRY(impl_->require_unlocked());
    std::vector<SpaceSummary> out;
    for (const auto& [id, s] : impl_->spaces)
        if (impl_->listed(*s)) out.push_back(impl_->summary(*s));
    std::sort(out.begin(), out.end(), [](const SpaceSummary& a, const SpaceSummary& b) {
        return std::tie(a.created_ms, a.id) < std::tie(b.created_ms, b.id);
    });
    return out;
}

Result<SpaceSummary> Peer::get_space(const std::string& space) const {
    std::lock_guard lock(impl_->mutex);
    auto s = impl_->resolve(space);
    if (!s.ok()) return s.error();
    return impl_->summary(**s);
}

Result<SpaceSummary> Peer::rename_space(const std::string& space, const std::string& name) {
    if (name.empty() || name.size() > 200)
        return make_error(ErrorCode::InvalidArgument, "a space name must be 1 to 200 bytes long");
    return impl_->mutate(space, [&](Space& s, auto& events) -> Result<SpaceSummary> {
        const MemberRecord* me =
            s.membership().by_device(impl_->account->identity.device_sign.public_key);
        if (!me || me->role != Role::Manager)
            return make_error(ErrorCode::PermissionDenied, "only managers rename a space");
        sp::SpaceOp op;
        op.mutable_rename()->set_name(name);
        GROVE_TRY(impl_->submit_one(s, Impl::space_op_draft(op), events));
        return impl_->summary(s);
    });
}

namespace {
Space::Draft chat_draft(const sp::ChatOp& op) {
    return Space::Draft{DeltaKind::DELTA_KIND_CHAT, {}, to_bytes(op.SerializeAsString())};
}

Result<DeltaId> parse_message_id(const std::string& hex) {
    auto bytes = from_hex(hex);
    if (!bytes || bytes->size() != 32)
        return make_error(ErrorCode::InvalidArgument,
                          "a message id is 64 hex characters, got \"" + hex + "\"");
    return *fixed_from<32>(*bytes);
}
}  // namespace

Result<ChatMessageView> Peer::post_chat(const std::string& space, const std::string& text) {
    if (text.empty() || text.size() > kMaxChatTextBytes)
        return make_error(ErrorCode::InvalidArgument, "a chat message must be 1 byte to 64 KiB");
    return impl_->mutate(space, [&](Space& s, auto& events) -> Result<ChatMessageView> {
        sp::ChatOp op;
        op.mutable_post()->set_text(text);
        auto id = impl_->submit_one(s, chat_draft(op), events);
        if (!id.ok()) return id.error();
        return impl_->chat_view(s, *s.chat().find(*id));
    });
}

Result<std::vector<ChatMessageView>> Peer::list_chat(const std::string& space,
                                                     std::size_t limit) const {
    std::lock_guard lock(impl_->mutex);
    auto s = impl_->resolve(space);
    if (!s.ok()) return s.error();
    std::vector<ChatMessageView> out;
    auto latest = (*s)->chat().latest(limit);
    out.reserve(latest.size());
    for (const ChatMessage& m : latest) out.push_back(impl_->chat_view(**s, m));
    return out;
}

Result<ChatMessageView> Peer::edit_chat(const std::string& space, const std::string& message_id,
                                        const std::string& text) {
    auto id = parse_message_id(message_id);
    if (!id.ok()) return id.error();
    if (text.empty() || text.size() > kMaxChatTextBytes)
        return make_error(ErrorCode::InvalidArgument, "a chat message must be 1 byte to 64 KiB");
    return impl_->mutate(space, [&](Space& s, auto& events) -> Result<ChatMessageView> {
        auto m = s.chat().find(*id);
        if (!m) return make_error(ErrorCode::NotFound, "no message " + message_id);
        if (m->deleted) return make_error(ErrorCode::FailedPrecondition, "the message is deleted");
        sp::ChatOp op;
        op.mutable_edit()->set_message_id(to_string(*id));
        op.mutable_edit()->set_text(text);
        GROVE_TRY(impl_->submit_one(s, chat_draft(op), events));
        return impl_->chat_view(s, *s.chat().find(*id));
    });
}

Result<ChatMessageView> Peer::delete_chat(const std::string& space,
                                          const std::string& message_id) {
    auto id = parse_message_id(message_id);
    if (!id.ok()) return id.error();
    return impl_->mutate(space, [&](Space& s, auto& events) -> Result<ChatMessageView> {
        auto m = s.chat().find(*id);
        if (!m) return make_error(ErrorCode::NotFound, "no message " + message_id);
        if (!m->deleted) {
            sp::ChatOp op;
            op.mutable_delete_()->set_message_id(to_string(*id));
            GROVE_TRY(impl_->submit_one(s, chat_draft(op), events));
        }
        return impl_->chat_view(s, *s.chat().find(*id));
    });
}

Subscription Peer::subscribe_stored(std::function<void()> callback) {
    return impl_->events.subscribe_stored(std::move(callback));
}

Subscription Peer::subscribe(const std::string& space_id,
                             std::function<void(const SpaceEvent&)> callback) {
    return impl_->events.subscribe(space_id, std::move(callback));
}

}  // namespace grove::platform
