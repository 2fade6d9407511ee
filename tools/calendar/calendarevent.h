// CalendarEvent: one event (or series) of a Calendar instance as the state keeps it — a
// last-writer-wins register per field, per-occurrence overrides, deleted occurrences, answers.
#pragma once

#include <grove/sdk/crdt/lww_register.h>
#include <grove/sdk/types.h>
#include <libical/ical.h>

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

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
    // Derived, kept current with them (not replicated): each changed occurrence's complete fields
    // (the series' with its changes), and UTC seconds outside which the event has no occurrence
    // (a day of slack each side; open-ended rules reach the maximum), so a range query skips it.
    std::map<std::string, v1::EventFields> merged_overrides;
    std::int64_t extent_from = std::numeric_limits<std::int64_t>::min();
    std::int64_t extent_to = std::numeric_limits<std::int64_t>::max();
    // A rule with a bounded number of occurrences (COUNT or UNTIL), walked once by libical:
    // each occurrence's local start in the event's zone and its UTC start, in order.
    struct RuleStart {
        std::int64_t utc = 0;
        icaltimetype local{};
    };
    std::optional<std::vector<RuleStart>> rule_starts;

    bool recurring() const { return !resolved.rrule().empty() || resolved.rdates().values_size(); }
    v1::Response response_of(const sdk::IdentityId& who) const;
};

}  // namespace grove::tools::calendar
