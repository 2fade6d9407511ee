// CommandLine: grovectl's grammar (CLI11). Each service's file adds its commands through it and
// says what each one runs; main() parses, connects and runs the one command chosen.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "command_context.h"
#include "connection.h"

namespace grove::apps::grovectl {

class CommandLine {
public:
    using Run = std::function<int(CommandContext&)>;

    CommandLine();

    CLI::App& app() { return app_; }

    // A group of commands (`space`, `chat`, …) at the top level: made by the first caller, with
    // its `help`; later callers add to it.
    CLI::App* group(const std::string& name, const std::string& help);
    // A command under `parent` (a group, or app()) that takes the connection options and --json.
    CLI::App* command(CLI::App* parent, const std::string& name, const std::string& help);
    // What `command` runs once the command line parsed and the connection resolved. A streaming
    // command (a watch) runs until SIGINT/SIGTERM, which are then blocked before gRPC starts.
    void on_run(CLI::App* command, Run run, bool streaming = false);
    // Sets what runs, from a command's own CLI11 callback (one that checks its options first).
    void set_run(Run run, bool streaming = false);
    // What a command that works on local files runs (no connection): it gets --profile (or
    // $GROVE_PROFILE), possibly empty.
    using LocalRun = std::function<int(const std::string& profile)>;
    void on_run_local(CLI::App* command, LocalRun run);

    // Storage for an option's value, alive as long as the command line.
    template <class T>
    T& keep() {
        auto value = std::make_shared<T>();
        kept_.push_back(value);
        return *value;
    }
    // A required positional argument; returns where its value lands.
    std::string& argument(CLI::App* command, const std::string& name, const std::string& help);
    // The SPACE argument most commands take.
    std::string& space_argument(CLI::App* command);

    // Parses `argv` and runs the chosen command; returns the process's exit code.
    int run(int argc, char** argv);

private:
    CLI::App app_;
    std::map<std::string, CLI::App*> groups_;
    ConnectionOptions connection_;
    bool json_ = false;
    Run run_;
    LocalRun local_run_;
    bool streaming_ = false;
    std::vector<std::shared_ptr<void>> kept_;
};

}  // namespace grove::apps::grovectl
