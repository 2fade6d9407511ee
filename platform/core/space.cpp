#include "core/space.h"

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

Space::Space(const SpaceId& id) : id_(id) {}

std::pair<std::unique_ptr<Space>, DecodedDelta> Space::create(const LocalIdentity& creator,
                                                              const std::string& name,
                                                              std::int64_t now_ms) {
    auto salt = crypto::random_array<16>();
    auto space = std::make_unique<Space>(derive_space_id(creator.identity_sign.public_key, salt));
    space->add_epoch_key(1, crypto::random_symmetric_key());

    sp::SpaceOp op;
    auto* genesis = op.mutable_genesis();
    genesis->set_space_salt(to_string(salt));
    genesis->set_name(name);
    genesis->set_created_ms(now_ms);
    *genesis->mutable_creator()->mutable_identity() = creator.card;
    *genesis->mutable_creator()->add_devices() = creator.device_cert;
    genesis->mutable_creator()->set_role(sp::ROLE_MANAGER);

    Draft draft{DeltaKind::DELTA_KIND_SPACE, {}, to_bytes(op.SerializeAsString())};
    auto deltas = space->author(creator, std::span(&draft, 1), now_ms);
    return {std::move(space), std::move(deltas.front())};
}

void Space::add_epoch_key(std::uint32_t epoch, crypto::SymmetricKey key) {
    epoch_keys_.insert_or_assign(epoch, std::move(key));
    current_epoch_ = std::max(current_epoch_, epoch);
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
    const crypto::SymmetricKey* key = epoch_key(current_epoch_);
    for (std::size_t i = 0; i < drafts.size(); ++i) {
        grove::wire::v1::DeltaHeader h;
        h.set_version(kEnvelopeVersion);
        h.set_space_id(to_string(id_));
        h.set_author_device(to_string(device));
        h.set_seq(++progress.seq);
        if (progress.seq > 1) h.set_prev(to_string(progress.last));
        for (const auto& d : deps) h.add_deps(to_string(d));
        h.set_lamport(++lamport);
        h.set_epoch(current_epoch_);
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
        return make_error(ErrorCode::InvalidArgument,
                          "the author's chain is forked: another delta holds seq " +
                              std::to_string(delta.seq));
    if (delta.seq > progress.seq + 1) return Readiness::Missing;
    if (delta.seq > 1 && delta.prev != progress.last)
        return make_error(ErrorCode::InvalidArgument,
                          "the author's chain is forked: prev does not match");
    std::uint64_t floor = delta.seq > 1 ? lamport_of_.at(progress.last) : 0;
    for (const auto& dep : delta.deps) {
        auto it = lamport_of_.find(dep);
        if (it == lamport_of_.end()) return Readiness::Missing;
        floor = std::max(floor, it->second);
    }
    if (delta.header.lamport() <= floor)
        return make_error(ErrorCode::InvalidArgument,
                          "the delta's Lamport clock does not exceed its dependencies'");
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
    if (!key)
        return make_error(ErrorCode::FailedPrecondition,
                          "no content key for epoch " + std::to_string(h.epoch()));
    auto payload = delta.local_payload ? Result<Bytes>(*delta.local_payload)
                                       : open_delta_payload(delta, *key);
    if (!payload.ok()) return payload.error();

    AppliedEffect effect;
    const bool genesis = delta_count_ == 0;
    const MemberRecord* author = nullptr;
    OpOrigin origin;
    origin.delta_id = delta.id;
    origin.device = delta.author;
    origin.lamport = h.lamport();
    origin.wall_time_ms = h.wall_time_ms();

    if (genesis) {
        sp::SpaceOp op;
        if (h.kind() != DeltaKind::DELTA_KIND_SPACE || delta.seq != 1 || !delta.deps.empty() ||
            !op.ParseFromArray(payload->data(), static_cast<int>(payload->size())) ||
            !op.has_genesis())
            return make_error(ErrorCode::InvalidArgument, "a space must begin with its genesis");
        if (op.genesis().space_salt().size() != 16 ||
            derive_space_id(as_bytes(op.genesis().creator().identity().sign_key()),
                            as_bytes(op.genesis().space_salt())) != id_)
            return make_error(ErrorCode::PermissionDenied,
                              "the genesis was not written by this space's creator");
        GROVE_TRY(membership_.apply_genesis(op.genesis(), delta.author));
        name_ = op.genesis().name();
        created_ms_ = op.genesis().created_ms();
        effect.kind = AppliedEffect::Kind::SpaceChanged;
    } else {
        author = membership_.by_device(delta.author);
        if (!author)
            return make_error(ErrorCode::PermissionDenied,
                              "the author is not a member of this space");
        origin.identity = author->identity;
        origin.author_is_manager = author->role == Role::Manager;
        if (author->role == Role::Guest)
            return make_error(ErrorCode::PermissionDenied, "guests may not change the space");
        switch (h.kind()) {
            case DeltaKind::DELTA_KIND_CHAT: {
                sp::ChatOp op;
                if (!op.ParseFromArray(payload->data(), static_cast<int>(payload->size())))
                    return make_error(ErrorCode::InvalidArgument, "chat operation does not parse");
                auto r = chat_.apply(op, origin, &effect.subject);
                if (!r.ok()) return r.error();
                switch (*r) {
                    case ChatState::Effect::Posted: effect.kind = AppliedEffect::Kind::ChatPosted; break;
                    case ChatState::Effect::Edited: effect.kind = AppliedEffect::Kind::ChatEdited; break;
                    case ChatState::Effect::Deleted: effect.kind = AppliedEffect::Kind::ChatDeleted; break;
                    case ChatState::Effect::None: break;
                }
                break;
            }
            case DeltaKind::DELTA_KIND_SPACE: {
                sp::SpaceOp op;
                if (!op.ParseFromArray(payload->data(), static_cast<int>(payload->size())))
                    return make_error(ErrorCode::InvalidArgument, "space operation does not parse");
                auto r = apply_space_op(op, origin, author, delta);
                if (!r.ok()) return r.error();
                effect = *r;
                break;
            }
            case DeltaKind::DELTA_KIND_TOOL: {
                auto instance = *fixed_from<kToolInstanceIdSize>(as_bytes(h.target()));
                auto it = tools_.find(instance);
                if (it == tools_.end() || it->second.removed)
                    return make_error(ErrorCode::NotFound, "no such tool instance in this space");
                effect.kind = AppliedEffect::Kind::ToolChanged;
                effect.tool_instance = instance;
                if (tool_sink_)
                    tool_sink_(ToolEvent{ToolEvent::Kind::Operation, it->second, origin,
                                         author->role, *payload});
                break;
            }
            default:
                return make_error(ErrorCode::InvalidArgument, "unknown delta kind");
        }
    }

    // Record the delta in the log index.
    lamport_of_.emplace(delta.id, h.lamport());
    for (const auto& dep : delta.deps) heads_.erase(dep);
    if (delta.prev) heads_.erase(*delta.prev);
    heads_.insert(delta.id);
    vector_[delta.author] = DeviceProgress{delta.seq, delta.id};
    max_lamport_ = std::max(max_lamport_, h.lamport());
    ++delta_count_;
    return effect;
}

Result<AppliedEffect> Space::apply_space_op(const sp::SpaceOp& op, const OpOrigin& origin,
                                            const MemberRecord* author, const DecodedDelta& delta) {
    AppliedEffect effect;
    effect.kind = AppliedEffect::Kind::SpaceChanged;
    const bool manager = author->role == Role::Manager;
    switch (op.op_case()) {
        case sp::SpaceOp::kRename:
            if (!manager)
                return make_error(ErrorCode::PermissionDenied, "only managers rename a space");
            if (op.rename().name().empty() || op.rename().name().size() > 200)
                return make_error(ErrorCode::InvalidArgument,
                                  "a space name must be 1 to 200 bytes long");
            name_ = op.rename().name();
            return effect;
        case sp::SpaceOp::kAddTool: {
            const auto& add = op.add_tool();
            auto id = fixed_from<kToolInstanceIdSize>(as_bytes(add.instance_id()));
            if (!id || add.tool_id().empty() || add.name().empty() || add.name().size() > 200)
                return make_error(ErrorCode::InvalidArgument, "malformed tool instance");
            if (tools_.count(*id))
                return make_error(ErrorCode::AlreadyExists, "the tool instance exists");
            tools_[*id] = ToolInstanceRecord{*id, add.tool_id(), add.name(), add.min_version(),
                                             origin.identity, false};
            if (tool_sink_)
                tool_sink_(ToolEvent{ToolEvent::Kind::Added, tools_[*id], origin, author->role, {}});
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
                it->second.name = op.rename_tool().name();
                if (tool_sink_)
                    tool_sink_(ToolEvent{ToolEvent::Kind::Renamed, it->second, origin,
                                         author->role, {}});
            } else {
                it->second.removed = true;
                if (tool_sink_)
                    tool_sink_(ToolEvent{ToolEvent::Kind::Removed, it->second, origin,
                                         author->role, {}});
            }
            effect.tool_instance = *id;
            return effect;
        }
        case sp::SpaceOp::kCreateInvitation: {
            const auto& ci = op.create_invitation();
            auto id = fixed_from<16>(as_bytes(ci.invitation_id()));
            auto key = fixed_from<32>(as_bytes(ci.verify_key()));
            if (!id || !key || ci.expires_ms() <= 0 || ci.role() == sp::ROLE_UNSPECIFIED ||
                !sp::Role_IsValid(ci.role()))
                return make_error(ErrorCode::InvalidArgument, "malformed invitation");
            if (!manager)
                return make_error(ErrorCode::PermissionDenied, "only managers create invitations");
            if (invitations_.count(*id))
                return make_error(ErrorCode::AlreadyExists, "the invitation exists");
            invitations_[*id] = InvitationRecord{*id, role_from_proto(ci.role()), ci.expires_ms(),
                                                 *key, origin.identity, {}};
            return effect;
        }
        case sp::SpaceOp::kAdmit: {
            const auto& admit = op.admit();
            auto id = fixed_from<16>(as_bytes(admit.invitation_id()));
            auto it = id ? invitations_.find(*id) : invitations_.end();
            if (it == invitations_.end())
                return make_error(ErrorCode::NotFound, "the admission names no known invitation");
            if (!manager)
                return make_error(ErrorCode::PermissionDenied, "only managers admit members");
            if (delta.header.wall_time_ms() > it->second.expires_ms)
                return make_error(ErrorCode::PermissionDenied, "the invitation had expired");
            const auto& proof = admit.invitation_proof();
            if (proof.size() != 32 + crypto::kSignatureSize || admit.member().devices_size() != 1)
                return make_error(ErrorCode::InvalidArgument, "malformed admission");
            Bytes input = join_signing_input(id_, *id, admit.member().identity(),
                                             admit.member().devices(0),
                                             as_bytes(std::string_view(proof).substr(0, 32)));
            if (!crypto::verify(it->second.verify_key, input,
                                as_bytes(std::string_view(proof).substr(32))))
                return make_error(ErrorCode::PermissionDenied,
                                  "the admission's proof does not match the invitation");
            GROVE_TRY(membership_.admit(admit.member(), it->second.role));
            auto joined = fixed_from<32>(as_bytes(admit.member().identity().sign_key()));
            // Concurrent uses during a partition are all kept (union), so every peer agrees; the
            // admitting device refuses a second use it can see (see docs/replication.md).
            it->second.used_by.push_back(*joined);
            return effect;
        }
        case sp::SpaceOp::kGenesis:
            return make_error(ErrorCode::InvalidArgument, "a space has exactly one genesis");
        default:
            return make_error(ErrorCode::Unavailable,
                              "this space operation is not supported by this version of Grove");
    }
}

std::vector<DeltaId> Space::heads() const { return {heads_.begin(), heads_.end()}; }

const InvitationRecord* Space::invitation(ByteView invitation_id) const {
    auto id = fixed_from<16>(invitation_id);
    if (!id) return nullptr;
    auto it = invitations_.find(*id);
    return it == invitations_.end() ? nullptr : &it->second;
}

Bytes join_signing_input(ByteView space_id, ByteView invitation_id,
                         const sp::IdentityCard& card, const sp::DeviceCert& device,
                         ByteView challenge) {
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
    membership_.digest_into(hasher);
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
