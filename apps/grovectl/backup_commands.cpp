#include "backup_commands.h"

#include <iostream>
#include <nlohmann/json.hpp>

#include "exit_codes.h"
#include "passphrase_file.h"
#include "store/profile_backup.h"

namespace grove::apps::grovectl {

namespace {

namespace store = grove::platform::store;

int exit_code_for(const Error& error) {
    switch (error.code) {
        case ErrorCode::InvalidArgument:
            return kExitUsage;
        case ErrorCode::Unauthenticated:
            return kExitUnauthenticated;
        case ErrorCode::NotFound:
            return kExitNotFound;
        case ErrorCode::AlreadyExists:
        case ErrorCode::FailedPrecondition:
            return kExitPrecondition;
        default:
            return kExitError;
    }
}

std::string describe(const store::BackupSummary& s) {
    return std::to_string(s.files) + " files (" + std::to_string(s.databases) + " stores, " +
           std::to_string(s.bytes) + " bytes)";
}

int report(const Result<store::BackupSummary>& result, bool json, const std::string& failed,
           const std::string& done) {
    if (!result) {
        std::cerr << "grovectl: " << failed << ": " << result.error().message << "\n";
        return exit_code_for(result.error());
    }
    if (json) {
        nlohmann::json j{
            {"files", result->files}, {"stores", result->databases}, {"bytes", result->bytes}};
        std::cout << j.dump() << "\n";
    } else {
        std::cout << done << " " << describe(*result) << "\n";
    }
    return kExitOk;
}

CLI::Option* passphrase_option(CLI::App* command, std::string& file) {
    return command
        ->add_option("--passphrase-file", file,
                     "File holding the backup's passphrase (\"-\": stdin); the archive is sealed "
                     "under a key derived from it")
        ->required()
        ->type_name("F");
}

std::string profile_or_usage(const std::string& profile) {
    if (profile.empty())
        std::cerr << "grovectl: name the profile directory with --profile DIR (or GROVE_PROFILE)\n";
    return profile;
}

}  // namespace

void add_backup_commands(CommandLine& cli) {
    CLI::App* group = cli.group(
        "backup", "Encrypted backups of a profile: create (while the peer runs), verify, restore");

    CLI::App* create = cli.command(group, "create",
                                   "Write an encrypted archive of the --profile directory to FILE "
                                   "(a new file); safe while groved or the app runs");
    auto& create_file = cli.argument(create, "FILE", "The archive to write (must not exist)");
    auto& create_pass = cli.keep<std::string>();
    passphrase_option(create, create_pass);
    cli.on_run_local(create, [&, create](const std::string& profile) {
        const bool json = create->count("--json") > 0;
        if (profile_or_usage(profile).empty()) return int(kExitUsage);
        auto passphrase = read_passphrase_file(create_pass);
        if (!passphrase) return int(kExitUsage);
        return report(store::create_backup(profile, create_file, *passphrase), json,
                      "cannot back up " + profile, "backed up");
    });

    CLI::App* verify = cli.command(group, "verify",
                                   "Decrypt and check a whole archive (every store with SQLite's "
                                   "integrity check) without restoring it");
    auto& verify_file = cli.argument(verify, "FILE", "The archive");
    auto& verify_pass = cli.keep<std::string>();
    passphrase_option(verify, verify_pass);
    cli.on_run_local(verify, [&, verify](const std::string&) {
        const bool json = verify->count("--json") > 0;
        auto passphrase = read_passphrase_file(verify_pass);
        if (!passphrase) return int(kExitUsage);
        return report(store::verify_backup(verify_file, *passphrase), json,
                      "the backup fails its check", "verified");
    });

    CLI::App* restore = cli.command(group, "restore",
                                    "Restore an archive into the --profile directory, which must "
                                    "not exist or be empty; nothing is written unless all checks");
    auto& restore_file = cli.argument(restore, "FILE", "The archive");
    auto& restore_pass = cli.keep<std::string>();
    passphrase_option(restore, restore_pass);
    cli.on_run_local(restore, [&, restore](const std::string& profile) {
        const bool json = restore->count("--json") > 0;
        if (profile_or_usage(profile).empty()) return int(kExitUsage);
        auto passphrase = read_passphrase_file(restore_pass);
        if (!passphrase) return int(kExitUsage);
        return report(store::restore_backup(restore_file, profile, *passphrase), json,
                      "cannot restore " + restore_file, "restored");
    });
}

}  // namespace grove::apps::grovectl
