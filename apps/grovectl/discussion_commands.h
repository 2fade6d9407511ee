// The `discussion` commands: a client of the Discussion tool's own gRPC service, built as a library
// of its own (grovectl_discussion) so that the core commands do not depend on one tool's protos.
#pragma once

#include "command_line.h"

namespace grove::apps::grovectl {

// discussion topics|thread|post|reply|watch.
void add_discussion_commands(CommandLine& cli);

}  // namespace grove::apps::grovectl
