#include "discussionservice.h"

#include <grove/sdk/grpcstatus.h>
#include <grove/sdk/pagination.h>
#include <grpcpp/server_context.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <optional>

#include "discussioninstance.h"

namespace grove::tools::discussion {
namespace {

using sdk::grpc_status;
// (Inside the service class, `Post` names the rpc.)
using StoredPost = ::grove::tools::discussion::Post;

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

// What a page token is bound to: the instance (ids as the host reads them) and the list.
std::string page_query(const v1::InstanceRef& ref, const std::string& list) {
    std::string out = ref.space_id() + "/" + ref.instance_id() + "/" + list;
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// A position in a list ordered by (a Lamport time, descending; id ascending): 8 + 32 bytes.
std::string topic_key(std::uint64_t lamport, const PostId& id) {
    std::string key(8, '\0');
    for (int i = 0; i < 8; ++i) key[i] = static_cast<char>(lamport >> (56 - 8 * i));
    key.append(reinterpret_cast<const char*>(id.data()), id.size());
    return key;
}

std::optional<std::pair<std::uint64_t, PostId>> topic_key(const std::string& key) {
    if (key.size() != 8 + sizeof(PostId)) return std::nullopt;
    std::uint64_t lamport = 0;
    for (int i = 0; i < 8; ++i) lamport = (lamport << 8) | static_cast<unsigned char>(key[i]);
    PostId id{};
    std::copy(key.begin() + 8, key.end(), id.begin());
    return std::make_pair(lamport, id);
}

// A request without its request_id: what a retry must repeat exactly.
template <class Request>
std::string fingerprint(const Request& request) {
    Request copy = request;
    copy.clear_request_id();
    return copy.SerializeAsString();
}

DiscussionInstance& discussion(sdk::ToolInstance& instance) {
    // The host hands out only instances this tool created.
    return static_cast<DiscussionInstance&>(instance);
}

}  // namespace

grpc::Status DiscussionService::ListTopics(grpc::ServerContext* call,
                                           const v1::ListTopicsRequest* request,
                                           v1::ListTopicsResponse* response) {
    if (auto ok = context_.authorize_access(*call, {false, request->instance().space_id()}); !ok)
        return grpc_status(ok);
    const std::string query = page_query(request->instance(), "topics");
    auto page = sdk::PageTokens::parse(request->page_size(), request->page_token(), query);
    if (!page) return grpc_status(page.error());
    std::optional<std::pair<std::uint64_t, PostId>> after;
    if (page->after) {
        after = topic_key(*page->after);
        if (!after) return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "invalid page_token");
    }
    return grpc_status(context_.with_instance(
        request->instance().space_id(), request->instance().instance_id(),
        [&](sdk::ToolInstance& instance) {
            const auto& state = discussion(instance).state();
            bool more = false;
            const auto topics = state.topics_page(after, page->size, more);
            for (const StoredPost* topic : topics)
                to_view(discussion(instance).discussion().row_for(*topic, 0),
                        response->add_topics());
            if (more && !topics.empty())
                response->set_next_page_token(sdk::PageTokens::next(
                    topic_key(state.activity_of(topics.back()->id), topics.back()->id), query));
        }));
}

grpc::Status DiscussionService::GetThread(grpc::ServerContext* call,
                                          const v1::GetThreadRequest* request,
                                          v1::GetThreadResponse* response) {
    if (auto ok = context_.authorize_access(*call, {false, request->instance().space_id()}); !ok)
        return grpc_status(ok);
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
    if (auto ok = context_.authorize_access(*call, {true, request->instance().space_id()}); !ok)
        return grpc_status(ok);
    return requests_.run("Post\n" + page_query(request->instance(), ""), request->request_id(),
                         fingerprint(*request), *response, [&] {
                             Result<void> outcome;
                             auto done = context_.with_instance(
                                 request->instance().space_id(), request->instance().instance_id(),
                                 [&](sdk::ToolInstance& instance) {
                                     auto& model = discussion(instance).discussion();
                                     auto id =
                                         model.submit_topic(request->title(), request->body());
                                     if (!id) {
                                         outcome = id.error();
                                         return;
                                     }
                                     if (const auto* post = discussion(instance).state().find(*id))
                                         to_view(model.row_for(*post, 0), response->mutable_post());
                                 });
                             if (!done) return grpc_status(done);
                             return grpc_status(outcome);
                         });
}

grpc::Status DiscussionService::Reply(grpc::ServerContext* call, const v1::ReplyRequest* request,
                                      v1::PostResponse* response) {
    if (auto ok = context_.authorize_access(*call, {true, request->instance().space_id()}); !ok)
        return grpc_status(ok);
    auto parent = parse_id(request->parent_id());
    if (!parent)
        return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "parent_id must be 64 hex digits");
    return requests_.run(
        "Reply\n" + page_query(request->instance(), ""), request->request_id(),
        fingerprint(*request), *response, [&] {
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
        });
}

grpc::Status DiscussionService::Search(grpc::ServerContext* call, const v1::SearchRequest* request,
                                       v1::SearchResponse* response) {
    if (auto ok = context_.authorize_access(*call, {false, request->instance().space_id()}); !ok)
        return grpc_status(ok);
    const std::string query = page_query(request->instance(), "search\n" + request->query());
    auto page = sdk::PageTokens::parse(request->page_size(), request->page_token(), query);
    if (!page) return grpc_status(page.error());
    std::optional<std::pair<std::uint64_t, PostId>> after;
    if (page->after) {
        after = topic_key(*page->after);
        if (!after) return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "invalid page_token");
    }
    return grpc_status(context_.with_instance(
        request->instance().space_id(), request->instance().instance_id(),
        [&](sdk::ToolInstance& instance) {
            const auto& model = discussion(instance).discussion();
            const auto found = discussion(instance).state().search(request->query());
            // Newest first: (created Lamport descending, id ascending), as search() orders.
            auto it = found.begin();
            if (after)
                it = std::find_if(found.begin(), found.end(), [&](const StoredPost* post) {
                    if (post->created_lamport != after->first)
                        return post->created_lamport < after->first;
                    return post->id > after->second;
                });
            const StoredPost* last = nullptr;
            for (; it != found.end() &&
                   static_cast<std::uint32_t>(response->posts_size()) < page->size;
                 ++it) {
                to_view(model.row_for(**it, 0), response->add_posts());
                last = *it;
            }
            if (it != found.end() && last)
                response->set_next_page_token(
                    sdk::PageTokens::next(topic_key(last->created_lamport, last->id), query));
        }));
}

grpc::Status DiscussionService::Watch(grpc::ServerContext* call, const v1::WatchRequest* request,
                                      grpc::ServerWriter<v1::DiscussionEvent>* writer) {
    if (auto ok = context_.authorize_access(*call, {false, request->instance().space_id()}); !ok)
        return grpc_status(ok);
    return watches_.serve(*call, request->instance().space_id(), request->instance().instance_id(),
                          request->from_cursor(), *writer);
}

void DiscussionService::attach_watch(sdk::ToolInstance& instance, Watches::Publish publish,
                                     Watches::Closed closed) {
    auto on_change = [publish = std::move(publish)](const StateChange& change,
                                                    const DiscussionInstance& source) {
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
        publish(std::move(event));
        return true;
    };
    discussion(instance).add_listener(std::move(on_change), std::move(closed));
}

}  // namespace grove::tools::discussion
