// ChecklistState: the replicated state of one checklist — items with a last-writer-wins text and
// done flag each, removal as a tombstone — equal on every peer whatever the delivery order.
#pragma once

#include <grove/sdk/crdt/lww_register.h>
#include <grove/sdk/operation.h>
#include <grove/sdk/result.h>

#include <map>
#include <string>
#include <vector>

namespace example::checklist {

using ItemId = grove::sdk::OpId;

struct Item {
    ItemId id{};
    std::uint64_t created_lamport = 0;
    grove::sdk::crdt::LwwRegister<std::string> text{grove::sdk::crdt::ReplicaId{}};
    grove::sdk::crdt::LwwRegister<bool> done{grove::sdk::crdt::ReplicaId{}};
    bool removed = false;
};

class ChecklistState {
public:
    // What an applied operation did to which item.
    enum class Change { None, Added, Updated, Removed };

    grove::Result<Change> apply(const grove::sdk::Operation& operation, ItemId& changed);

    // Visible items in creation order (Lamport time, then id).
    std::vector<const Item*> items() const;
    const Item* find(const ItemId& id) const;

    grove::sdk::Bytes snapshot() const;
    grove::Result<void> restore(grove::sdk::ByteView snapshot);
    grove::sdk::Digest digest() const;

private:
    std::map<ItemId, Item> items_;
};

}  // namespace example::checklist
