// CommandRunner's tool, Discussion and replication commands (the rest is in commands.cpp).
#include <signal.h>

#include <atomic>
#include <functional>
#include <ostream>
#include <thread>
#include <vector>

#include "commands.h"
#include "exit_codes.h"
#include "output.h"

namespace grove::apps::grovectl {

namespace v1 = grove::api::v1;
namespace dv1 = grove::tools::discussion::v1;

namespace {

// Runs `stream()` (which reads a server stream until it ends) while a helper thread cancels the
// call on SIGINT/SIGTERM; those must be blocked in every thread. Sets `interrupted` when it did.
grpc::Status run_interruptible(grpc::ClientContext& context, std::atomic<bool>& interrupted,
                               const std::function<grpc::Status()>& stream) {
    std::atomic<bool> done{false};
    std::thread stopper([&] {
        sigset_t signals;
        sigemptyset(&signals);
        sigaddset(&signals, SIGINT);
        sigaddset(&signals, SIGTERM);
        const timespec tick{0, 200 * 1000 * 1000};
        while (!done.load()) {
            if (sigtimedwait(&signals, nullptr, &tick) > 0) {
                interrupted = true;
                context.TryCancel();
                return;
            }
        }
    });
    const grpc::Status status = stream();
    done = true;
    stopper.join();
    return status;
}

}  // namespace

int CommandRunner::tool_installed() {
    v1::ListInstalledToolsResponse response;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = client_.tools().ListInstalled(context.get(), {}, &response);
    if (!status.ok()) return fail(status, "cannot list the installed tools");
    return print_list("tools", response.tools(),
                      [](const auto& item) { return format_tool_line(item); });
}

int CommandRunner::tool_add(const std::string& space, const std::string& tool_id,
                            const std::string& name) {
    v1::AddToolRequest request;
    request.set_space(space);
    request.set_tool_id(tool_id);
    request.set_name(name);
    v1::ToolInstance instance;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = client_.tools().Add(context.get(), request, &instance);
    if (!status.ok()) return fail(status, "cannot add the tool");
    if (json_)
        out_ << to_json(instance).dump() << '\n';
    else
        out_ << instance.id() << '\n';
    return kExitOk;
}

int CommandRunner::tool_list(const std::string& space) {
    v1::ListToolsRequest request;
    request.set_space(space);
    v1::ListToolsResponse response;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = client_.tools().List(context.get(), request, &response);
    if (!status.ok()) return fail(status, "cannot list the tools");
    return print_list("instances", response.instances(),
                      [](const auto& item) { return format_instance_line(item); });
}

int CommandRunner::tool_rename(const std::string& space, const std::string& instance_ref,
                               const std::string& name) {
    v1::RenameToolRequest request;
    request.set_space(space);
    request.set_instance(instance_ref);
    request.set_name(name);
    v1::ToolInstance instance;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = client_.tools().Rename(context.get(), request, &instance);
    if (!status.ok()) return fail(status, "cannot rename the tool");
    if (json_)
        out_ << to_json(instance).dump() << '\n';
    else
        out_ << format_instance_line(instance) << '\n';
    return kExitOk;
}

int CommandRunner::tool_remove(const std::string& space, const std::string& instance_ref) {
    v1::RemoveToolRequest request;
    request.set_space(space);
    request.set_instance(instance_ref);
    v1::Empty empty;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = client_.tools().Remove(context.get(), request, &empty);
    if (!status.ok()) return fail(status, "cannot remove the tool");
    if (json_) out_ << nlohmann::json{{"removed", instance_ref}}.dump() << '\n';
    return kExitOk;
}

int CommandRunner::resolve_instance(const std::string& space, const std::string& instance_ref,
                                    dv1::InstanceRef& out) {
    v1::ListToolsRequest request;
    request.set_space(space);
    v1::ListToolsResponse response;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = client_.tools().List(context.get(), request, &response);
    if (!status.ok()) return fail(status, "cannot find the tool instance");
    std::vector<const v1::ToolInstance*> matches;
    for (const auto& instance : response.instances())
        if (instance.id() == instance_ref) matches = {&instance};
    if (matches.empty())
        for (const auto& instance : response.instances())
            if (instance.name() == instance_ref ||
                (instance_ref.size() >= 4 && instance.id().rfind(instance_ref, 0) == 0))
                matches.push_back(&instance);
    if (matches.size() != 1) {
        err_ << "grovectl: " << (matches.empty() ? "no tool instance " : "ambiguous instance ")
             << instance_ref << " in " << space << '\n';
        return matches.empty() ? kExitNotFound : kExitUsage;
    }
    out.set_space_id(matches.front()->space_id());
    out.set_instance_id(matches.front()->id());
    return kExitOk;
}

int CommandRunner::discussion_topics(const std::string& space, const std::string& instance) {
    dv1::ListTopicsRequest request;
    if (int code = resolve_instance(space, instance, *request.mutable_instance())) return code;
    dv1::ListTopicsResponse response;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = client_.discussion().ListTopics(context.get(), request, &response);
    if (!status.ok()) return fail(status, "cannot list the topics");
    return print_list("topics", response.topics(),
                      [](const auto& item) { return format_post_line(item); });
}

int CommandRunner::discussion_thread(const std::string& space, const std::string& instance,
                                     const std::string& topic) {
    dv1::GetThreadRequest request;
    if (int code = resolve_instance(space, instance, *request.mutable_instance())) return code;
    request.set_topic_id(topic);
    dv1::GetThreadResponse response;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = client_.discussion().GetThread(context.get(), request, &response);
    if (!status.ok()) return fail(status, "cannot show the thread");
    return print_list("posts", response.posts(),
                      [](const auto& item) { return format_post_line(item); });
}

int CommandRunner::discussion_post(const std::string& space, const std::string& instance,
                                   const std::string& title, const std::string& body) {
    dv1::PostRequest request;
    if (int code = resolve_instance(space, instance, *request.mutable_instance())) return code;
    request.set_title(title);
    request.set_body(body);
    dv1::PostResponse response;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = client_.discussion().Post(context.get(), request, &response);
    if (!status.ok()) return fail(status, "cannot post the topic");
    if (json_)
        out_ << to_json(response.post()).dump() << '\n';
    else
        out_ << response.post().id() << '\n';
    return kExitOk;
}

int CommandRunner::discussion_reply(const std::string& space, const std::string& instance,
                                    const std::string& parent, const std::string& body) {
    dv1::ReplyRequest request;
    if (int code = resolve_instance(space, instance, *request.mutable_instance())) return code;
    request.set_parent_id(parent);
    request.set_body(body);
    dv1::PostResponse response;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = client_.discussion().Reply(context.get(), request, &response);
    if (!status.ok()) return fail(status, "cannot reply");
    if (json_)
        out_ << to_json(response.post()).dump() << '\n';
    else
        out_ << response.post().id() << '\n';
    return kExitOk;
}

int CommandRunner::discussion_watch(const std::string& space, const std::string& instance) {
    dv1::WatchRequest request;
    if (int code = resolve_instance(space, instance, *request.mutable_instance())) return code;
    auto context = client_.context(std::chrono::seconds(0));  // runs until stopped
    std::atomic<bool> interrupted{false};
    const grpc::Status status = run_interruptible(*context, interrupted, [&] {
        auto reader = client_.discussion().Watch(context.get(), request);
        // The tool sends its headers once the subscription is live.
        reader->WaitForInitialMetadata();
        if (!interrupted)
            err_ << "grovectl: watching " << instance << " (Ctrl-C to stop)" << std::endl;
        dv1::DiscussionEvent event;
        while (reader->Read(&event)) {
            if (json_) {
                out_ << to_json(event).dump() << std::endl;
            } else {
                out_ << to_json(event)["kind"].get<std::string>() << "  "
                     << format_post_line(event.post()) << std::endl;
            }
        }
        return reader->Finish();
    });
    if (interrupted) return kExitOk;
    if (status.ok()) {
        err_ << "grovectl: the watch stream ended\n";
        return kExitOk;
    }
    return fail(status, "discussion watch");
}

int CommandRunner::sync_status(const std::string& space) {
    v1::SyncStatusRequest request;
    request.set_space(space);
    v1::SyncStatus response;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = client_.sync().Status(context.get(), request, &response);
    if (!status.ok()) return fail(status, "cannot show the sync status");
    if (json_)
        out_ << to_json(response).dump() << '\n';
    else
        out_ << format_sync_status(response);
    return kExitOk;
}

int CommandRunner::invite(const std::string& space, const std::string& role,
                          std::uint32_t valid_seconds) {
    v1::CreateInvitationRequest request;
    request.set_space(space);
    request.set_role(role);
    request.set_valid_seconds(valid_seconds);
    v1::Invitation invitation;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = client_.sync().CreateInvitation(context.get(), request, &invitation);
    if (!status.ok()) return fail(status, "cannot create the invitation");
    if (json_)
        out_ << to_json(invitation).dump() << '\n';
    else
        out_ << invitation.code() << '\n';
    return kExitOk;
}

int CommandRunner::join(const std::string& code) {
    v1::JoinRequest request;
    request.set_code(code);
    v1::Space space;
    auto context = client_.context(std::chrono::seconds(60));  // dials, then fetches history
    const auto status = client_.sync().Join(context.get(), request, &space);
    if (!status.ok()) return fail(status, "cannot join");
    if (json_)
        out_ << to_json(space).dump() << '\n';
    else
        out_ << space.id() << '\n';
    return kExitOk;
}

}  // namespace grove::apps::grovectl
