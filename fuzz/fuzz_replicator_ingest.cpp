// Remote ingest into a real space (Replicator::ingest on Ada's peer: decode, authenticate chains,
// order, pending buffer, Space::apply, store), two ways:
//   mode byte even: the rest is a grove.net.v1.Deltas batch from the wire, as a peer sends it;
//   mode byte odd:  the rest is a list of operations that Bob — a participant, i.e. a member
//                   holding the content key and a device key — seals and signs validly, so hostile
//                   payloads of every kind reach the space's rules (permissions, op parsing).
// A rejected delta changes nothing; ingest itself never fails on bad content.
#include "fuzz_support.h"

using namespace grove;
using namespace grove::fuzz;
namespace nv = grove::net::v1;
namespace sp = grove::space::v1;
using grove::wire::v1::DeltaKind;

namespace {

std::string op_record(DeltaKind kind, const std::string& target, const google::protobuf::MessageLite& op) {
    // Record: kind byte, target length byte, target, payload.
    std::string r(1, static_cast<char>(kind));
    r.push_back(static_cast<char>(target.size()));
    return r + target + op.SerializeAsString();
}

}  // namespace

void grove_fuzz_seeds(Seeds& seeds) {
    World& w = World::get();
    sp::ChatOp post, edit, del;
    post.mutable_post()->set_text("a hostile member writes");
    edit.mutable_edit()->set_message_id(std::string(32, 'm'));
    edit.mutable_edit()->set_text("edited");
    del.mutable_delete_()->set_message_id(std::string(32, 'm'));
    sp::SpaceOp rename, add_tool, rename_tool, remove_tool, invite;
    rename.mutable_rename()->set_name("renamed");
    add_tool.mutable_add_tool()->set_instance_id(std::string(16, 'i'));
    add_tool.mutable_add_tool()->set_tool_id("org.grove.discussion");
    add_tool.mutable_add_tool()->set_name("Planning");
    add_tool.mutable_add_tool()->set_min_version("1.0.0");
    rename_tool.mutable_rename_tool()->set_instance_id(std::string(16, 'i'));
    rename_tool.mutable_rename_tool()->set_name("Talk");
    remove_tool.mutable_remove_tool()->set_instance_id(std::string(16, 'i'));
    invite.mutable_create_invitation()->set_invitation_id(std::string(16, 'v'));
    invite.mutable_create_invitation()->set_expires_ms(1900000000000);
    invite.mutable_create_invitation()->set_verify_key(std::string(32, 'k'));
    const std::string tool_target(16, 'i');
    seeds.add(std::string(1, '\1') +
              join_records({op_record(grove::wire::v1::DELTA_KIND_CHAT, "", post),
                            op_record(grove::wire::v1::DELTA_KIND_CHAT, "", edit),
                            op_record(grove::wire::v1::DELTA_KIND_CHAT, "", del)}));
    seeds.add(std::string(1, '\1') +
              join_records({op_record(grove::wire::v1::DELTA_KIND_SPACE, "", add_tool),
                            op_record(grove::wire::v1::DELTA_KIND_SPACE, "", rename_tool),
                            op_record(grove::wire::v1::DELTA_KIND_SPACE, "", remove_tool)}));
    seeds.add(std::string(1, '\1') +
              join_records({op_record(grove::wire::v1::DELTA_KIND_SPACE, "", rename),
                            op_record(grove::wire::v1::DELTA_KIND_SPACE, "", invite),
                            op_record(grove::wire::v1::DELTA_KIND_TOOL, tool_target, post)}));
    // Wire batches: Bob's valid deltas (applied on first sight, then duplicates), and a chain
    // of a stranger.
    nv::Deltas batch;
    batch.set_space_id(to_string(w.space));
    for (const auto& d : w.bob_authors({{grove::wire::v1::DELTA_KIND_CHAT, {}, to_bytes(post.SerializeAsString())},
                                        {grove::wire::v1::DELTA_KIND_CHAT, {}, to_bytes(post.SerializeAsString())}}))
        *batch.add_deltas() = d.sealed;
    seeds.add(std::string(1, '\0') + batch.SerializeAsString());
    nv::Deltas strangers;
    strangers.set_space_id(to_string(w.space));
    for (const auto& d : standalone_chain(2)) *strangers.add_deltas() = d.sealed;
    seeds.add(std::string(1, '\0') + strangers.SerializeAsString());
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    World& w = World::get();
    Replicator ada(*w.ada);
    std::vector<grove::wire::v1::SealedDelta> deltas;
    SpaceId space = w.space;
    if (data[0] % 2 == 0) {
        nv::Deltas batch;
        if (!batch.ParseFromArray(data + 1, static_cast<int>(size - 1))) return 0;
        if (static_cast<std::size_t>(batch.deltas_size()) > Replicator::kMaxBatchDeltas) return 0;
        deltas.assign(batch.deltas().begin(), batch.deltas().end());
        // The space the sender names (usually ours; another is NotFound).
        if (auto id = fixed_from<kSpaceIdSize>(as_bytes(batch.space_id())); id && (data[0] & 2)) space = *id;
    } else {
        std::vector<Space::Draft> drafts;
        for (const auto& r : split_records(data + 1, size - 1, 8)) {
            if (r.size() < 2) continue;
            Space::Draft d;
            d.kind = static_cast<DeltaKind>(static_cast<std::uint8_t>(r[0]) % 4);
            const std::size_t tlen = std::min<std::size_t>(static_cast<std::uint8_t>(r[1]), r.size() - 2);
            d.target = to_bytes(std::string_view(r).substr(2, tlen));
            d.payload = to_bytes(std::string_view(r).substr(2 + tlen));
            drafts.push_back(std::move(d));
        }
        if (drafts.empty()) return 0;
        for (auto& d : w.bob_authors(std::move(drafts))) deltas.push_back(std::move(d.sealed));
    }
    const std::size_t n = deltas.size();
    auto before = w.ada->sync_status(w.space_hex);
    GROVE_FUZZ_CHECK(before.ok());
    auto report = ada.ingest(space, std::move(deltas));
    if (!report.ok()) {
        GROVE_FUZZ_CHECK(space != w.space && report.error().code == ErrorCode::NotFound);
        return 0;
    }
    // Deltas held pending from earlier batches are retried too; `pending` counts the space's
    // whole buffer.
    GROVE_FUZZ_CHECK(report->applied + report->duplicates + report->rejected <= n + before->pending);
    auto after = w.ada->sync_status(w.space_hex);
    GROVE_FUZZ_CHECK(after.ok());
    GROVE_FUZZ_CHECK(after->delta_count == before->delta_count + report->applied);
    if (report->applied == 0) GROVE_FUZZ_CHECK(after->heads_digest == before->heads_digest);
    return 0;
}
