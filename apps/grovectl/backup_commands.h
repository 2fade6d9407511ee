// The `backup` commands: create, verify and restore an encrypted archive of a profile directory.
// They work on the files (SQLite's online backup while the peer runs), not through the API.
#pragma once

#include "command_line.h"

namespace grove::apps::grovectl {

void add_backup_commands(CommandLine& cli);  // backup create|verify|restore

}  // namespace grove::apps::grovectl
