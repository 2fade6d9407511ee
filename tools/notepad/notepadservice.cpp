#include "notepadservice.h"

#include <grove/sdk/grpcstatus.h>
#include <grove/sdk/pagination.h>
#include <grpcpp/server_context.h>

#include <memory>

#include "notepadinstance.h"

namespace grove::tools::notepad {
namespace {

using sdk::grpc_status;

NotepadInstance& notepad(sdk::ToolInstance& instance) {
    return static_cast<NotepadInstance&>(instance);  // the host hands out only our instances
}

void to_view(const NotepadInstance& instance, const Document& document, v1::DocumentView* out) {
    out->set_id(sdk::to_hex(document.id));
    out->set_title(document.title);
    out->set_last_editor_id(sdk::to_hex(document.last_editor));
    out->set_last_editor_name(const_cast<NotepadInstance&>(instance)
                                  .notepad()
                                  .member_display_name(document.last_editor)
                                  .toStdString());
    out->set_last_change_ms(document.last_change_ms);
    out->set_length(document.text.size());
}

std::optional<DocumentId> parse_id(const std::string& hex) {
    DocumentId id{};
    if (!sdk::from_hex(hex, id)) return std::nullopt;
    return id;
}

#define NOTEPAD_PARSE_DOCUMENT(var, hex) \
    auto var = parse_id(hex);            \
    if (!var)                            \
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "document_id must be 64 hex digits")

}  // namespace

grpc::Status NotepadService::ListDocuments(grpc::ServerContext* call,
                                           const v1::ListDocumentsRequest* request,
                                           v1::ListDocumentsResponse* response) {
    if (auto ok = context_.authorize_access(*call, {false, request->instance().space_id()}); !ok)
        return grpc_status(ok);
    Result<std::string> next = std::string();
    auto done = context_.with_instance(
        request->instance().space_id(), request->instance().instance_id(),
        [&](sdk::ToolInstance& instance) {
            auto& source = notepad(instance);
            next = sdk::serve_page(
                source.state().documents(), request->page_size(), request->page_token(),
                "documents\n" + request->instance().SerializeAsString(),
                [](const Document* d) { return sdk::to_hex(d->id); },
                [&](const Document* d) { to_view(source, *d, response->add_documents()); });
        });
    if (!done) return grpc_status(done);
    if (!next) return grpc_status(next.error());
    response->set_next_page_token(std::move(next).value());
    return grpc::Status::OK;
}

grpc::Status NotepadService::ReadDocument(grpc::ServerContext* call,
                                          const v1::ReadDocumentRequest* request,
                                          v1::ReadDocumentResponse* response) {
    if (auto ok = context_.authorize_access(*call, {false, request->instance().space_id()}); !ok)
        return grpc_status(ok);
    NOTEPAD_PARSE_DOCUMENT(id, request->document_id());
    bool found = false;
    auto done =
        context_.with_instance(request->instance().space_id(), request->instance().instance_id(),
                               [&](sdk::ToolInstance& instance) {
                                   auto& source = notepad(instance);
                                   const Document* document = source.state().find(*id);
                                   if (!document) return;
                                   found = true;
                                   to_view(source, *document, response->mutable_document());
                                   response->set_text(document->text.to_utf8());
                               });
    if (!done) return grpc_status(done);
    if (!found) return grpc::Status(grpc::StatusCode::NOT_FOUND, "no such document");
    return grpc::Status::OK;
}

grpc::Status NotepadService::CreateDocument(grpc::ServerContext* call,
                                            const v1::CreateDocumentRequest* request,
                                            v1::CreateDocumentResponse* response) {
    if (auto ok = context_.authorize_access(*call, {true, request->instance().space_id()}); !ok)
        return grpc_status(ok);
    Result<void> outcome;
    auto done = context_.with_instance(
        request->instance().space_id(), request->instance().instance_id(),
        [&](sdk::ToolInstance& instance) {
            auto& source = notepad(instance);
            auto id = source.notepad().create_document(request->title(), request->text());
            if (!id) {
                outcome = id.error();
                return;
            }
            if (const Document* document = source.state().find(*id))
                to_view(source, *document, response->mutable_document());
        });
    if (!done) return grpc_status(done);
    return grpc_status(outcome);
}

grpc::Status NotepadService::ApplyPatch(grpc::ServerContext* call,
                                        const v1::ApplyPatchRequest* request,
                                        v1::ApplyPatchResponse* response) {
    if (auto ok = context_.authorize_access(*call, {true, request->instance().space_id()}); !ok)
        return grpc_status(ok);
    NOTEPAD_PARSE_DOCUMENT(id, request->document_id());
    std::vector<TextPatch> edits;
    for (const v1::TextEdit& edit : request->edits()) {
        auto text = sdk::crdt::utf8_to_utf32(edit.insert());
        if (!text)
            return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "insert is not valid UTF-8");
        TextPatch patch;
        patch.position = static_cast<std::size_t>(edit.position());
        patch.at_end = edit.at_end();
        patch.remove = static_cast<std::size_t>(edit.remove());
        patch.insert = std::move(text).value();
        edits.push_back(std::move(patch));
    }
    Result<void> outcome;
    auto done =
        context_.with_instance(request->instance().space_id(), request->instance().instance_id(),
                               [&](sdk::ToolInstance& instance) {
                                   auto& source = notepad(instance);
                                   outcome = source.notepad().apply_patch(*id, edits);
                                   if (!outcome) return;
                                   if (const Document* document = source.state().find(*id))
                                       to_view(source, *document, response->mutable_document());
                               });
    if (!done) return grpc_status(done);
    return grpc_status(outcome);
}

grpc::Status NotepadService::Watch(grpc::ServerContext* call, const v1::WatchRequest* request,
                                   grpc::ServerWriter<v1::NotepadEvent>* writer) {
    if (auto ok = context_.authorize_access(*call, {false, request->instance().space_id()}); !ok)
        return grpc_status(ok);
    return watches_.serve(*call, request->instance().space_id(), request->instance().instance_id(),
                          request->from_cursor(), *writer);
}

void NotepadService::attach_watch(sdk::ToolInstance& instance, Watches::Publish publish,
                                  Watches::Closed closed) {
    auto on_change = [publish = std::move(publish)](const DocumentChange& change,
                                                    const NotepadInstance& source) {
        v1::NotepadEvent event;
        switch (change.kind) {
            case DocumentChange::Kind::Created:
                event.set_kind(v1::NotepadEvent::KIND_CREATED);
                break;
            case DocumentChange::Kind::Renamed:
                event.set_kind(v1::NotepadEvent::KIND_RENAMED);
                break;
            case DocumentChange::Kind::Removed:
                event.set_kind(v1::NotepadEvent::KIND_DELETED);
                break;
            case DocumentChange::Kind::Edited:
                event.set_kind(v1::NotepadEvent::KIND_EDITED);
                break;
            case DocumentChange::Kind::None:
                return true;
        }
        if (const Document* document = source.state().find(change.document)) {
            to_view(source, *document, event.mutable_document());
            event.set_text(document->text.to_utf8());
        } else {
            event.mutable_document()->set_id(sdk::to_hex(change.document));
        }
        publish(std::move(event));
        return true;
    };
    notepad(instance).add_listener(std::move(on_change), std::move(closed));
}

}  // namespace grove::tools::notepad
