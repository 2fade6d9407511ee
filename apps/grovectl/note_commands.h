// grovectl's `note` commands: list, read, create and edit Notepad documents through the Notepad
// tool's gRPC service (grove.tools.notepad.v1.NotepadService).
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <iosfwd>
#include <string>

#include "api_client.h"

namespace grove::apps::grovectl {

// What the chosen `note` command needs; `run` is set once one is chosen.
struct NoteCommandLine {
    std::string space;
    std::string instance;
    std::string document;
    std::string text;
    std::string title;
    std::string file = "-";
    std::function<int(ApiClient& client, bool json, std::ostream& out, std::ostream& err)> run;
};

// Adds `note list|cat|new|append|edit` to `app`; `add_common_options` adds the connection options
// and --json to each.
void add_note_commands(CLI::App& app, const std::function<CLI::App*(CLI::App*)>& add_common_options,
                       NoteCommandLine& line);

}  // namespace grove::apps::grovectl
