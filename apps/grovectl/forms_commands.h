// grovectl's `forms` commands: list, show, create and export as CSV the records of a Forms
// instance through the Forms tool's gRPC service (grove.tools.forms.v1), a library of its own
// (grovectl_forms).
#pragma once

#include "command_line.h"

namespace grove::apps::grovectl {

// forms list|show|create|export.
void add_forms_commands(CommandLine& cli);

}  // namespace grove::apps::grovectl
