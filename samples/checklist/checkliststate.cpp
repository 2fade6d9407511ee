#include "checkliststate.h"

#include <grove/sdk/crdt/digest.h>
#include <grove/sdk/crdt/replica_id.h>

#include <algorithm>

#include "checklist.pb.h"

namespace example::checklist {
namespace crdt = grove::sdk::crdt;
namespace pb = org::example::checklist::v1;
using grove::ErrorCode;
using grove::make_error;

namespace {

bool to_id(const std::string& bytes, ItemId& out) {
    return grove::sdk::copy_id(grove::sdk::as_bytes(bytes), out);
}
std::string bytes_of(const ItemId& id) {
    return std::string(reinterpret_cast<const char*>(id.data()), id.size());
}

}  // namespace

grove::Result<ChecklistState::Change> ChecklistState::apply(const grove::sdk::Operation& op,
                                                            ItemId& changed) {
    pb::ChecklistOp message;
    if (!message.ParseFromArray(op.payload.data(), static_cast<int>(op.payload.size())))
        return make_error(ErrorCode::InvalidArgument, "not a checklist operation");
    if (op.author_role == grove::sdk::Role::Guest)
        return make_error(ErrorCode::PermissionDenied, "guests cannot change the checklist");
    const crdt::Stamp stamp{op.lamport, crdt::ReplicaId::from_device_key(op.author_device)};

    if (message.has_add()) {
        if (message.add().text().empty() || message.add().text().size() > 1000)
            return make_error(ErrorCode::InvalidArgument, "an item needs 1 to 1000 bytes of text");
        Item item;
        item.id = op.id;
        item.created_lamport = op.lamport;
        (void)item.text.apply({stamp, message.add().text()});
        (void)item.done.apply({stamp, false});
        changed = op.id;
        return items_.emplace(op.id, std::move(item)).second ? Change::Added : Change::None;
    }
    std::string raw_id = message.has_set_text()   ? message.set_text().item_id()
                         : message.has_set_done() ? message.set_done().item_id()
                         : message.has_remove()   ? message.remove().item_id()
                                                  : std::string();
    if (message.op_case() == pb::ChecklistOp::OP_NOT_SET)
        return Change::None;  // from a newer version
    if (!to_id(raw_id, changed)) return make_error(ErrorCode::InvalidArgument, "bad item id");
    auto it = items_.find(changed);
    if (it == items_.end()) return make_error(ErrorCode::NotFound, "no such item");
    Item& item = it->second;
    if (item.removed) return Change::None;  // removal wins over concurrent changes
    if (message.has_remove()) {
        item.removed = true;
        item.text = crdt::LwwRegister<std::string>(crdt::ReplicaId{});
        item.done = crdt::LwwRegister<bool>(crdt::ReplicaId{});
        return Change::Removed;
    }
    if (message.has_set_text()) {
        if (message.set_text().text().empty())
            return make_error(ErrorCode::InvalidArgument, "empty text");
        (void)item.text.apply({stamp, message.set_text().text()});
    } else {
        (void)item.done.apply({stamp, message.set_done().done()});
    }
    return Change::Updated;
}

std::vector<const Item*> ChecklistState::items() const {
    std::vector<const Item*> out;
    for (const auto& [id, item] : items_)
        if (!item.removed) out.push_back(&item);
    std::sort(out.begin(), out.end(), [](const Item* a, const Item* b) {
        return std::tie(a->created_lamport, a->id) < std::tie(b->created_lamport, b->id);
    });
    return out;
}

const Item* ChecklistState::find(const ItemId& id) const {
    auto it = items_.find(id);
    return it == items_.end() ? nullptr : &it->second;
}

grove::sdk::Bytes ChecklistState::snapshot() const {
    pb::ChecklistSnapshot snapshot;
    for (const auto& [id, item] : items_) {
        auto* out = snapshot.add_items();
        out->set_id(bytes_of(id));
        out->set_created_lamport(item.created_lamport);
        auto text = item.text.snapshot();
        auto done = item.done.snapshot();
        out->set_text(std::string(text.begin(), text.end()));
        out->set_done(std::string(done.begin(), done.end()));
        out->set_removed(item.removed);
    }
    std::string bytes = snapshot.SerializeAsString();
    return grove::sdk::Bytes(bytes.begin(), bytes.end());
}

grove::Result<void> ChecklistState::restore(grove::sdk::ByteView bytes) {
    pb::ChecklistSnapshot snapshot;
    if (!snapshot.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
        return make_error(ErrorCode::DataLoss, "not a checklist snapshot");
    std::map<ItemId, Item> items;
    for (const auto& in : snapshot.items()) {
        Item item;
        auto text = crdt::LwwRegister<std::string>::restore(crdt::ReplicaId{},
                                                            grove::sdk::as_bytes(in.text()));
        auto done =
            crdt::LwwRegister<bool>::restore(crdt::ReplicaId{}, grove::sdk::as_bytes(in.done()));
        if (!to_id(in.id(), item.id) || !text.ok() || !done.ok())
            return make_error(ErrorCode::DataLoss, "a malformed item in the snapshot");
        item.created_lamport = in.created_lamport();
        item.text = std::move(text.value());
        item.done = std::move(done.value());
        item.removed = in.removed();
        items.emplace(item.id, std::move(item));
    }
    items_ = std::move(items);
    return {};
}

grove::sdk::Digest ChecklistState::digest() const {
    crdt::Hasher256 hasher;
    hasher.update("org.example.checklist.v1");
    for (const auto& [id, item] : items_) {
        hasher.update(id.data(), id.size());
        hasher.update_u64(item.created_lamport);
        hasher.update_u64(item.removed ? 1 : 0);
        if (item.removed) continue;
        const std::string text = item.text.value().value_or("");
        hasher.update_u64(text.size());
        hasher.update(text);
        hasher.update_u64(item.done.value().value_or(false) ? 1 : 0);
    }
    auto digest = hasher.finish();
    grove::sdk::Digest out{};
    std::copy(digest.begin(), digest.end(), out.begin());
    return out;
}

}  // namespace example::checklist
