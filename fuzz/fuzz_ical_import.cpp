// iCalendar import: import_ics() on any file a user may import (the Calendar view, CalendarService
// ImportIcs, grovectl calendar import). Checks: a refusal is InvalidArgument naming a line; an
// accepted file's events all pass the state's own checks, so applying the ImportEvents operation
// to a fresh state succeeds; exporting that state and importing the export succeeds again (what
// Grove writes, Grove reads).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "calendarstate.h"
#include "fuzz_support.h"
#include "icalexport.h"
#include "icalimport.h"

using namespace grove;
using namespace grove::tools::calendar;

namespace {

// Names the broken property on stderr (the reproducer alone does not say which one failed).
[[noreturn]] void broken(const char* what, std::string_view detail = {}) {
    std::fprintf(stderr, "fuzz_ical_import: %s%s%.*s\n", what, detail.empty() ? "" : ": ",
                 static_cast<int>(detail.size()), detail.data());
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    CalendarState empty;
    IcalImportOptions options;
    options.max_bytes = 256 * 1024;
    options.max_events = 200;
    auto imported = import_ics(text, empty, options);
    if (!imported) {
        if (imported.error().code != ErrorCode::InvalidArgument ||
            imported.error().message.rfind("line ", 0) != 0)
            broken("a refusal without a line", imported.error().message);
        return 0;
    }
    v1::CalendarOp op;
    *op.mutable_import() = imported->events;
    const std::string bytes = op.SerializeAsString();
    sdk::Operation operation;
    operation.id.fill(1);
    operation.payload = sdk::as_bytes(bytes);
    operation.author_role = sdk::Role::Participant;
    operation.lamport = 1;
    CalendarState state;
    if (auto applied = state.apply(operation); !applied)
        broken("an accepted import the state refuses", applied.error().message);
    const std::string exported = export_ics(state);
    CalendarState again;
    options.max_bytes = 16 * 1024 * 1024;
    if (auto reread = import_ics(exported, again, options); !reread)
        broken("Grove cannot read its own export", reread.error().message + "\n" + exported);
    return 0;
}

// Seeds beside the checked-in exports of four calendar apps (fuzz/corpus/fuzz_ical_import): a
// zoned weekly series with an exception and an all-day event.
void grove_fuzz_seeds(grove::fuzz::Seeds& seeds) {
    seeds.add(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Grove//Fuzz//EN\r\n"
        "BEGIN:VEVENT\r\nUID:weekly@grove\r\nDTSTAMP:20270101T000000Z\r\n"
        "DTSTART;TZID=Europe/Paris:20270105T090000\r\nDTEND;TZID=Europe/Paris:20270105T100000\r\n"
        "RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=10\r\nEXDATE;TZID=Europe/Paris:20270112T090000\r\n"
        "SUMMARY:Planning\r\nLOCATION:Paris\r\nX-GROVE-KEPT:yes\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:offsite@grove\r\nDTSTAMP:20270101T000000Z\r\n"
        "DTSTART;VALUE=DATE:20270301\r\nDTEND;VALUE=DATE:20270303\r\nSUMMARY:Offsite\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n");
}
