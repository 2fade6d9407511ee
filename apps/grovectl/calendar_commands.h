// grovectl's `calendar` commands: list, add, delete, answer, import and export events of a
// Calendar instance through the Calendar tool's gRPC service (grove.tools.calendar.v1), a library
// of its own (grovectl_calendar).
#pragma once

#include "command_line.h"

namespace grove::apps::grovectl {

// calendar list|add|delete|rsvp|import|export.
void add_calendar_commands(CommandLine& cli);

}  // namespace grove::apps::grovectl
