// grovectl's `note` commands: list, read, create and edit Notepad documents through the Notepad
// tool's gRPC service (grove.tools.notepad.v1.NotepadService), a library of its own (grovectl_notepad).
#pragma once

#include "command_line.h"

namespace grove::apps::grovectl {

// note list|cat|new|append|edit.
void add_note_commands(CommandLine& cli);

}  // namespace grove::apps::grovectl
