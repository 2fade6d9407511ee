// CalendarState: the replicated state of one Calendar instance — events with a register per
// field, occurrence overrides, deleted occurrences and answers — equal on every peer whatever the
// causal delivery order of the same operations.
#pragma once

#include <grove/sdk/operation.h>
#include <grove/sdk/result.h>

#include <map>
#include <string>
#include <vector>

#include "calendarevent.h"

namespace grove::tools::calendar {

// What one applied operation changed, for the model and the gRPC Watch stream.
struct CalendarChange {
    enum class Kind { None, Created, Changed, Deleted, Imported };
    Kind kind = Kind::None;
    std::vector<EventId> events;   // the events touched (Imported: every one)
    std::vector<EventId> created;  // those of them that are new
};

class CalendarState {
public:
    static constexpr std::size_t kMaxTitleBytes = 1024;
    static constexpr std::size_t kMaxTextBytes = 64 * 1024;
    static constexpr std::size_t kMaxListEntries = 1000;

    // Decodes a grove.tools.calendar.v1.CalendarOp and applies it. Errors are deterministic
    // rejections (malformed, unknown event, a guest writing): nothing changes. An operation kind
    // this version does not know is accepted with no effect.
    Result<CalendarChange> apply(const sdk::Operation& operation);

    // The rules every set field must meet (also used before submitting): InvalidArgument with
    // the reason. `creating` requires a title and a timing.
    static Result<void> check_fields(const v1::EventFields& fields, bool creating);
    static Result<void> check_recurrence_id(const std::string& recurrence_id);

    const CalendarEvent* find(const EventId& id) const;
    const CalendarEvent* find_uid(const std::string& uid) const;  // not deleted
    const std::map<EventId, CalendarEvent>& events() const { return events_; }

    sdk::Bytes snapshot() const;
    Result<void> restore(sdk::ByteView snapshot);
    // Equal exactly when the visible state is equal.
    sdk::Digest digest() const;

private:
    Result<void> create(const EventId& id, const std::string& uid, const v1::EventFields& fields,
                        const sdk::Operation& op);
    static void set_fields(FieldRegisters& registers, const v1::EventFields& fields,
                           const sdk::crdt::Stamp& stamp);
    static v1::EventFields resolve(const FieldRegisters& registers);
    void refresh(CalendarEvent& event);

    std::map<EventId, CalendarEvent> events_;
    std::map<std::string, std::set<EventId>> by_uid_;
};

// Recurrence id → UTC seconds (timed "YYYYMMDDTHHMMSSZ" or all-day "YYYYMMDD" at 00:00 UTC).
std::optional<std::int64_t> recurrence_id_seconds(const std::string& recurrence_id);

}  // namespace grove::tools::calendar
