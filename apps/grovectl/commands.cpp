#include "commands.h"

#include <signal.h>

#include <atomic>
#include <ostream>
#include <thread>

#include "exit_codes.h"
#include "output.h"

namespace grove::apps::grovectl {

namespace v1 = grove::api::v1;

CommandRunner::CommandRunner(ApiClient& client, bool json, std::ostream& out, std::ostream& err)
    : client_(client), json_(json), out_(out), err_(err) {}

int CommandRunner::fail(const grpc::Status& status, const std::string& doing) {
    switch (status.error_code()) {
        case grpc::StatusCode::UNAVAILABLE:
            err_ << "grovectl: groved is not reachable at " << client_.address() << " ("
                 << status.error_message() << ")\n";
            break;
        case grpc::StatusCode::DEADLINE_EXCEEDED:
            err_ << "grovectl: " << doing << ": no answer from groved in time\n";
            break;
        case grpc::StatusCode::UNAUTHENTICATED:
            err_ << "grovectl: " << doing << ": unauthenticated: " << status.error_message()
                 << '\n';
            break;
        default:
            err_ << "grovectl: " << doing << ": " << status.error_message() << '\n';
    }
    return exit_code_for(status.error_code());
}

int CommandRunner::print_account(const v1::Account& account) {
    if (json_)
        out_ << to_json(account).dump() << '\n';
    else
        out_ << format_account(account);
    return kExitOk;
}

int CommandRunner::print_message(const v1::ChatMessage& message, bool id_only) {
    if (json_)
        out_ << to_json(message).dump() << '\n';
    else if (id_only)
        out_ << message.id() << '\n';
    else
        out_ << format_chat_line(message) << '\n';
    return kExitOk;
}

int CommandRunner::account_create(const std::string& name, const std::string& passphrase) {
    v1::CreateAccountRequest request;
    request.set_display_name(name);
    request.set_passphrase(passphrase);
    v1::Account account;
    auto context = client_.context(ApiClient::kKdfDeadline);
    const auto status = client_.accounts().Create(context.get(), request, &account);
    if (!status.ok()) return fail(status, "cannot create the account");
    return print_account(account);
}

int CommandRunner::account_unlock(const std::string& passphrase) {
    v1::UnlockAccountRequest request;
    request.set_passphrase(passphrase);
    v1::Account account;
    auto context = client_.context(ApiClient::kKdfDeadline);
    const auto status = client_.accounts().Unlock(context.get(), request, &account);
    if (!status.ok()) return fail(status, "cannot unlock the account");
    return print_account(account);
}

int CommandRunner::account_lock() {
    v1::Account account;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = client_.accounts().Lock(context.get(), {}, &account);
    if (!status.ok()) return fail(status, "cannot lock the account");
    return print_account(account);
}

int CommandRunner::account_show() {
    v1::Account account;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = client_.accounts().Get(context.get(), {}, &account);
    if (!status.ok()) return fail(status, "cannot show the account");
    return print_account(account);
}

int CommandRunner::space_create(const std::string& name) {
    v1::CreateSpaceRequest request;
    request.set_name(name);
    v1::Space space;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = client_.spaces().Create(context.get(), request, &space);
    if (!status.ok()) return fail(status, "cannot create the space");
    if (json_)
        out_ << to_json(space).dump() << '\n';
    else
        out_ << space.id() << '\n';
    return kExitOk;
}

int CommandRunner::space_list() {
    v1::ListSpacesResponse response;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = client_.spaces().List(context.get(), {}, &response);
    if (!status.ok()) return fail(status, "cannot list the spaces");
    return print_list("spaces", response.spaces(),
                      [](const auto& item) { return format_space_line(item); });
}

int CommandRunner::space_show(const std::string& space_ref) {
    v1::GetSpaceRequest request;
    request.set_space(space_ref);
    v1::Space space;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = client_.spaces().Get(context.get(), request, &space);
    if (!status.ok()) return fail(status, "cannot show the space");
    if (json_)
        out_ << to_json(space).dump() << '\n';
    else
        out_ << format_space(space);
    return kExitOk;
}

int CommandRunner::space_rename(const std::string& space_ref, const std::string& name) {
    v1::RenameSpaceRequest request;
    request.set_space(space_ref);
    request.set_name(name);
    v1::Space space;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = client_.spaces().Rename(context.get(), request, &space);
    if (!status.ok()) return fail(status, "cannot rename the space");
    if (json_)
        out_ << to_json(space).dump() << '\n';
    else
        out_ << format_space_line(space) << '\n';
    return kExitOk;
}

int CommandRunner::chat_post(const std::string& space, const std::string& text) {
    v1::PostChatRequest request;
    request.set_space(space);
    request.set_text(text);
    v1::ChatMessage message;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = client_.chat().Post(context.get(), request, &message);
    if (!status.ok()) return fail(status, "cannot post");
    return print_message(message, true);
}

int CommandRunner::chat_list(const std::string& space, std::uint32_t limit) {
    v1::ListChatRequest request;
    request.set_space(space);
    request.set_limit(limit);
    v1::ListChatResponse response;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = client_.chat().List(context.get(), request, &response);
    if (!status.ok()) return fail(status, "cannot list the chat");
    return print_list("messages", response.messages(),
                      [](const auto& item) { return format_chat_line(item); });
}

int CommandRunner::chat_edit(const std::string& space, const std::string& id,
                             const std::string& text) {
    v1::EditChatRequest request;
    request.set_space(space);
    request.set_message_id(id);
    request.set_text(text);
    v1::ChatMessage message;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = client_.chat().Edit(context.get(), request, &message);
    if (!status.ok()) return fail(status, "cannot edit the message");
    return print_message(message, false);
}

int CommandRunner::chat_delete(const std::string& space, const std::string& id) {
    v1::DeleteChatRequest request;
    request.set_space(space);
    request.set_message_id(id);
    v1::ChatMessage message;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = client_.chat().Delete(context.get(), request, &message);
    if (!status.ok()) return fail(status, "cannot delete the message");
    return print_message(message, false);
}

int CommandRunner::watch(const std::string& space, bool include_existing) {
    v1::WatchRequest request;
    request.set_space(space);
    request.set_include_existing(include_existing);
    auto context = client_.context(std::chrono::seconds(0));  // no deadline: runs until stopped

    // Cancels the stream on SIGINT/SIGTERM (blocked by main, so they queue for sigtimedwait).
    std::atomic<bool> interrupted{false};
    std::atomic<bool> done{false};
    grpc::ClientContext* raw_context = context.get();
    std::thread stopper([&] {
        sigset_t signals;
        sigemptyset(&signals);
        sigaddset(&signals, SIGINT);
        sigaddset(&signals, SIGTERM);
        const timespec tick{0, 200 * 1000 * 1000};
        while (!done.load()) {
            if (sigtimedwait(&signals, nullptr, &tick) > 0) {
                interrupted = true;
                raw_context->TryCancel();
                return;
            }
        }
    });

    auto reader = client_.events().Watch(context.get(), request);
    // The server sends its headers once the subscription is live.
    reader->WaitForInitialMetadata();
    const auto& headers = context->GetServerInitialMetadata();
    if (!interrupted && headers.find("grove-watch") != headers.end())
        err_ << "grovectl: watching " << space << " (Ctrl-C to stop)" << std::endl;
    v1::SpaceEvent event;
    while (reader->Read(&event)) {
        if (json_)
            out_ << to_json(event).dump() << std::endl;
        else
            out_ << format_event_line(event) << std::endl;
    }
    const grpc::Status status = reader->Finish();
    done = true;
    stopper.join();
    if (interrupted) return kExitOk;
    if (status.ok()) {
        err_ << "grovectl: the watch stream ended\n";
        return kExitOk;
    }
    return fail(status, "watch");
}

}  // namespace grove::apps::grovectl
