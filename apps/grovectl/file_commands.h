// grovectl's `files` commands: list, upload, download, versions, remove and status of a Files
// tool instance's items through its gRPC service (grove.tools.files.v1.FilesService).
#pragma once

#include "command_line.h"

namespace grove::apps::grovectl {

// files ls|put|get|versions|rm|status.
void add_file_commands(CommandLine& cli);

}  // namespace grove::apps::grovectl
