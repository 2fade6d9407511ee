// grovectl — the command line over a Grove peer's local API: accounts, spaces, chat, events, tools,
// Discussion, Notepad, Calendar, Sketchpad, sync. `grovectl --profile DIR …` or `--api ADDR
// --token-file F …`; `--help` everywhere.
#include "api_commands.h"
#include "backup_commands.h"
#include "calendar_commands.h"
#include "forms_commands.h"
#include "command_line.h"
#include "discussion_commands.h"
#include "file_commands.h"
#include "note_commands.h"
#include "sketch_commands.h"

int main(int argc, char** argv) {
    using namespace grove::apps::grovectl;
    CommandLine cli;
    add_api_commands(cli);
    add_backup_commands(cli);  // works on the profile's files, not through the API
    // Commands of tools with their own gRPC service, each from its own library.
    add_discussion_commands(cli);
    add_note_commands(cli);
    add_calendar_commands(cli);
    add_forms_commands(cli);
    add_sketch_commands(cli);
    add_file_commands(cli);
    return cli.run(argc, argv);
}
