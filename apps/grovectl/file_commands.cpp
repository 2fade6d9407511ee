#include "file_commands.h"

#include <grpcpp/client_context.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <ostream>
#include <vector>

#include "api_format.h"
#include "command_context.h"
#include "exit_codes.h"
#include "grove/api/v1/api.grpc.pb.h"
#include "grove/tools/files/v1/files_service.grpc.pb.h"
#include "terminal_text.h"
#include "tool_instance_lookup.h"

namespace grove::apps::grovectl {

namespace {

// What the chosen `files` command was given.
struct FilesCommandLine {
    std::string space;
    std::string instance;
    std::string path;   // an item's path from the top level, or its id
    std::string local;  // a local file
    std::string name;   // put: the name in the space (default: the local file's)
    bool new_version = false;
};

namespace v1 = grove::api::v1;
namespace fv1 = grove::tools::files::v1;
using nlohmann::json;

constexpr std::size_t kUploadPiece = 1024 * 1024;
// Transfers move any amount of data: no deadline, only the user's Ctrl-C.
constexpr std::chrono::seconds kTransferDeadline{24 * 3600};

json to_json(const fv1::ItemView& item) {
    return {{"id", item.id()},
            {"name", item.name()},
            {"path", item.path()},
            {"folder", item.folder()},
            {"size", item.size()},
            {"version_id", item.version_id()},
            {"author_id", item.author_id()},
            {"author_name", item.author_name()},
            {"modified_ms", item.modified_ms()},
            {"conflict_of", item.conflict_of()},
            {"trashed", item.trashed()}};
}

json to_json(const fv1::VersionView& v) {
    return {{"id", v.id()},
            {"base_id", v.base_id()},
            {"size", v.size()},
            {"author_id", v.author_id()},
            {"author_name", v.author_name()},
            {"saved_ms", v.saved_ms()},
            {"current", v.current()}};
}

void set_ref(const std::string& path, fv1::ItemRef& ref) {
    const bool id =
        path.size() == 64 && path.find_first_not_of("0123456789abcdef") == std::string::npos;
    if (id)
        ref.set_id(path);
    else
        ref.set_path(path);
}

// One `files` command's connection and output.
class FilesClient {
public:
    explicit FilesClient(CommandContext& context)
        : client_(context.client()),
          files_(fv1::FilesService::NewStub(context.client().channel())),
          json_(context.json()),
          out_(context.out()),
          err_(context.err()),
          progress_(!context.json() && ::isatty(STDERR_FILENO)) {}

    int ls(const FilesCommandLine& line);
    int put(const FilesCommandLine& line);
    int get(const FilesCommandLine& line);
    int versions(const FilesCommandLine& line);
    int rm(const FilesCommandLine& line);
    int status(const FilesCommandLine& line);

private:
    int fail(const grpc::Status& status, const std::string& doing) {
        if (progress_) err_ << '\n';
        err_ << "grovectl: " << doing << ": " << terminal_safe(status.error_message()) << '\n';
        return exit_code_for(status.error_code());
    }
    int resolve_instance(const FilesCommandLine& line, fv1::InstanceRef& out);
    void show_progress(std::uint64_t done, std::uint64_t total) {
        if (!progress_) return;
        err_ << '\r' << done / 1024 << " / " << total / 1024 << " KiB";
        if (total) err_ << " (" << done * 100 / total << "%)";
        err_ << std::flush;
    }
    void print_item(const fv1::ItemView& item) {
        if (json_) {
            out_ << json{{"item", to_json(item)}}.dump() << '\n';
            return;
        }
        out_ << terminal_safe(item.path()) << (item.folder() ? "/" : "") << '\n';
    }

    ApiClient& client_;
    std::unique_ptr<fv1::FilesService::Stub> files_;
    bool json_;
    std::ostream& out_;
    std::ostream& err_;
    bool progress_;
};

int FilesClient::resolve_instance(const FilesCommandLine& line, fv1::InstanceRef& out) {
    return find_tool_instance(client_, err_, line.space, line.instance, "cannot find the Files instance", out);
}

int FilesClient::ls(const FilesCommandLine& line) {
    fv1::ListRequest request;
    if (int code = resolve_instance(line, *request.mutable_instance())) return code;
    if (!line.path.empty()) set_ref(line.path, *request.mutable_folder());
    fv1::ListResponse response;
    do {  // every page
        fv1::ListResponse page;
        auto context = client_.context(ApiClient::kDefaultDeadline);
        const auto status = files_->List(context.get(), request, &page);
        if (!status.ok()) return fail(status, "cannot list the folder");
        for (auto& item : *page.mutable_items()) *response.add_items() = std::move(item);
        request.set_page_token(page.next_page_token());
    } while (!request.page_token().empty());
    if (json_) {
        json items = json::array();
        for (const auto& item : response.items()) items.push_back(to_json(item));
        out_ << json{{"items", items}}.dump() << '\n';
        return kExitOk;
    }
    for (const auto& item : response.items()) {
        out_ << terminal_safe(item.name()) << (item.folder() ? "/" : "");
        if (!item.folder())
            out_ << "  · " << item.size() << " bytes · " << terminal_safe(item.author_name())
                 << ", " << format_time(item.modified_ms());
        if (!item.conflict_of().empty()) out_ << " · conflict copy";
        out_ << '\n';
    }
    return kExitOk;
}

int FilesClient::put(const FilesCommandLine& line) {
    std::ifstream in(line.local, std::ios::binary);
    std::error_code ec;
    const auto size = std::filesystem::file_size(line.local, ec);
    if (!in || ec) {
        err_ << "grovectl: cannot read " << terminal_safe(line.local) << '\n';
        return kExitUsage;
    }
    fv1::UploadRequest first;
    auto* start = first.mutable_start();
    if (int code = resolve_instance(line, *start->mutable_instance())) return code;
    if (!line.path.empty()) set_ref(line.path, *start->mutable_folder());
    start->set_name(line.name.empty() ? std::filesystem::path(line.local).filename().string()
                                      : line.name);
    start->set_size(size);
    start->set_new_version(line.new_version);
    fv1::UploadResponse response;
    auto context = client_.context(kTransferDeadline);
    auto writer = files_->Upload(context.get(), &response);
    bool ok = writer->Write(first);
    std::vector<char> buffer(kUploadPiece);
    std::uint64_t sent = 0;
    while (ok && in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        const auto n = static_cast<std::size_t>(in.gcount());
        if (n == 0) break;
        fv1::UploadRequest piece;
        piece.set_data(buffer.data(), n);
        ok = writer->Write(piece);
        sent += n;
        show_progress(sent, size);
    }
    if (in.bad()) {
        context->TryCancel();
        err_ << "grovectl: reading " << terminal_safe(line.local) << " failed\n";
        return kExitError;
    }
    writer->WritesDone();
    const auto status = writer->Finish();
    if (!status.ok()) return fail(status, "cannot upload the file");
    if (progress_) err_ << '\n';
    print_item(response.item());
    return kExitOk;
}

int FilesClient::get(const FilesCommandLine& line) {
    fv1::DownloadRequest request;
    if (int code = resolve_instance(line, *request.mutable_instance())) return code;
    set_ref(line.path, *request.mutable_item());
    auto context = client_.context(kTransferDeadline);
    auto reader = files_->Download(context.get(), request);
    // Written beside the target and renamed at the end: the target is whole or untouched.
    const bool to_stdout = line.local == "-";
    std::filesystem::path target;
    std::filesystem::path partial;
    std::ofstream file;
    fv1::DownloadResponse message;
    fv1::ItemView item;
    std::uint64_t done = 0;
    while (reader->Read(&message)) {
        if (message.has_item()) {
            item = message.item();
            if (!to_stdout) {
                target = line.local.empty() ? std::filesystem::path(item.name())
                                            : std::filesystem::path(line.local);
                if (std::filesystem::is_directory(target)) target /= item.name();
                partial = target;
                partial += ".grove-partial";
                file.open(partial, std::ios::binary | std::ios::trunc);
                if (!file) {
                    context->TryCancel();
                    err_ << "grovectl: cannot write " << terminal_safe(partial.string()) << '\n';
                    return kExitError;
                }
            }
        }
        const auto& data = message.data();
        if (to_stdout)
            std::cout.write(data.data(), static_cast<std::streamsize>(data.size()));
        else
            file.write(data.data(), static_cast<std::streamsize>(data.size()));
        done = message.done();
        show_progress(done, message.total());
    }
    const auto status = reader->Finish();
    if (!status.ok() || (!to_stdout && !file.flush())) {
        if (file.is_open()) file.close();
        if (!partial.empty()) std::filesystem::remove(partial);
        return status.ok() ? (err_ << "grovectl: writing the file failed\n", kExitError)
                           : fail(status, "cannot download the file");
    }
    if (progress_) err_ << '\n';
    if (to_stdout) return kExitOk;
    file.close();
    std::error_code ec;
    std::filesystem::rename(partial, target, ec);
    if (ec) {
        err_ << "grovectl: cannot rename to " << terminal_safe(target.string()) << ": "
             << ec.message() << '\n';
        return kExitError;
    }
    if (json_)
        out_ << json{{"item", to_json(item)}, {"file", target.string()}, {"bytes", done}}.dump()
             << '\n';
    else
        out_ << terminal_safe(target.string()) << '\n';
    return kExitOk;
}

int FilesClient::versions(const FilesCommandLine& line) {
    fv1::ItemRequest request;
    if (int code = resolve_instance(line, *request.mutable_instance())) return code;
    set_ref(line.path, *request.mutable_item());
    fv1::VersionsResponse response;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = files_->Versions(context.get(), request, &response);
    if (!status.ok()) return fail(status, "cannot list the versions");
    if (json_) {
        json versions = json::array();
        for (const auto& v : response.versions()) versions.push_back(to_json(v));
        out_ << json{{"versions", versions}}.dump() << '\n';
        return kExitOk;
    }
    for (const auto& v : response.versions())
        out_ << v.id().substr(0, 8) << (v.current() ? " * " : "   ") << v.size() << " bytes · "
             << terminal_safe(v.author_name()) << ", " << format_time(v.saved_ms()) << '\n';
    return kExitOk;
}

int FilesClient::rm(const FilesCommandLine& line) {
    fv1::ItemRequest request;
    if (int code = resolve_instance(line, *request.mutable_instance())) return code;
    set_ref(line.path, *request.mutable_item());
    fv1::ItemResponse response;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = files_->Trash(context.get(), request, &response);
    if (!status.ok()) return fail(status, "cannot move the item to the trash");
    print_item(response.item());
    return kExitOk;
}

int FilesClient::status(const FilesCommandLine& line) {
    fv1::StatRequest request;
    if (int code = resolve_instance(line, *request.mutable_instance())) return code;
    set_ref(line.path, *request.mutable_item());
    fv1::ItemResponse response;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = files_->Stat(context.get(), request, &response);
    if (!status.ok()) return fail(status, "cannot find the item");
    if (json_) {
        out_ << json{{"item", to_json(response.item())}}.dump() << '\n';
        return kExitOk;
    }
    const auto& item = response.item();
    out_ << "path      " << terminal_safe(item.path()) << (item.folder() ? "/" : "") << '\n'
         << "id        " << item.id() << '\n';
    if (!item.folder())
        out_ << "size      " << item.size() << " bytes\n"
             << "version   " << item.version_id() << '\n'
             << "saved by  " << terminal_safe(item.author_name()) << ", "
             << format_time(item.modified_ms()) << '\n';
    if (!item.conflict_of().empty()) out_ << "conflict copy of " << item.conflict_of() << '\n';
    if (item.trashed()) out_ << "in the trash\n";
    return kExitOk;
}

}  // namespace

void add_file_commands(CommandLine& cli) {
    CLI::App* group =
        cli.group("files", "List, upload and download the files of a Files tool instance");
    auto& line = cli.keep<FilesCommandLine>();
    auto with_instance = [&](CLI::App* command) {
        command->add_option("SPACE", line.space, "Space id, id prefix or unambiguous name")
            ->required();
        command->add_option("INSTANCE", line.instance, "Files instance id, id prefix or name")
            ->required();
        return command;
    };
    auto with_item = [&](CLI::App* command) {
        with_instance(command);
        command->add_option("PATH", line.path, "The item's path (Reports/q3.pdf) or id")
            ->required();
        return command;
    };
    auto run = [&cli, &line](CLI::App* command,
                             int (FilesClient::*method)(const FilesCommandLine&)) {
        cli.on_run(command, [&line, method](CommandContext& context) {
            FilesClient client(context);
            return (client.*method)(line);
        });
    };
    auto* ls = with_instance(cli.command(group, "ls", "List a folder (the top level by default)"));
    ls->add_option("FOLDER", line.path, "The folder's path or id");
    run(ls, &FilesClient::ls);
    auto* put = with_instance(cli.command(group, "put", "Upload a local file"));
    put->add_option("LOCAL", line.local, "The local file")->required();
    put->add_option("FOLDER", line.path, "The folder to put it in (the top level by default)");
    put->add_option("--name", line.name, "Its name in the space (the local file's by default)");
    put->add_flag("--new-version", line.new_version,
                  "Save as a new version of the file of that name, if there is one");
    run(put, &FilesClient::put);
    put->alias("upload");
    auto* get = with_item(cli.command(group, "get", "Download a file"));
    get->add_option(
        "-o,--output", line.local,
        "Where to write it: a file, a folder, or '-' for stdout (its name here by default)");
    run(get, &FilesClient::get);
    get->alias("download");
    run(with_item(cli.command(group, "versions", "List a file's versions, newest first")),
        &FilesClient::versions);
    run(with_item(cli.command(group, "rm", "Move an item to the trash")), &FilesClient::rm);
    run(with_item(cli.command(group, "status", "Show an item: size, version, author, trash")),
        &FilesClient::status);
}

}  // namespace grove::apps::grovectl
