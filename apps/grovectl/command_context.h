// CommandContext: what a grovectl command works with — the API client, the output mode, and the
// one way to call the API and print: failures to stderr with an exit code, text made terminal-safe.
#pragma once

#include <google/protobuf/repeated_ptr_field.h>
#include <grpcpp/client_context.h>
#include <grpcpp/support/status.h>
#include <grpcpp/support/sync_stream.h>

#include <atomic>
#include <chrono>
#include <iosfwd>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <type_traits>

#include "api_client.h"
#include "exit_codes.h"
#include "interruptible_stream.h"

namespace grove::apps::grovectl {

class CommandContext {
public:
    CommandContext(ApiClient& client, bool json, std::ostream& out, std::ostream& err);

    ApiClient& client() { return client_; }
    bool json() const { return json_; }
    // For commands that print as they go (tool clients with their own formats); text from
    // other people must pass through terminal_safe() first.
    std::ostream& out() { return out_; }
    std::ostream& err() { return err_; }

    // Calls a unary method of a generated stub, e.g.
    //   call(&ChatService::Stub::Post, request, message, "cannot post").
    // kExitOk, or (after saying "grovectl: <doing>: <why>" on stderr) the status's exit code.
    template <class Stub, class Request, class Response>
    int call(grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
             const std::type_identity_t<Request>& request, std::type_identity_t<Response>& response,
             std::string_view doing, std::chrono::seconds deadline = ApiClient::kDefaultDeadline) {
        auto context = client_.context(deadline);
        const grpc::Status status =
            (client_.stub<Stub>().*method)(context.get(), request, &response);
        return status.ok() ? int(kExitOk) : fail(status, doing);
    }

    // Calls a list method that answers in pages (AIP-158) until its last page, collecting the
    // repeated field `items` of every answer into `all`. The exit code as call() gives it.
    template <class Stub, class Request, class Response, class Item>
    int call_all_pages(grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                                    Response*),
                       Request request,
                       google::protobuf::RepeatedPtrField<Item>* (Response::*items)(),
                       google::protobuf::RepeatedPtrField<Item>& all, std::string_view doing) {
        do {
            Response response;
            if (int code = call(method, request, response, doing)) return code;
            for (auto& item : *(response.*items)()) *all.Add() = std::move(item);
            request.set_page_token(response.next_page_token());
        } while (!request.page_token().empty());
        return kExitOk;
    }

    // Calls, then prints the response: `to_json(response)` with --json, otherwise
    // `format(response)`. The exit code as call() and print() give it.
    template <class Stub, class Request, class Response, class ToJson, class Format>
    int call_and_print(grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                                    Response*),
                       const std::type_identity_t<Request>& request, std::string_view doing,
                       ToJson&& to_json, Format&& format,
                       std::chrono::seconds deadline = ApiClient::kDefaultDeadline) {
        Response response;
        if (int code = call(method, request, response, doing, deadline)) return code;
        return print(to_json(response), format(response));
    }

    // Calls a method whose answer says nothing (Remove, Revoke, …), then prints `document`
    // with --json, otherwise `text`.
    template <class Stub, class Request, class Response>
    int call_and_confirm(grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                                      Response*),
                         const std::type_identity_t<Request>& request, std::string_view doing,
                         const nlohmann::json& document, std::string_view text = {}) {
        Response response;
        if (int code = call(method, request, response, doing)) return code;
        return print(document, text);
    }

    // Follows a server stream (a `watch`) until it ends or SIGINT/SIGTERM (blocked beforehand,
    // see CommandLine::on_run), handing each message to `on_message`. Once the server answers
    // (and, given `live_header`, sent that header) says "watching <what>" on stderr.
    // Interrupted or ended → kExitOk; failed → the status's exit code.
    template <class Stub, class Request, class Message, class OnMessage>
    int follow(std::unique_ptr<grpc::ClientReader<Message>> (Stub::*method)(grpc::ClientContext*,
                                                                            const Request&),
               const std::type_identity_t<Request>& request, std::string_view what,
               std::string_view doing, OnMessage&& on_message, const char* live_header = nullptr) {
        auto context = client_.context(std::chrono::seconds(0));  // no deadline: until stopped
        std::atomic<bool> interrupted{false};
        const grpc::Status status = run_interruptible(*context, interrupted, [&] {
            auto reader = (client_.stub<Stub>().*method)(context.get(), request);
            reader->WaitForInitialMetadata();
            const auto& headers = context->GetServerInitialMetadata();
            if (!interrupted && (live_header == nullptr || headers.count(live_header) != 0))
                note("watching " + std::string(what) + " (Ctrl-C to stop)");
            Message message;
            while (reader->Read(&message)) on_message(message);
            return reader->Finish();
        });
        if (interrupted) return kExitOk;
        if (status.ok()) {
            note("the watch stream ended");
            return kExitOk;
        }
        return fail(status, doing);
    }

    // Says why a call failed on stderr; returns its exit code.
    int fail(const grpc::Status& status, std::string_view doing);

    // Prints a result and returns kExitOk: with --json `document` on one line, otherwise `text`
    // made terminal-safe (with a final newline; nothing when empty). Flushes, for streams.
    int print(const nlohmann::json& document, std::string_view text);

    // Prints a list: {"<key>": [...]} with --json, otherwise one line per item.
    template <class Items, class ToJson, class FormatLine>
    int print_list(const char* key, const Items& items, ToJson&& to_json,
                   FormatLine&& format_line) {
        if (json_) {
            nlohmann::json array = nlohmann::json::array();
            for (const auto& item : items) array.push_back(to_json(item));
            return print(nlohmann::json{{key, array}}, {});
        }
        std::string text;
        for (const auto& item : items) text += format_line(item) + '\n';
        return print({}, text);
    }

    // "grovectl: <text>" on stderr, terminal-safe.
    void note(std::string_view text);

private:
    ApiClient& client_;
    bool json_;
    std::ostream& out_;
    std::ostream& err_;
};

}  // namespace grove::apps::grovectl
