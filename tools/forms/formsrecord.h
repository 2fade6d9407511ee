// FormField and FormRecord: one field of a Forms instance's schema and one record as the state
// keeps them — a last-writer-wins register per attribute or per field value, and the history.
#pragma once

#include <grove/sdk/crdt/lww_register.h>
#include <grove/sdk/types.h>

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "formsflatmap.h"
#include "grove/tools/forms/v1/ops.pb.h"

namespace grove::tools::forms {

using RecordId = sdk::OpId;
using Register = sdk::crdt::LwwRegister<std::string>;

struct FormField {
    std::string id;  // 16 hex digits, derived from the operation that added it
    std::uint64_t created_lamport = 0;
    std::map<int, Register> attributes;  // FieldDef field number → a FieldDef setting only it
    v1::FieldDef def;                    // the attributes merged (kept current by the state)
};

// One operation's effect on a record, for its history: who wrote which fields, when.
struct HistoryEntry {
    enum class Kind : std::uint8_t { Created = 1, Changed = 2, Deleted = 3 };
    sdk::crdt::Stamp stamp;
    sdk::IdentityId author{};
    std::int64_t wall_time_ms = 0;
    Kind kind = Kind::Changed;
    FlatMap<std::string> values;  // field id → canonical Value written
};

struct FormRecord {
    RecordId id{};
    sdk::IdentityId creator{};
    std::uint64_t created_lamport = 0;
    std::int64_t created_ms = 0;
    std::uint32_t created_index = 0;  // its place in the import that made it (0 otherwise)
    bool deleted = false;
    FlatMap<Register> values;           // field id → canonical Value ("" when cleared)
    std::vector<HistoryEntry> history;  // by stamp

    // Creation order: by Lamport time, then place in an import, then id.
    auto creation_order() const { return std::tie(created_lamport, created_index, id); }
    // The field's current value (empty when never set or cleared).
    v1::Value value(const std::string& field_id) const;
};

}  // namespace grove::tools::forms
