#include "core/space.h"

#include <grove/sdk/lastwriterwins.h>

#include <algorithm>
#include <cstring>

#include "crypto/primitives.h"

namespace grove::platform {

using grove::wire::v1::DeltaKind;
namespace sp = grove::space::v1;

SpaceId derive_space_id(ByteView creator_identity, ByteView salt) {
    crypto::Hash h =
        crypto::Hasher("grove.space.id.v1").update(creator_identity).update(salt).finish();
    SpaceId id;
    std::copy_n(h.begin(), id.size(), id.begin());
    return id;
}

Space::Space(const SpaceId& id) : id_(id), frontier_(std::make_unique<AdminState>(id)) {
    cuts_.push_back({});  // cut 0: nothing (before the genesis)
    cut_ids_[{}] = 0;
}

std::pair<std::unique_ptr<Space>, DecodedDelta> Space::create(const LocalIdentity& creator,
                                                              const std::string& name,
                                                              std::int64_t now_ms) {
    auto salt = crypto::random_array<16>();
    auto space = std::make_unique<Space>(derive_space_id(creator.identity_sign.public_key, salt));
    auto key = crypto::random_symmetric_key();
    auto commitment = epoch_key_commitment(space->id(), 1, key.view());
    space->add_epoch_key(1, std::move(key));

    sp::SpaceOp op;
    auto* genesis = op.mutable_genesis();
    genesis->set_space_salt(to_string(salt));
    genesis->set_name(name);
    genesis->set_created_ms(now_ms);
    genesis->set_key_commitment(to_string(commitment));
    *genesis->mutable_creator()->mutable_identity() = creator.card;
    *genesis->mutable_creator()->add_devices() = creator.device_cert;
    genesis->mutable_creator()->set_role(sp::ROLE_MANAGER);

    Draft draft{DeltaKind::DELTA_KIND_SPACE, {}, to_bytes(op.SerializeAsString())};
    auto deltas = space->author(creator, std::span(&draft, 1), now_ms);
    return {std::move(space), std::move(deltas.front())};
}

void Space::add_epoch_key(std::uint32_t epoch, crypto::SymmetricKey key) {
    epoch_keys_.insert_or_assign(epoch, std::move(key));
}

std::uint32_t Space::current_epoch() const {
    return frontier_->has_genesis() ? frontier_->current_epoch() : 1;
}

bool Space::offer_epoch_key(std::uint32_t epoch, const crypto::SymmetricKey& key) {
    auto it = commitments_.find(epoch);
    if (it == commitments_.end()) return false;
    if (epoch_key_commitment(id_, epoch, key.view()) != it->second) return false;
    if (!epoch_key(epoch)) add_epoch_key(epoch, crypto::symmetric_key_from(key.view()));
    return true;
}

bool Space::departure_settled(const crypto::SignPublicKey& identity) const {
    const MemberRecord* rec = frontier_->membership().by_identity(identity);
    if (!rec || !rec->removed) return false;
    std::set<std::string> own;
    for (const auto& d : rec->devices) own.insert(d.device_sign());
    for (std::size_t i = admin_ops_.size(); i-- > 0;) {
        const auto& op = admin_ops_[i].op;
        if (!op.has_remove_member() || op.remove_member().identity() != to_string(identity))
            continue;
        if (!own.count(to_string(admin_ops_[i].author_device))) return true;  // removed
        for (const auto& [device, progress] : vector_) {
            if (own.count(to_string(device))) continue;
            const auto& cut = cuts_[log_.at(progress.last).cut];
            if (std::binary_search(cut.begin(), cut.end(), static_cast<std::uint32_t>(i)))
                return true;  // another member has seen the leave
        }
        return false;
    }
    return true;
}

bool Space::rotation_due() const {
    if (!frontier_->has_genesis()) return false;
    auto it = holders_.find(current_epoch());
    if (it == holders_.end()) return false;
    for (const auto& device : it->second)
        if (!frontier_->membership().by_device(device)) return true;
    return false;
}

std::map<crypto::SignPublicKey, std::vector<std::uint32_t>> Space::keys_to_share() const {
    std::map<crypto::SignPublicKey, std::vector<std::uint32_t>> out;
    for (const auto& device : frontier_->membership().active_devices())
        for (const auto& [epoch, key] : epoch_keys_) {
            auto it = holders_.find(epoch);
            if (!commitments_.count(epoch)) continue;
            if (it == holders_.end() || !it->second.count(device)) out[device].push_back(epoch);
        }
    return out;
}

Space::CutId Space::intern(std::vector<std::uint32_t> ops) {
    auto it = cut_ids_.find(ops);
    if (it != cut_ids_.end()) return it->second;
    auto id = static_cast<CutId>(cuts_.size());
    cuts_.push_back(ops);
    cut_ids_.emplace(std::move(ops), id);
    return id;
}

Space::CutId Space::join(CutId a, CutId b) {
    if (a == b) return a;
    const auto& x = cuts_[a];
    const auto& y = cuts_[b];
    if (std::includes(x.begin(), x.end(), y.begin(), y.end())) return a;
    if (std::includes(y.begin(), y.end(), x.begin(), x.end())) return b;
    std::vector<std::uint32_t> u;
    std::set_union(x.begin(), x.end(), y.begin(), y.end(), std::back_inserter(u));
    return intern(std::move(u));
}

Space::CutId Space::parent_cut(const DecodedDelta& delta) const {
    // Callers join through the non-const path; this one only answers the common case where
    // every predecessor shares one cut (returns UINT32_MAX otherwise).
    CutId cut = 0;
    bool first = true;
    auto visit = [&](const DeltaId& id) {
        auto c = log_.at(id).cut;
        if (first) {
            cut = c;
            first = false;
        } else if (c != cut) {
            cut = UINT32_MAX;
        }
    };
    if (delta.prev) visit(*delta.prev);
    for (const auto& dep : delta.deps) {
        if (cut == UINT32_MAX) break;
        visit(dep);
    }
    return cut;
}

std::unique_ptr<AdminState> Space::fold(const std::vector<std::uint32_t>& ops) const {
    AdminFoldContext ctx{admin_ops_, [this](std::uint32_t op, std::uint32_t of) {
                             const auto& past = cuts_[admin_op_past_[of]];
                             return std::binary_search(past.begin(), past.end(), op);
                         }};
    return fold_admin_ops(id_, ops, ctx);
}

const AdminState& Space::state_at(CutId cut) {
    if (cut == frontier_cut_) return *frontier_;
    auto it = states_.find(cut);
    if (it != states_.end()) return *it->second;
    if (states_.size() >= 64) states_.clear();
    auto& slot = states_[cut];
    slot = fold(cuts_[cut]);
    return *slot;
}

void Space::record_admin_op(AdminOp op, const DecodedDelta& delta, CutId& cut) {
    bool canonical_last = true;
    for (const auto& other : admin_ops_)
        if (op.before(other)) {
            canonical_last = false;
            break;
        }
    // Epochs the operation starts, with their key commitments.
    const grove::space::v1::EpochStart* start = nullptr;
    const auto& o = op.op;
    if (o.has_change_role() && o.change_role().has_new_epoch())
        start = &o.change_role().new_epoch();
    if (o.has_remove_member() && o.remove_member().has_new_epoch())
        start = &o.remove_member().new_epoch();
    if (o.has_rotate_epoch()) start = &o.rotate_epoch().new_epoch();
    if (o.has_revoke_device() && o.revoke_device().has_new_epoch())
        start = &o.revoke_device().new_epoch();
    if (start) {
        commitments_.emplace(start->epoch(), *fixed_from<32>(as_bytes(start->key_commitment())));
        holders_[start->epoch()].insert(delta.author);
    }
    if (o.has_genesis()) {
        if (auto c = fixed_from<32>(as_bytes(o.genesis().key_commitment()))) commitments_[1] = *c;
        holders_[1].insert(delta.author);
    }

    // Whose devices the operation's certificates name, and whom it excludes.
    for_each_certified_device(
        op, [&](const crypto::SignPublicKey& device, const crypto::SignPublicKey& identity) {
            device_identities_[device].insert(identity);
        });
    auto exclusion = exclusion_of(op);
    // An operation that may void others or be voided: the whole set is folded again.
    bool contested = exclusion.has_value() || excluded_.count(op.author_device) != 0;
    if (auto it = device_identities_.find(op.author_device); it != device_identities_.end())
        for (const auto& identity : it->second) contested |= excluded_.count(identity) != 0;
    if (exclusion) excluded_.insert(exclusion->target);

    auto index = static_cast<std::uint32_t>(admin_ops_.size());
    admin_ops_.push_back(std::move(op));
    admin_op_past_.push_back(cut);
    std::vector<std::uint32_t> with = cuts_[cut];
    with.push_back(index);  // indices grow: still sorted
    cut = intern(std::move(with));

    std::vector<std::uint32_t> all(admin_ops_.size());
    for (std::uint32_t i = 0; i < all.size(); ++i) all[i] = i;
    CutId all_cut = intern(std::move(all));
    if (canonical_last && !contested) {
        (void)frontier_->apply(admin_ops_.back());  // valid in its own past; may be void here
    } else {
        frontier_ = fold(cuts_[all_cut]);  // a concurrent earlier operation, or voiding
    }
    frontier_cut_ = all_cut;
    states_.erase(all_cut);
}

const crypto::SymmetricKey* Space::epoch_key(std::uint32_t epoch) const {
    auto it = epoch_keys_.find(epoch);
    return it == epoch_keys_.end() ? nullptr : &it->second;
}

std::vector<DecodedDelta> Space::author(const LocalIdentity& me, std::span<const Draft> drafts,
                                        std::int64_t now_ms) {
    std::vector<DecodedDelta> out;
    out.reserve(drafts.size());
    const auto& device = me.device_sign.public_key;
    DeviceProgress progress;
    if (auto it = vector_.find(device); it != vector_.end()) progress = it->second;
    std::vector<DeltaId> deps = heads();
    std::sort(deps.begin(), deps.end());
    std::uint64_t lamport = max_lamport_;
    const std::uint32_t epoch = current_epoch();
    const crypto::SymmetricKey* key = epoch_key(epoch);
    if (!key) return out;  // callers check can_author() first
    for (std::size_t i = 0; i < drafts.size(); ++i) {
        grove::wire::v1::DeltaHeader h;
        h.set_version(kEnvelopeVersion);
        h.set_space_id(to_string(id_));
        h.set_author_device(to_string(device));
        h.set_seq(++progress.seq);
        if (progress.seq > 1) h.set_prev(to_string(progress.last));
        for (const auto& d : deps) h.add_deps(to_string(d));
        h.set_lamport(++lamport);
        h.set_epoch(epoch);
        h.set_kind(drafts[i].kind);
        if (!drafts[i].target.empty()) h.set_target(to_string(drafts[i].target));
        h.set_wall_time_ms(now_ms);
        for (const auto& wrap : drafts[i].epoch_keys) *h.add_epoch_keys() = wrap;
        bool last = i + 1 == drafts.size();
        out.push_back(seal_delta(std::move(h), drafts[i].payload, *key,
                                 last ? &me.device_sign.secret_key : nullptr));
        progress.last = out.back().id;
        // Within a batch each delta depends on its predecessor only (through `prev`).
        deps.clear();
    }
    return out;
}

Result<Space::Readiness> Space::readiness(const DecodedDelta& delta) const {
    if (knows(delta.id)) return Readiness::Duplicate;
    if (delta.header.space_id() != to_string(id_))
        return make_error(ErrorCode::InvalidArgument, "the delta belongs to another space");
    DeviceProgress progress;
    if (auto it = vector_.find(delta.author); it != vector_.end()) progress = it->second;
    if (delta.seq <= progress.seq)
        return make_error(
            ErrorCode::InvalidArgument,
            "the author's chain is forked: another delta holds seq " + std::to_string(delta.seq));
    if (delta.seq > progress.seq + 1) return Readiness::Missing;
    if (delta.seq > 1 && delta.prev != progress.last)
        return make_error(ErrorCode::InvalidArgument,
                          "the author's chain is forked: prev does not match");
    std::uint64_t floor = delta.seq > 1 ? log_.at(progress.last).lamport : 0;
    for (const auto& dep : delta.deps) {
        const LogEntry* entry = log_.get(dep);
        if (!entry) return Readiness::Missing;
        floor = std::max(floor, entry->lamport);
    }
    if (delta.header.lamport() <= floor)
        return make_error(ErrorCode::InvalidArgument,
                          "the delta's Lamport clock does not exceed its dependencies'");
    if (!delta.local_payload && !epoch_key(delta.header.epoch())) return Readiness::NeedsKey;
    return Readiness::Ready;
}

Result<AppliedEffect> Space::apply(const DecodedDelta& delta) {
    auto ready = readiness(delta);
    if (!ready.ok()) return ready.error();
    if (*ready == Readiness::Duplicate) return AppliedEffect{};
    if (*ready == Readiness::Missing)
        return make_error(ErrorCode::FailedPrecondition, "the delta's dependencies are missing");

    const auto& h = delta.header;
    const crypto::SymmetricKey* key = epoch_key(h.epoch());
    if (!key && !delta.local_payload)
        return make_error(ErrorCode::FailedPrecondition,
                          "no content key for epoch " + std::to_string(h.epoch()));
    auto payload =
        delta.local_payload ? Result<Bytes>(*delta.local_payload) : open_delta_payload(delta, *key);
    if (!payload.ok()) return payload.error();

    AppliedEffect effect;
    OpOrigin origin;
    origin.delta_id = delta.id;
    origin.device = delta.author;
    origin.lamport = h.lamport();
    origin.wall_time_ms = h.wall_time_ms();

    // The administrative state of the delta's causal past decides what it may do.
    CutId cut = parent_cut(delta);
    if (cut == UINT32_MAX) {
        cut = delta.prev ? log_.at(*delta.prev).cut : 0;
        for (const auto& dep : delta.deps) cut = join(cut, log_.at(dep).cut);
    }
    if (delta_count_ == 0) {
        sp::SpaceOp op;
        if (h.kind() != DeltaKind::DELTA_KIND_SPACE || delta.seq != 1 || !delta.deps.empty() ||
            h.epoch() != 1 ||
            !op.ParseFromArray(payload->data(), static_cast<int>(payload->size())) ||
            !op.has_genesis())
            return make_error(ErrorCode::InvalidArgument, "a space must begin with its genesis");
        if (op.genesis().space_salt().size() != 16 ||
            derive_space_id(as_bytes(op.genesis().creator().identity().sign_key()),
                            as_bytes(op.genesis().space_salt())) != id_)
            return make_error(ErrorCode::PermissionDenied,
                              "the genesis was not written by this space's creator");
        if (!op.genesis().key_commitment().empty() &&
            op.genesis().key_commitment().size() != crypto::kHashSize)
            return make_error(ErrorCode::InvalidArgument, "malformed genesis key commitment");
        AdminOp admin{delta.id, h.lamport(), delta.author, h.wall_time_ms(), op};
        AdminState trial(id_);
        GROVE_TRY(trial.apply(admin));
        name_ = op.genesis().name();
        genesis_salt_ = op.genesis().space_salt();
        creator_identity_ = op.genesis().creator().identity().sign_key();
        name_lamport_ = h.lamport();
        name_device_ = delta.author;
        created_ms_ = op.genesis().created_ms();
        if (auto creator = fixed_from<32>(as_bytes(op.genesis().creator().identity().sign_key())))
            origin.identity = *creator;
        record_admin_op(std::move(admin), delta, cut);
        effect.kind = AppliedEffect::Kind::SpaceChanged;
    } else {
        const AdminState& state = state_at(cut);
        if (h.epoch() != state.current_epoch())
            return make_error(ErrorCode::PermissionDenied,
                              "the delta is sealed under epoch " + std::to_string(h.epoch()) +
                                  ", not the epoch its history had started (" +
                                  std::to_string(state.current_epoch()) + ")");
        const MemberRecord* author = state.membership().by_device(delta.author);
        if (!author)
            return make_error(ErrorCode::PermissionDenied,
                              "the author is not a member of this space");
        origin.identity = author->identity;
        origin.author_is_manager = author->role == Role::Manager;
        const Role author_role = author->role;
        sp::SpaceOp space_op;
        const bool space_kind = h.kind() == DeltaKind::DELTA_KIND_SPACE;
        if (space_kind &&
            !space_op.ParseFromArray(payload->data(), static_cast<int>(payload->size())))
            return make_error(ErrorCode::InvalidArgument, "space operation does not parse");
        if (space_kind && is_admin_op(space_op)) {
            // Checked against the causal past; its effect at the frontier follows the fold.
            AdminOp admin{delta.id, h.lamport(), delta.author, h.wall_time_ms(),
                          std::move(space_op)};
            AdminState trial = state;
            GROVE_TRY(trial.apply(admin));
            record_admin_op(std::move(admin), delta, cut);
            effect.kind = AppliedEffect::Kind::SpaceChanged;
            // Members, roles or devices may have changed: the space's tools re-read them.
            if (tool_sink_)
                tool_sink_(ToolEvent{ToolEvent::Kind::MembersChanged, {}, origin, author_role, {}});
        } else {
            if (author_role == Role::Guest)
                return make_error(ErrorCode::PermissionDenied, "guests may not change the space");
            switch (h.kind()) {
                case DeltaKind::DELTA_KIND_CHAT: {
                    sp::ChatOp op;
                    if (!op.ParseFromArray(payload->data(), static_cast<int>(payload->size())))
                        return make_error(ErrorCode::InvalidArgument,
                                          "chat operation does not parse");
                    auto r = chat_.apply(op, origin, &effect.subject);
                    if (!r.ok()) return r.error();
                    switch (*r) {
                        case ChatState::Effect::Posted:
                            effect.kind = AppliedEffect::Kind::ChatPosted;
                            break;
                        case ChatState::Effect::Edited:
                            effect.kind = AppliedEffect::Kind::ChatEdited;
                            break;
                        case ChatState::Effect::Deleted:
                            effect.kind = AppliedEffect::Kind::ChatDeleted;
                            break;
                        case ChatState::Effect::None:
                            break;
                    }
                    break;
                }
                case DeltaKind::DELTA_KIND_SPACE: {
                    auto r = apply_space_op(space_op, origin, author);
                    if (!r.ok()) return r.error();
                    effect = *r;
                    break;
                }
                case DeltaKind::DELTA_KIND_TOOL: {
                    auto instance = *fixed_from<kToolInstanceIdSize>(as_bytes(h.target()));
                    auto it = tools_.find(instance);
                    if (it == tools_.end() || it->second.removed)
                        return make_error(ErrorCode::NotFound,
                                          "no such tool instance in this space");
                    effect.kind = AppliedEffect::Kind::ToolChanged;
                    effect.tool_instance = instance;
                    if (tool_sink_)
                        tool_sink_(ToolEvent{ToolEvent::Kind::Operation, it->second, origin,
                                             author_role, *payload});
                    break;
                }
                default:
                    return make_error(ErrorCode::InvalidArgument, "unknown delta kind");
            }
        }
    }

    effect.author_device = delta.author;
    effect.author_identity = origin.identity;

    // Who was handed which key (for rotations and sharing).
    for (const auto& w : h.epoch_keys())
        if (auto device = fixed_from<32>(as_bytes(w.device())))
            holders_[w.epoch() ? w.epoch() : h.epoch()].insert(*device);

    // Record the delta in the log index.
    log_.append(LogEntry{delta.id, h.lamport(), cut});
    for (const auto& dep : delta.deps) heads_.erase(dep);
    if (delta.prev) heads_.erase(*delta.prev);
    heads_.insert(delta.id);
    vector_[delta.author] = DeviceProgress{delta.seq, delta.id};
    max_lamport_ = std::max(max_lamport_, h.lamport());
    ++delta_count_;
    return effect;
}

Result<AppliedEffect> Space::apply_space_op(const sp::SpaceOp& op, const OpOrigin& origin,
                                            const MemberRecord* author) {
    AppliedEffect effect;
    effect.kind = AppliedEffect::Kind::SpaceChanged;
    const bool manager = author->role == Role::Manager;
    // Names keep their last write (grove/sdk/lastwriterwins.h: Lamport time, then device).
    auto newer = [&](std::uint64_t lamport, const crypto::SignPublicKey& device) {
        return sdk::later_write(origin.lamport, origin.device, lamport, device);
    };
    switch (op.op_case()) {
        case sp::SpaceOp::kRename:
            if (!manager)
                return make_error(ErrorCode::PermissionDenied, "only managers rename a space");
            if (op.rename().name().empty() || op.rename().name().size() > 200)
                return make_error(ErrorCode::InvalidArgument,
                                  "a space name must be 1 to 200 bytes long");
            if (newer(name_lamport_, name_device_)) {
                name_ = op.rename().name();
                name_lamport_ = origin.lamport;
                name_device_ = origin.device;
            }
            return effect;
        case sp::SpaceOp::kAddTool: {
            const auto& add = op.add_tool();
            auto id = fixed_from<kToolInstanceIdSize>(as_bytes(add.instance_id()));
            if (!id || add.tool_id().empty() || add.name().empty() || add.name().size() > 200)
                return make_error(ErrorCode::InvalidArgument, "malformed tool instance");
            if (tools_.count(*id))
                return make_error(ErrorCode::AlreadyExists, "the tool instance exists");
            tools_[*id] = ToolInstanceRecord{
                *id,   add.tool_id(),  add.name(),   add.min_version(), origin.identity,
                false, origin.lamport, origin.device};
            if (tool_sink_)
                tool_sink_(
                    ToolEvent{ToolEvent::Kind::Added, tools_[*id], origin, author->role, {}});
            effect.tool_instance = *id;
            return effect;
        }
        case sp::SpaceOp::kRenameTool:
        case sp::SpaceOp::kRemoveTool: {
            const std::string& raw = op.has_rename_tool() ? op.rename_tool().instance_id()
                                                          : op.remove_tool().instance_id();
            auto id = fixed_from<kToolInstanceIdSize>(as_bytes(raw));
            auto it = id ? tools_.find(*id) : tools_.end();
            if (it == tools_.end() || it->second.removed)
                return make_error(ErrorCode::NotFound, "no such tool instance");
            if (!manager && it->second.added_by != origin.identity)
                return make_error(ErrorCode::PermissionDenied,
                                  "only managers or whoever added it may change a tool instance");
            if (op.has_rename_tool()) {
                if (op.rename_tool().name().empty() || op.rename_tool().name().size() > 200)
                    return make_error(ErrorCode::InvalidArgument, "bad tool instance name");
                if (newer(it->second.name_lamport, it->second.name_device)) {
                    it->second.name = op.rename_tool().name();
                    it->second.name_lamport = origin.lamport;
                    it->second.name_device = origin.device;
                    if (tool_sink_)
                        tool_sink_(ToolEvent{
                            ToolEvent::Kind::Renamed, it->second, origin, author->role, {}});
                }
            } else {
                it->second.removed = true;
                if (tool_sink_)
                    tool_sink_(
                        ToolEvent{ToolEvent::Kind::Removed, it->second, origin, author->role, {}});
            }
            effect.tool_instance = *id;
            return effect;
        }
        default:
            return make_error(ErrorCode::Unavailable,
                              "this space operation is not supported by this version of Grove");
    }
}

std::vector<DeltaId> Space::heads() const {
    return {heads_.begin(), heads_.end()};
}

const InvitationRecord* Space::invitation(ByteView invitation_id) const {
    auto id = fixed_from<16>(invitation_id);
    if (!id) return nullptr;
    auto it = frontier_->invitations().find(*id);
    return it == frontier_->invitations().end() ? nullptr : &it->second;
}

Bytes join_signing_input(ByteView space_id, ByteView invitation_id, const sp::IdentityCard& card,
                         const sp::DeviceCert& device, ByteView challenge) {
    crypto::Hasher hasher("grove.join.v1");
    Bytes len;
    auto field = [&](ByteView b) {
        len.clear();
        append_u32le(len, static_cast<std::uint32_t>(b.size()));
        hasher.update(len).update(b);
    };
    field(space_id);
    field(invitation_id);
    field(as_bytes(card.SerializeAsString()));
    field(as_bytes(device.SerializeAsString()));
    field(challenge);
    auto digest = hasher.finish();
    Bytes out = to_bytes("grove.join.proof.v1");
    append(out, digest);
    return out;
}

crypto::Hash Space::heads_digest() const {
    auto hs = heads();
    std::sort(hs.begin(), hs.end());
    crypto::Hasher hasher("grove.heads.v1");
    for (const auto& h : hs) hasher.update(h);
    return hasher.finish();
}

crypto::Hash Space::state_digest() const {
    crypto::Hasher hasher("grove.state.v1");
    hasher.update(name_);
    frontier_->digest_into(hasher);
    chat_.digest_into(hasher);
    Bytes buf;
    for (const auto& [id, t] : tools_) {
        buf.clear();
        append(buf, id);
        append(buf, as_bytes(t.tool_id));
        buf.push_back(0);
        append(buf, as_bytes(t.name));
        buf.push_back(t.removed ? 1 : 0);
        if (tool_digest_ && !t.removed) append(buf, tool_digest_(id));
        hasher.update(buf);
    }
    return hasher.finish();
}

}  // namespace grove::platform
