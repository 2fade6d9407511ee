// ChatService: chat post|list|edit|delete.
#include "api_commands.h"
#include "api_format.h"
#include "grove/api/v1/api.grpc.pb.h"

namespace grove::apps::grovectl {

namespace v1 = grove::api::v1;
using Chat = v1::ChatService::Stub;

void add_chat_commands(CommandLine& cli) {
    CLI::App* group = cli.group("chat", "Post, list, edit or delete chat messages");

    CLI::App* post = cli.command(group, "post", "Post a message; prints its id");
    auto& post_space = cli.space_argument(post);
    auto& text = cli.argument(post, "TEXT", "The message (up to 64 KiB)");
    cli.on_run(post, [&](CommandContext& context) {
        v1::PostChatRequest request;
        request.set_space(post_space);
        request.set_text(text);
        v1::ChatMessage message;
        if (int code = context.call(&Chat::Post, request, message, "cannot post")) return code;
        return context.print(to_json(message), message.id());
    });

    CLI::App* list = cli.command(group, "list", "List the messages of a space, oldest first");
    auto& list_space = cli.space_argument(list);
    auto& limit = cli.keep<std::uint32_t>();
    list->add_option("--limit", limit, "Only the last N messages (0 = all)")->type_name("N");
    cli.on_run(list, [&](CommandContext& context) {
        v1::ListChatRequest request;
        request.set_space(list_space);
        request.set_limit(limit);
        // Without --limit, every page in order (at most 1,000 messages per answer).
        google::protobuf::RepeatedPtrField<v1::ChatMessage> all;
        do {
            v1::ListChatResponse response;
            if (int code = context.call(&Chat::List, request, response, "cannot list the chat"))
                return code;
            for (auto& message : *response.mutable_messages()) *all.Add() = std::move(message);
            request.set_page_token(response.next_page_token());
        } while (!request.page_token().empty());
        return context.print_list("messages", all, as_json, format_chat_line);
    });

    CLI::App* edit = cli.command(group, "edit", "Edit one of your messages");
    auto& edit_space = cli.space_argument(edit);
    auto& edit_id = cli.argument(edit, "ID", "The message id (as printed by post / list)");
    auto& new_text = cli.argument(edit, "TEXT", "The new text");
    cli.on_run(edit, [&](CommandContext& context) {
        v1::EditChatRequest request;
        request.set_space(edit_space);
        request.set_message_id(edit_id);
        request.set_text(new_text);
        return context.call_and_print(&Chat::Edit, request, "cannot edit the message", as_json,
                                      format_chat_line);
    });

    CLI::App* remove = cli.command(group, "delete", "Delete one of your messages");
    auto& delete_space = cli.space_argument(remove);
    auto& delete_id = cli.argument(remove, "ID", "The message id");
    cli.on_run(remove, [&](CommandContext& context) {
        v1::DeleteChatRequest request;
        request.set_space(delete_space);
        request.set_message_id(delete_id);
        return context.call_and_print(&Chat::Delete, request, "cannot delete the message", as_json,
                                      format_chat_line);
    });
}

}  // namespace grove::apps::grovectl
