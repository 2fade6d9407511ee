#include "discussion_commands.h"

#include <sstream>
#include <vector>

#include "api_format.h"
#include "grove/api/v1/api.grpc.pb.h"
#include "grove/tools/discussion/v1/discussion_service.grpc.pb.h"
#include "tool_instance_lookup.h"

namespace grove::apps::grovectl {

namespace v1 = grove::api::v1;
namespace dv1 = grove::tools::discussion::v1;
using Discussion = dv1::DiscussionService::Stub;
using nlohmann::json;

namespace {

json post_json(const dv1::PostView& post) {
    return {{"id", post.id()},
            {"parent_id", post.parent_id()},
            {"topic_id", post.topic_id()},
            {"title", post.title()},
            {"body", post.body()},
            {"body_html", post.body_html()},
            {"author_id", post.author_id()},
            {"author_name", post.author_name()},
            {"posted_ms", post.posted_ms()},
            {"edited_ms", post.edited_ms()},
            {"deleted", post.deleted()},
            {"depth", post.depth()},
            {"reply_count", post.reply_count()},
            {"unread_count", post.unread_count()},
            {"last_activity", post.last_activity()}};
}

std::string event_kind(const dv1::DiscussionEvent& event) {
    switch (event.kind()) {
        case dv1::DiscussionEvent::KIND_POSTED:
            return "posted";
        case dv1::DiscussionEvent::KIND_EDITED:
            return "edited";
        case dv1::DiscussionEvent::KIND_DELETED:
            return "deleted";
        default:
            return "unspecified";
    }
}

// A topic or reply on one line (replies indented by depth).
std::string post_line(const dv1::PostView& post) {
    std::ostringstream out;
    out << std::string(2 * post.depth(), ' ') << post.id() << "  " << format_time(post.posted_ms())
        << "  " << post.author_name() << ": ";
    if (post.deleted()) {
        out << "(deleted)";
        return out.str();
    }
    if (post.depth() == 0) out << '[' << one_line(post.title()) << "] ";
    out << one_line(post.body());
    if (post.depth() == 0)
        out << "  (" << post.reply_count() << (post.reply_count() == 1 ? " reply)" : " replies)");
    return out.str();
}

struct InstanceArguments {
    std::string space;
    std::string instance;  // an instance id, id prefix or name
};

InstanceArguments& instance_arguments(CommandLine& cli, CLI::App* command) {
    auto& arguments = cli.keep<InstanceArguments>();
    command->add_option("SPACE", arguments.space, "Space id, id prefix or unambiguous name")
        ->required();
    command->add_option("INSTANCE", arguments.instance, "Discussion instance id, id prefix or name")
        ->required();
    return arguments;
}

// Finds the instance (id, id prefix or name) through ToolService.List; an exit code on failure.
int resolve_instance(CommandContext& context, const InstanceArguments& arguments,
                     dv1::InstanceRef& out) {
    return find_tool_instance(context.client(), context.err(), arguments.space, arguments.instance,
                              "cannot find the tool instance", out);
}

int print_posts(CommandContext& context, const char* key,
                const google::protobuf::RepeatedPtrField<dv1::PostView>& posts) {
    return context.print_list(key, posts, post_json, post_line);
}

}  // namespace

void add_discussion_commands(CommandLine& cli) {
    CLI::App* group =
        cli.group("discussion", "Read and post in a Discussion tool instance (its gRPC service)");

    CLI::App* topics = cli.command(group, "topics", "List the topics, newest activity first");
    auto& topics_of = instance_arguments(cli, topics);
    cli.on_run(topics, [&](CommandContext& context) {
        dv1::ListTopicsRequest request;
        if (int code = resolve_instance(context, topics_of, *request.mutable_instance()))
            return code;
        // Every page, in order: the service answers at most 1,000 topics per call.
        request.set_page_size(1000);
        google::protobuf::RepeatedPtrField<dv1::PostView> all;
        do {
            dv1::ListTopicsResponse response;
            if (int code = context.call(&Discussion::ListTopics, request, response,
                                        "cannot list the topics"))
                return code;
            for (auto& topic : *response.mutable_topics()) *all.Add() = std::move(topic);
            request.set_page_token(response.next_page_token());
        } while (!request.page_token().empty());
        return print_posts(context, "topics", all);
    });

    CLI::App* thread = cli.command(group, "thread", "Show a topic and its replies");
    auto& thread_of = instance_arguments(cli, thread);
    auto& topic = cli.argument(thread, "TOPIC", "The topic id");
    cli.on_run(thread, [&](CommandContext& context) {
        dv1::GetThreadRequest request;
        if (int code = resolve_instance(context, thread_of, *request.mutable_instance()))
            return code;
        request.set_topic_id(topic);
        dv1::GetThreadResponse response;
        if (int code =
                context.call(&Discussion::GetThread, request, response, "cannot show the thread"))
            return code;
        return print_posts(context, "posts", response.posts());
    });

    CLI::App* post = cli.command(group, "post", "Start a topic; prints its id");
    auto& post_in = instance_arguments(cli, post);
    auto& title = cli.keep<std::string>();
    post->add_option("--title", title, "The topic's title")->required()->type_name("T");
    auto& body = cli.argument(post, "BODY", "The body (Markdown)");
    cli.on_run(post, [&](CommandContext& context) {
        dv1::PostRequest request;
        if (int code = resolve_instance(context, post_in, *request.mutable_instance())) return code;
        request.set_title(title);
        request.set_body(body);
        dv1::PostResponse response;
        if (int code = context.call(&Discussion::Post, request, response, "cannot post the topic"))
            return code;
        return context.print(post_json(response.post()), response.post().id());
    });

    CLI::App* reply = cli.command(group, "reply", "Reply to a topic or a reply; prints its id");
    auto& reply_in = instance_arguments(cli, reply);
    auto& parent = cli.argument(reply, "TOPIC", "The id of the topic or reply answered");
    auto& reply_body = cli.argument(reply, "BODY", "The body (Markdown)");
    cli.on_run(reply, [&](CommandContext& context) {
        dv1::ReplyRequest request;
        if (int code = resolve_instance(context, reply_in, *request.mutable_instance()))
            return code;
        request.set_parent_id(parent);
        request.set_body(reply_body);
        dv1::PostResponse response;
        if (int code = context.call(&Discussion::Reply, request, response, "cannot reply"))
            return code;
        return context.print(post_json(response.post()), response.post().id());
    });

    CLI::App* watch =
        cli.command(group, "watch", "Print new, edited and deleted posts until interrupted");
    auto& watched = instance_arguments(cli, watch);
    cli.on_run(
        watch,
        [&](CommandContext& context) {
            dv1::WatchRequest request;
            if (int code = resolve_instance(context, watched, *request.mutable_instance()))
                return code;
            return context.follow(
                &Discussion::Watch, request, watched.instance, "discussion watch",
                [&](const dv1::DiscussionEvent& event) {
                    context.print({{"kind", event_kind(event)}, {"post", post_json(event.post())}},
                                  event_kind(event) + "  " + post_line(event.post()));
                });
        },
        /*streaming=*/true);
}

}  // namespace grove::apps::grovectl
