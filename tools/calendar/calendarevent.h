// CalendarEvent: one event (or series) of a Calendar instance as the state keeps it — a
// last-writer-wins register per field, per-occurrence overrides, deleted occurrences, answers.
#pragma once

#include <grove/sdk/crdt/lww_register.h>
#include <grove/sdk/types.h>

#include <map>
#include <optional>
#include <set>
#include <string>

#include "grove/tools/calendar/v1/ops.pb.h"

namespace grove::tools::calendar {

using EventId = sdk::OpId;

// Field number of EventFields → register holding an EventFields that sets that field only.
using FieldRegisters = std::map<int, sdk::crdt::LwwRegister<std::string>>;

struct CalendarEvent {
    EventId id{};
    std::string uid;
    sdk::IdentityId creator{};
    std::uint64_t created_lamport = 0;
    std::int64_t created_ms = 0;
    FieldRegisters fields;
    std::map<std::string, FieldRegisters> overrides;  // recurrence id → changed fields
    std::set<std::string> cancelled;                  // deleted occurrences: grow-only
    std::optional<std::int64_t> ends_before;          // UTC seconds; the earliest split wins
    bool deleted = false;
    std::map<sdk::IdentityId, sdk::crdt::LwwRegister<std::string>> responses;

    // The fields merged from their registers (kept current by the state).
    v1::EventFields resolved;
    std::map<std::string, v1::EventFields> resolved_overrides;

    bool recurring() const { return !resolved.rrule().empty() || resolved.rdates().values_size(); }
    v1::Response response_of(const sdk::IdentityId& who) const;
};

}  // namespace grove::tools::calendar
