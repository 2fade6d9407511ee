#include "note_commands.h"

#include <grpcpp/client_context.h>

#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>
#include <vector>

#include "api_format.h"
#include "command_context.h"
#include "exit_codes.h"
#include "grove/api/v1/api.grpc.pb.h"
#include "grove/tools/notepad/v1/notepad_service.grpc.pb.h"
#include "terminal_text.h"
#include "tool_instance_lookup.h"

namespace grove::apps::grovectl {

namespace {

// What the chosen `note` command was given.
struct NoteCommandLine {
    std::string space;
    std::string instance;
    std::string document;
    std::string text;
    std::string title;
    std::string file = "-";
};

namespace v1 = grove::api::v1;
namespace nv1 = grove::tools::notepad::v1;
using nlohmann::json;

// One `note` command's connection and output.
class NoteClient {
public:
    explicit NoteClient(CommandContext& context)
        : client_(context.client()),
          notepad_(nv1::NotepadService::NewStub(context.client().channel())),
          json_(context.json()),
          out_(context.out()),
          err_(context.err()) {}

    int list(const NoteCommandLine& line);
    int cat(const NoteCommandLine& line);
    int create(const NoteCommandLine& line);
    int append(const NoteCommandLine& line);
    int edit(const NoteCommandLine& line);

private:
    int fail(const grpc::Status& status, const std::string& doing) {
        err_ << "grovectl: " << doing << ": " << terminal_safe(status.error_message()) << '\n';
        return exit_code_for(status.error_code());
    }
    int resolve_instance(const NoteCommandLine& line, nv1::InstanceRef& out);
    // The document named by id, id prefix (4+ digits) or title.
    int resolve_document(const NoteCommandLine& line, nv1::InstanceRef& instance, std::string& id);
    // Every page of the instance's documents, in creation order, into `all`.
    int list_documents(nv1::ListDocumentsRequest request, nv1::ListDocumentsResponse& all);
    int read(nv1::InstanceRef& instance, const std::string& id, nv1::ReadDocumentResponse& out);
    int patch(const nv1::InstanceRef& instance, const std::string& id, const nv1::TextEdit& edit);
    int print_document(const nv1::DocumentView& document);

    ApiClient& client_;
    std::unique_ptr<nv1::NotepadService::Stub> notepad_;
    bool json_;
    std::ostream& out_;
    std::ostream& err_;
};

json to_json(const nv1::DocumentView& document) {
    return {{"id", document.id()},
            {"title", document.title()},
            {"last_editor_id", document.last_editor_id()},
            {"last_editor_name", document.last_editor_name()},
            {"last_change_ms", document.last_change_ms()},
            {"length", document.length()}};
}

std::size_t code_points(std::string_view utf8) {
    std::size_t count = 0;
    for (unsigned char c : utf8)
        if ((c & 0xC0) != 0x80) ++count;
    return count;
}

int NoteClient::resolve_instance(const NoteCommandLine& line, nv1::InstanceRef& out) {
    return find_tool_instance(client_, err_, line.space, line.instance,
                              "cannot find the Notepad instance", out);
}

int NoteClient::list_documents(nv1::ListDocumentsRequest request, nv1::ListDocumentsResponse& all) {
    do {  // every page
        nv1::ListDocumentsResponse page;
        auto context = client_.context(ApiClient::kDefaultDeadline);
        const auto status = notepad_->ListDocuments(context.get(), request, &page);
        if (!status.ok()) return fail(status, "cannot list the documents");
        for (auto& document : *page.mutable_documents()) *all.add_documents() = std::move(document);
        request.set_page_token(page.next_page_token());
    } while (!request.page_token().empty());
    return kExitOk;
}

int NoteClient::resolve_document(const NoteCommandLine& line, nv1::InstanceRef& instance,
                                 std::string& id) {
    if (int code = resolve_instance(line, instance)) return code;
    nv1::ListDocumentsRequest request;
    *request.mutable_instance() = instance;
    nv1::ListDocumentsResponse response;
    if (int code = list_documents(request, response)) return code;
    std::vector<const nv1::DocumentView*> matches;
    for (const auto& document : response.documents())
        if (document.id() == line.document) matches = {&document};
    if (matches.empty())
        for (const auto& document : response.documents())
            if (document.title() == line.document ||
                (line.document.size() >= 4 && document.id().rfind(line.document, 0) == 0))
                matches.push_back(&document);
    if (matches.size() != 1) {
        err_ << "grovectl: " << (matches.empty() ? "no document " : "ambiguous document ")
             << terminal_safe(line.document) << '\n';
        return matches.empty() ? kExitNotFound : kExitUsage;
    }
    id = matches.front()->id();
    return kExitOk;
}

int NoteClient::read(nv1::InstanceRef& instance, const std::string& id,
                     nv1::ReadDocumentResponse& out) {
    nv1::ReadDocumentRequest request;
    *request.mutable_instance() = instance;
    request.set_document_id(id);
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = notepad_->ReadDocument(context.get(), request, &out);
    return status.ok() ? kExitOk : fail(status, "cannot read the document");
}

int NoteClient::patch(const nv1::InstanceRef& instance, const std::string& id,
                      const nv1::TextEdit& edit) {
    nv1::ApplyPatchRequest request;
    *request.mutable_instance() = instance;
    request.set_document_id(id);
    *request.add_edits() = edit;
    nv1::ApplyPatchResponse response;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = notepad_->ApplyPatch(context.get(), request, &response);
    if (!status.ok()) return fail(status, "cannot change the document");
    return print_document(response.document());
}

int NoteClient::print_document(const nv1::DocumentView& document) {
    if (json_)
        out_ << to_json(document).dump() << '\n';
    else
        out_ << document.id() << '\n';
    return kExitOk;
}

int NoteClient::list(const NoteCommandLine& line) {
    nv1::ListDocumentsRequest request;
    if (int code = resolve_instance(line, *request.mutable_instance())) return code;
    nv1::ListDocumentsResponse response;
    if (int code = list_documents(request, response)) return code;
    if (json_) {
        json documents = json::array();
        for (const auto& document : response.documents()) documents.push_back(to_json(document));
        out_ << json{{"documents", documents}}.dump() << '\n';
        return kExitOk;
    }
    for (const auto& document : response.documents())
        out_ << document.id().substr(0, 8) << "  "
             << (document.title().empty() ? "(untitled)" : terminal_safe(document.title()))
             << "  · " << document.length() << " characters · "
             << terminal_safe(document.last_editor_name()) << ", "
             << format_time(document.last_change_ms()) << '\n';
    return kExitOk;
}

int NoteClient::cat(const NoteCommandLine& line) {
    nv1::InstanceRef instance;
    std::string id;
    if (int code = resolve_document(line, instance, id)) return code;
    nv1::ReadDocumentResponse response;
    if (int code = read(instance, id, response)) return code;
    if (json_)
        out_ << json{{"document", to_json(response.document())}, {"text", response.text()}}.dump()
             << '\n';
    else
        out_ << terminal_safe(response.text());  // members' text: no escape sequences reach a tty
    return kExitOk;
}

int NoteClient::create(const NoteCommandLine& line) {
    nv1::CreateDocumentRequest request;
    if (int code = resolve_instance(line, *request.mutable_instance())) return code;
    request.set_title(line.title);
    request.set_text(line.text);
    nv1::CreateDocumentResponse response;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = notepad_->CreateDocument(context.get(), request, &response);
    if (!status.ok()) return fail(status, "cannot create the document");
    return print_document(response.document());
}

int NoteClient::append(const NoteCommandLine& line) {
    nv1::InstanceRef instance;
    std::string id;
    if (int code = resolve_document(line, instance, id)) return code;
    nv1::TextEdit edit;
    edit.set_at_end(true);
    // "-": the text comes from stdin (a long paste does not fit a command line).
    if (line.text == "-")
        edit.set_insert(std::string(std::istreambuf_iterator<char>(std::cin), {}));
    else
        edit.set_insert(line.text);
    return patch(instance, id, edit);
}

// Replaces the document's text by the file's (or stdin's), as the smallest single edit: the common
// beginning and end stay untouched, so others' concurrent edits there survive.
int NoteClient::edit(const NoteCommandLine& line) {
    std::string wanted;
    if (line.file == "-") {
        wanted.assign(std::istreambuf_iterator<char>(std::cin), {});
    } else {
        std::ifstream in(line.file, std::ios::binary);
        if (!in) {
            err_ << "grovectl: cannot read " << line.file << '\n';
            return kExitUsage;
        }
        wanted.assign(std::istreambuf_iterator<char>(in), {});
    }
    nv1::InstanceRef instance;
    std::string id;
    if (int code = resolve_document(line, instance, id)) return code;
    nv1::ReadDocumentResponse current;
    if (int code = read(instance, id, current)) return code;
    const std::string& old_text = current.text();
    std::size_t prefix = 0;
    while (prefix < old_text.size() && prefix < wanted.size() && old_text[prefix] == wanted[prefix])
        ++prefix;
    while (prefix > 0 && (static_cast<unsigned char>(old_text[prefix]) & 0xC0) == 0x80) --prefix;
    std::size_t suffix = 0;
    while (suffix < old_text.size() - prefix && suffix < wanted.size() - prefix &&
           old_text[old_text.size() - 1 - suffix] == wanted[wanted.size() - 1 - suffix])
        ++suffix;
    while (suffix > 0 &&
           (static_cast<unsigned char>(old_text[old_text.size() - suffix]) & 0xC0) == 0x80)
        --suffix;
    if (prefix + suffix == old_text.size() && prefix + suffix == wanted.size())
        return print_document(current.document());
    nv1::TextEdit edit;
    edit.set_position(code_points(std::string_view(old_text).substr(0, prefix)));
    edit.set_remove(
        code_points(std::string_view(old_text).substr(prefix, old_text.size() - prefix - suffix)));
    edit.set_insert(wanted.substr(prefix, wanted.size() - prefix - suffix));
    return patch(instance, id, edit);
}

}  // namespace

void add_note_commands(CommandLine& cli) {
    CLI::App* group = cli.group("note", "Read and edit the documents of a Notepad tool instance");
    auto& line = cli.keep<NoteCommandLine>();
    auto with_instance = [&](CLI::App* command) {
        command->add_option("SPACE", line.space, "Space id, id prefix or unambiguous name")
            ->required();
        command->add_option("INSTANCE", line.instance, "Notepad instance id, id prefix or name")
            ->required();
        return command;
    };
    auto with_document = [&](CLI::App* command) {
        with_instance(command);
        command->add_option("DOCUMENT", line.document, "Document id, id prefix or title")
            ->required();
        return command;
    };
    auto run = [&cli, &line](CLI::App* command, int (NoteClient::*method)(const NoteCommandLine&)) {
        cli.on_run(command, [&line, method](CommandContext& context) {
            NoteClient client(context);
            return (client.*method)(line);
        });
    };
    run(with_instance(cli.command(group, "list", "List the documents")), &NoteClient::list);
    run(with_document(cli.command(group, "cat", "Print a document's text")), &NoteClient::cat);
    auto* create = with_instance(cli.command(group, "new", "Create a document; prints its id"));
    create->add_option("TITLE", line.title, "The title")->required();
    create->add_option("TEXT", line.text, "Its first text");
    run(create, &NoteClient::create);
    auto* append = with_document(cli.command(group, "append", "Add text at the end of a document"));
    append
        ->add_option("TEXT", line.text,
                     "The text to add (as is: end it with a newline for a line; '-' = stdin)")
        ->required();
    run(append, &NoteClient::append);
    auto* edit = with_document(
        cli.command(group, "edit",
                    "Replace a document's text by a file's, changing only the part that differs"));
    edit->add_option("--file", line.file, "The new text ('-' = stdin, the default)")
        ->type_name("F");
    run(edit, &NoteClient::edit);
}

}  // namespace grove::apps::grovectl
