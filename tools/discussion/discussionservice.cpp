#include "discussionservice.h"

#include <grove/sdk/grpcstatus.h>
#include <grove/sdk/watchqueue.h>
#include <grpcpp/server_context.h>

#include <memory>

#include "discussioninstance.h"

namespace grove::tools::discussion {
namespace {

constexpr std::size_t kWatchQueueEvents = 1024;
constexpr auto kWatchPoll = std::chrono::milliseconds(200);

using sdk::grpc_status;

void to_view(const PostRow& row, v1::PostView* out) {
    out->set_id(row.id.toStdString());
    out->set_parent_id(row.parent_id.toStdString());
    out->set_topic_id(row.topic_id.toStdString());
    out->set_title(row.title.toStdString());
    out->set_body(row.body.toStdString());
    out->set_body_html(row.body_html.toStdString());
    out->set_author_id(row.author_id.toStdString());
    out->set_author_name(row.author_name.toStdString());
    out->set_posted_ms(row.posted_ms);
    out->set_edited_ms(row.edited_ms);
    out->set_deleted(row.deleted);
    out->set_depth(static_cast<std::uint32_t>(row.depth));
    out->set_reply_count(static_cast<std::uint32_t>(row.reply_count));
    out->set_unread_count(static_cast<std::uint32_t>(row.unread_count));
    out->set_last_activity(row.last_activity);
}

std::optional<PostId> parse_id(const std::string& hex) {
    PostId id{};
    if (!sdk::from_hex(hex, id)) return std::nullopt;
    return id;
}

DiscussionInstance& discussion(sdk::ToolInstance& instance) {
    // The host hands out only instances this tool created.
    return static_cast<DiscussionInstance&>(instance);
}

}  // namespace

grpc::Status DiscussionService::ListTopics(grpc::ServerContext* call,
                                           const v1::ListTopicsRequest* request,
                                           v1::ListTopicsResponse* response) {
    if (auto ok = context_.authorize(*call); !ok) return grpc_status(ok);
    return grpc_status(context_.with_instance(
        request->instance().space_id(), request->instance().instance_id(),
        [&](sdk::ToolInstance& instance) {
            for (const PostRow& row : discussion(instance).discussion().topic_list().rows())
                to_view(row, response->add_topics());
        }));
}

grpc::Status DiscussionService::GetThread(grpc::ServerContext* call,
                                          const v1::GetThreadRequest* request,
                                          v1::GetThreadResponse* response) {
    if (auto ok = context_.authorize(*call); !ok) return grpc_status(ok);
    auto topic = parse_id(request->topic_id());
    if (!topic)
        return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "topic_id must be 64 hex digits");
    bool found = false;
    auto done = context_.with_instance(
        request->instance().space_id(), request->instance().instance_id(),
        [&](sdk::ToolInstance& instance) {
            for (const PostRow& row : discussion(instance).discussion().thread_rows(*topic)) {
                to_view(row, response->add_posts());
                found = true;
            }
        });
    if (!done) return grpc_status(done);
    if (!found) return grpc::Status(grpc::StatusCode::NOT_FOUND, "no such topic");
    return grpc::Status::OK;
}

grpc::Status DiscussionService::Post(grpc::ServerContext* call, const v1::PostRequest* request,
                                     v1::PostResponse* response) {
    if (auto ok = context_.authorize(*call); !ok) return grpc_status(ok);
    Result<void> outcome;
    auto done =
        context_.with_instance(request->instance().space_id(), request->instance().instance_id(),
                               [&](sdk::ToolInstance& instance) {
                                   auto& model = discussion(instance).discussion();
                                   auto id = model.submit_topic(request->title(), request->body());
                                   if (!id) {
                                       outcome = id.error();
                                       return;
                                   }
                                   if (const auto* post = discussion(instance).state().find(*id))
                                       to_view(model.row_for(*post, 0), response->mutable_post());
                               });
    if (!done) return grpc_status(done);
    return grpc_status(outcome);
}

grpc::Status DiscussionService::Reply(grpc::ServerContext* call, const v1::ReplyRequest* request,
                                      v1::PostResponse* response) {
    if (auto ok = context_.authorize(*call); !ok) return grpc_status(ok);
    auto parent = parse_id(request->parent_id());
    if (!parent)
        return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "parent_id must be 64 hex digits");
    Result<void> outcome;
    auto done = context_.with_instance(
        request->instance().space_id(), request->instance().instance_id(),
        [&](sdk::ToolInstance& instance) {
            auto& model = discussion(instance).discussion();
            auto id = model.submit_reply(*parent, request->body());
            if (!id) {
                outcome = id.error();
                return;
            }
            const auto& state = discussion(instance).state();
            if (const auto* post = state.find(*id)) {
                int depth = 0;
                for (const auto* p = post; p->parent; p = state.find(*p->parent)) ++depth;
                to_view(model.row_for(*post, depth), response->mutable_post());
            }
        });
    if (!done) return grpc_status(done);
    return grpc_status(outcome);
}

grpc::Status DiscussionService::Search(grpc::ServerContext* call, const v1::SearchRequest* request,
                                       v1::SearchResponse* response) {
    if (auto ok = context_.authorize(*call); !ok) return grpc_status(ok);
    return grpc_status(context_.with_instance(
        request->instance().space_id(), request->instance().instance_id(),
        [&](sdk::ToolInstance& instance) {
            const QString query = QString::fromStdString(request->query());
            for (const PostRow& row : discussion(instance).discussion().search_rows(query))
                to_view(row, response->add_posts());
        }));
}

grpc::Status DiscussionService::Watch(grpc::ServerContext* call, const v1::WatchRequest* request,
                                      grpc::ServerWriter<v1::DiscussionEvent>* writer) {
    if (auto ok = context_.authorize(*call); !ok) return grpc_status(ok);
    const std::string& space = request->instance().space_id();
    const std::string& instance_id = request->instance().instance_id();
    auto queue = std::make_shared<sdk::WatchQueue<v1::DiscussionEvent>>(kWatchQueueEvents);
    auto on_change = [queue](const StateChange& change, const DiscussionInstance& source) {
        if (queue->abandoned()) return false;  // the watcher left: unsubscribe
        v1::DiscussionEvent event;
        switch (change.kind) {
            case StateChange::Kind::Posted:
                event.set_kind(v1::DiscussionEvent::KIND_POSTED);
                break;
            case StateChange::Kind::Edited:
                event.set_kind(v1::DiscussionEvent::KIND_EDITED);
                break;
            case StateChange::Kind::Deleted:
                event.set_kind(v1::DiscussionEvent::KIND_DELETED);
                break;
            default:
                return true;  // read marks are not news for an integrator
        }
        const auto& state = source.state();
        const auto* post = state.find(change.post);
        if (!post) return true;
        int depth = 0;
        for (const auto* p = post; p->parent; p = state.find(*p->parent)) ++depth;
        to_view(source.discussion().row_for(*post, depth), event.mutable_post());
        queue->push(std::move(event));
        return true;
    };
    auto subscribed = context_.with_instance(space, instance_id, [&](sdk::ToolInstance& instance) {
        discussion(instance).add_listener(on_change, [queue] { queue->close(); });
    });
    if (!subscribed) return grpc_status(subscribed);
    // Tells the client the subscription is live: nothing after this point is missed.
    writer->SendInitialMetadata();

    // From here on this thread never waits for the host thread: the instance pushes, and says
    // when it goes away; leaving just marks the queue abandoned.
    grpc::Status status = grpc::Status::OK;
    while (!call->IsCancelled()) {
        if (auto event = queue->pop_for(kWatchPoll)) {
            if (!writer->Write(*event)) break;
            continue;
        }
        if (queue->overflowed()) {
            status = grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                                  "the watcher fell too far behind");
            break;
        }
        if (queue->closed()) {
            status = grpc::Status(grpc::StatusCode::NOT_FOUND, "the instance was removed");
            break;
        }
    }
    queue->abandon();
    return status;
}

}  // namespace grove::tools::discussion
