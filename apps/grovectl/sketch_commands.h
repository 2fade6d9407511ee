// grovectl's `sketch` commands: list the pages and shapes of a Sketchpad, add a shape, export a
// page as SVG or PNG, through the Sketchpad tool's gRPC service (grove.tools.sketchpad.v1), a
// library of its own (grovectl_sketchpad).
#pragma once

#include "command_line.h"

namespace grove::apps::grovectl {

// sketch list|add|export.
void add_sketch_commands(CommandLine& cli);

}  // namespace grove::apps::grovectl
