#include "discussionstate.h"

#include <grove/sdk/crdt/digest.h>
#include <grove/sdk/crdt/replica_id.h>

#include <QString>
#include <algorithm>

#include "grove/tools/discussion/v1/ops.pb.h"
#include "grove/tools/discussion/v1/state.pb.h"

namespace grove::tools::discussion {
namespace v1 = grove::tools::discussion::v1;
namespace crdt = grove::sdk::crdt;

namespace {

Error rejected(ErrorCode code, std::string message) {
    return make_error(code, std::move(message));
}

bool to_post_id(const std::string& bytes, PostId& out) {
    return sdk::copy_id(sdk::as_bytes(bytes), out);
}

std::string id_bytes(const PostId& id) {
    return std::string(reinterpret_cast<const char*>(id.data()), id.size());
}

crdt::Stamp stamp_of(const sdk::Operation& op) {
    return crdt::Stamp{op.lamport, crdt::ReplicaId::from_device_key(op.author_device)};
}

// UTF-8 well-formedness (protobuf checks `string` fields when parsing, but snapshots and
// direct callers go through here too).
bool valid_utf8(std::string_view text) {
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size())).toUtf8() ==
           QByteArray(text.data(), static_cast<qsizetype>(text.size()));
}

}  // namespace

Result<void> DiscussionState::check_title(std::string_view title) {
    if (title.find_first_not_of(" \t\r\n") == std::string_view::npos)
        return rejected(ErrorCode::InvalidArgument, "a topic needs a title");
    if (title.size() > kMaxTitleBytes)
        return rejected(ErrorCode::InvalidArgument, "the title is too long");
    if (!valid_utf8(title)) return rejected(ErrorCode::InvalidArgument, "the title is not UTF-8");
    return {};
}

Result<void> DiscussionState::check_body(std::string_view body) {
    if (body.size() > kMaxBodyBytes)
        return rejected(ErrorCode::InvalidArgument, "the text is longer than 64 KiB");
    if (!valid_utf8(body)) return rejected(ErrorCode::InvalidArgument, "the text is not UTF-8");
    return {};
}

const Post* DiscussionState::find(const PostId& id) const {
    auto it = posts_.find(id);
    return it == posts_.end() ? nullptr : &it->second;
}

void DiscussionState::link_child(Post& parent, const PostId& child) {
    const Post& c = posts_.at(child);
    auto position = std::lower_bound(parent.children.begin(), parent.children.end(), child,
                                     [&](const PostId& a, const PostId& b) {
                                         const Post& pa = posts_.at(a);
                                         const Post& pb = posts_.at(b);
                                         return std::tie(pa.created_lamport, pa.id) <
                                                std::tie(pb.created_lamport, pb.id);
                                     });
    (void)c;
    parent.children.insert(position, child);
}

Result<StateChange> DiscussionState::apply(const sdk::Operation& op) {
    auto change = apply_op(op);
    if (change &&
        (change->kind == StateChange::Kind::Posted || change->kind == StateChange::Kind::Edited ||
         change->kind == StateChange::Kind::Deleted))
        rehash_post(change->post);
    return change;
}

Result<StateChange> DiscussionState::apply_op(const sdk::Operation& op) {
    v1::DiscussionOp message;
    if (!message.ParseFromArray(op.payload.data(), static_cast<int>(op.payload.size())))
        return rejected(ErrorCode::InvalidArgument, "not a Discussion operation");
    if (op.lamport == 0)
        return rejected(ErrorCode::InvalidArgument, "operation without Lamport time");
    if (op.author_role == sdk::Role::Guest)
        return rejected(ErrorCode::PermissionDenied, "guests cannot write");
    const crdt::Stamp stamp = stamp_of(op);
    StateChange change;

    switch (message.op_case()) {
        case v1::DiscussionOp::kCreateTopic:
        case v1::DiscussionOp::kReply: {
            if (posts_.count(op.id)) return change;  // delivered twice: no-op
            Post post;
            post.id = op.id;
            post.author_identity = op.author_identity;
            post.author_device = op.author_device;
            post.created_lamport = op.lamport;
            post.created_ms = op.wall_time_ms;
            std::string body;
            if (message.has_create_topic()) {
                const auto& create = message.create_topic();
                if (auto ok = check_title(create.title()); !ok) return ok.error();
                if (auto ok = check_body(create.body()); !ok) return ok.error();
                post.topic = op.id;
                (void)post.title.apply({stamp, create.title()});
                body = create.body();
            } else {
                const auto& reply = message.reply();
                PostId parent_id{};
                if (!to_post_id(reply.parent_id(), parent_id))
                    return rejected(ErrorCode::InvalidArgument, "reply without a valid parent id");
                const Post* parent = find(parent_id);
                // Delivery is causal: the parent is here unless the op is bogus. Replying under a
                // deleted post is allowed (the deletion may be concurrent).
                if (!parent) return rejected(ErrorCode::NotFound, "reply to an unknown post");
                if (reply.body().find_first_not_of(" \t\r\n") == std::string::npos)
                    return rejected(ErrorCode::InvalidArgument, "an empty reply");
                if (auto ok = check_body(reply.body()); !ok) return ok.error();
                post.parent = parent_id;
                post.topic = parent->topic;
                body = reply.body();
            }
            (void)post.body.apply({stamp, std::move(body)});
            const PostId id = post.id;
            const PostId topic = post.topic;
            const std::optional<PostId> parent = post.parent;
            posts_.emplace(id, std::move(post));
            if (parent) link_child(posts_.at(*parent), id);
            thread_posts_[topic].push_back(id);
            record_activity(topic, op.lamport);
            change.kind = StateChange::Kind::Posted;
            change.post = id;
            change.topic = topic;
            return change;
        }
        case v1::DiscussionOp::kEdit: {
            const auto& edit = message.edit();
            PostId id{};
            if (!to_post_id(edit.post_id(), id))
                return rejected(ErrorCode::InvalidArgument, "edit without a valid post id");
            auto it = posts_.find(id);
            if (it == posts_.end()) return rejected(ErrorCode::NotFound, "edit of an unknown post");
            Post& post = it->second;
            if (post.author_identity != op.author_identity)
                return rejected(ErrorCode::PermissionDenied, "only the author may edit a post");
            if (!edit.has_title() && !edit.has_body())
                return rejected(ErrorCode::InvalidArgument, "an edit that changes nothing");
            if (edit.has_title()) {
                if (!post.is_topic())
                    return rejected(ErrorCode::InvalidArgument, "replies have no title");
                if (auto ok = check_title(edit.title()); !ok) return ok.error();
            }
            if (edit.has_body()) {
                if (auto ok = check_body(edit.body()); !ok) return ok.error();
                if (!post.is_topic() &&
                    edit.body().find_first_not_of(" \t\r\n") == std::string::npos)
                    return rejected(ErrorCode::InvalidArgument, "an empty reply");
            }
            // Deleted wins: later or concurrent edits of a deleted post have no effect.
            if (post.deleted) return change;
            if (edit.has_title()) (void)post.title.apply({stamp, edit.title()});
            if (edit.has_body()) (void)post.body.apply({stamp, edit.body()});
            if (post.edited_stamp < stamp) {
                post.edited_stamp = stamp;
                post.edited_ms = op.wall_time_ms;
            }
            change.kind = StateChange::Kind::Edited;
            change.post = id;
            change.topic = post.topic;
            return change;
        }
        case v1::DiscussionOp::kDelete: {
            PostId id{};
            if (!to_post_id(message.delete_().post_id(), id))
                return rejected(ErrorCode::InvalidArgument, "delete without a valid post id");
            auto it = posts_.find(id);
            if (it == posts_.end())
                return rejected(ErrorCode::NotFound, "delete of an unknown post");
            Post& post = it->second;
            if (post.author_identity != op.author_identity && op.author_role != sdk::Role::Manager)
                return rejected(ErrorCode::PermissionDenied,
                                "only the author or a manager may delete a post");
            if (post.deleted) return change;
            post.deleted = true;
            // Erase the text (the register history goes with it).
            post.title = crdt::LwwRegister<std::string>(crdt::ReplicaId{});
            post.body = crdt::LwwRegister<std::string>(crdt::ReplicaId{});
            post.edited_stamp = {};
            post.edited_ms = 0;
            change.kind = StateChange::Kind::Deleted;
            change.post = id;
            change.topic = post.topic;
            return change;
        }
        case v1::DiscussionOp::kMarkRead: {
            const auto& ids = message.mark_read().post_ids();
            if (static_cast<std::size_t>(ids.size()) > kMaxReadMarksPerOp)
                return rejected(ErrorCode::InvalidArgument, "too many read marks in one operation");
            std::set<PostId>& marks = read_[op.author_identity];
            std::set<PostId> topics;
            for (const std::string& raw : ids) {
                PostId id{};
                if (!to_post_id(raw, id))
                    return rejected(ErrorCode::InvalidArgument, "read mark with an invalid id");
                if (marks.insert(id).second) add_read_mark(op.author_identity, id);
                if (const Post* post = find(id)) topics.insert(post->topic);
            }
            change.kind = StateChange::Kind::Read;
            change.reader = op.author_identity;
            change.topics_read.assign(topics.begin(), topics.end());
            return change;
        }
        case v1::DiscussionOp::OP_NOT_SET:
            break;  // a kind from a newer version: no effect here
    }
    return change;
}

void DiscussionState::record_activity(const PostId& topic, std::uint64_t lamport) {
    auto [it, added] = activity_.try_emplace(topic, lamport);
    if (!added) {
        if (lamport <= it->second) return;
        topic_order_.erase({it->second, topic});
        it->second = lamport;
    }
    topic_order_.insert({lamport, topic});
}

std::vector<const Post*> DiscussionState::topics() const {
    std::vector<const Post*> out;
    out.reserve(topic_order_.size());
    for (const auto& [activity, topic] : topic_order_) out.push_back(&posts_.at(topic));
    return out;
}

std::vector<const Post*> DiscussionState::topics_page(
    const std::optional<std::pair<std::uint64_t, PostId>>& after, std::size_t limit,
    bool& more) const {
    std::vector<const Post*> out;
    auto it = after ? topic_order_.upper_bound(*after) : topic_order_.begin();
    for (; it != topic_order_.end() && out.size() < limit; ++it) out.push_back(&posts_.at(it->second));
    more = it != topic_order_.end();
    return out;
}

std::uint64_t DiscussionState::activity_of(const PostId& topic) const {
    auto it = activity_.find(topic);
    return it == activity_.end() ? 0 : it->second;
}

std::size_t DiscussionState::topic_rank(const PostId& topic) const {
    auto activity = activity_.find(topic);
    if (activity == activity_.end()) return topic_order_.size();
    auto it = topic_order_.find({activity->second, topic});
    return static_cast<std::size_t>(std::distance(topic_order_.begin(), it));
}

std::vector<std::pair<const Post*, int>> DiscussionState::thread(const PostId& topic) const {
    std::vector<std::pair<const Post*, int>> out;
    const Post* root = find(topic);
    if (!root || !root->is_topic()) return out;
    std::vector<std::pair<const Post*, int>> stack{{root, 0}};
    while (!stack.empty()) {
        auto [post, depth] = stack.back();
        stack.pop_back();
        out.emplace_back(post, depth);
        for (auto it = post->children.rbegin(); it != post->children.rend(); ++it)
            stack.emplace_back(&posts_.at(*it), depth + 1);
    }
    return out;
}

bool DiscussionState::is_read(const sdk::IdentityId& reader, const PostId& post) const {
    auto it = read_.find(reader);
    return it != read_.end() && it->second.count(post) != 0;
}

std::vector<PostId> DiscussionState::unread_in(const PostId& topic,
                                               const sdk::IdentityId& reader) const {
    std::vector<PostId> out;
    auto it = thread_posts_.find(topic);
    if (it == thread_posts_.end()) return out;
    for (const PostId& id : it->second) {
        const Post& post = posts_.at(id);
        if (!post.deleted && post.author_identity != reader && !is_read(reader, id))
            out.push_back(id);
    }
    return out;
}

TopicSummary DiscussionState::summary(const PostId& topic, const sdk::IdentityId& reader) const {
    TopicSummary summary;
    auto it = thread_posts_.find(topic);
    if (it == thread_posts_.end()) return summary;
    summary.reply_count = static_cast<std::uint32_t>(it->second.size() - 1);
    summary.unread_count = static_cast<std::uint32_t>(unread_in(topic, reader).size());
    summary.last_activity = activity_.at(topic);
    return summary;
}

std::vector<const Post*> DiscussionState::search(std::string_view query) const {
    std::vector<const Post*> out;
    const QString needle =
        QString::fromUtf8(query.data(), static_cast<qsizetype>(query.size())).trimmed();
    if (needle.isEmpty()) return out;
    for (const auto& [id, post] : posts_) {
        if (post.deleted) continue;
        if (QString::fromStdString(post.title_text()).contains(needle, Qt::CaseInsensitive) ||
            QString::fromStdString(post.body_text()).contains(needle, Qt::CaseInsensitive))
            out.push_back(&post);
    }
    std::sort(out.begin(), out.end(), [](const Post* a, const Post* b) {
        if (a->created_lamport != b->created_lamport)
            return a->created_lamport > b->created_lamport;
        return a->id < b->id;
    });
    return out;
}

sdk::Bytes DiscussionState::snapshot() const {
    v1::DiscussionSnapshot snapshot;
    snapshot.set_format(1);
    for (const auto& [id, post] : posts_) {
        auto* out = snapshot.add_posts();
        out->set_id(id_bytes(id));
        if (post.parent) out->set_parent_id(id_bytes(*post.parent));
        out->set_topic_id(id_bytes(post.topic));
        out->set_author_identity(id_bytes(post.author_identity));
        out->set_author_device(id_bytes(post.author_device));
        out->set_created_lamport(post.created_lamport);
        out->set_created_ms(post.created_ms);
        auto title = post.title.snapshot();
        auto body = post.body.snapshot();
        out->set_title(std::string(title.begin(), title.end()));
        out->set_body(std::string(body.begin(), body.end()));
        out->set_edited_ms(post.edited_ms);
        out->set_edited_lamport(post.edited_stamp.lamport);
        std::string replica(8, '\0');
        for (int i = 0; i < 8; ++i)
            replica[i] = static_cast<char>(post.edited_stamp.replica.value >> (8 * i));
        out->set_edited_device(replica);
        out->set_deleted(post.deleted);
    }
    for (const auto& [identity, marks] : read_) {
        auto* out = snapshot.add_read();
        out->set_identity(id_bytes(identity));
        for (const PostId& id : marks) out->add_post_ids(id_bytes(id));
    }
    std::string bytes;
    snapshot.SerializeToString(&bytes);
    return sdk::Bytes(bytes.begin(), bytes.end());
}

Result<void> DiscussionState::restore(sdk::ByteView bytes) {
    v1::DiscussionSnapshot snapshot;
    if (!snapshot.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
        return rejected(ErrorCode::DataLoss, "not a Discussion snapshot");
    if (snapshot.format() != 1)
        return rejected(ErrorCode::DataLoss, "Discussion snapshot format " +
                                                 std::to_string(snapshot.format()) + " is unknown");
    DiscussionState next;
    for (const auto& in : snapshot.posts()) {
        Post post;
        if (!to_post_id(in.id(), post.id) || !to_post_id(in.topic_id(), post.topic) ||
            !sdk::copy_id(sdk::as_bytes(in.author_identity()), post.author_identity) ||
            !sdk::copy_id(sdk::as_bytes(in.author_device()), post.author_device))
            return rejected(ErrorCode::DataLoss, "a snapshot post with a malformed id");
        if (!in.parent_id().empty()) {
            PostId parent{};
            if (!to_post_id(in.parent_id(), parent))
                return rejected(ErrorCode::DataLoss, "a snapshot post with a malformed parent");
            post.parent = parent;
        }
        post.created_lamport = in.created_lamport();
        post.created_ms = in.created_ms();
        auto title =
            crdt::LwwRegister<std::string>::restore(crdt::ReplicaId{}, sdk::as_bytes(in.title()));
        auto body =
            crdt::LwwRegister<std::string>::restore(crdt::ReplicaId{}, sdk::as_bytes(in.body()));
        if (!title.ok() || !body.ok())
            return rejected(ErrorCode::DataLoss, "a snapshot post with a malformed register");
        post.title = std::move(title.value());
        post.body = std::move(body.value());
        post.edited_ms = in.edited_ms();
        post.edited_stamp.lamport = in.edited_lamport();
        if (in.edited_device().size() != 8)
            return rejected(ErrorCode::DataLoss, "a snapshot post with a malformed edit stamp");
        for (int i = 0; i < 8; ++i)
            post.edited_stamp.replica.value |=
                static_cast<std::uint64_t>(static_cast<std::uint8_t>(in.edited_device()[i]))
                << (8 * i);
        post.deleted = in.deleted();
        if (!next.posts_.emplace(post.id, std::move(post)).second)
            return rejected(ErrorCode::DataLoss, "a snapshot with a post twice");
    }
    // Rebuild the indexes, checking the structure.
    for (auto& [id, post] : next.posts_) {
        if (post.parent) {
            auto parent = next.posts_.find(*post.parent);
            if (parent == next.posts_.end() || parent->second.topic != post.topic)
                return rejected(ErrorCode::DataLoss, "a snapshot reply without its parent");
        } else if (post.topic != id) {
            return rejected(ErrorCode::DataLoss, "a snapshot topic that is not its own root");
        }
        if (!next.posts_.count(post.topic))
            return rejected(ErrorCode::DataLoss, "a snapshot post without its topic");
    }
    for (auto& [id, post] : next.posts_) {
        if (post.parent) next.link_child(next.posts_.at(*post.parent), id);
        next.thread_posts_[post.topic].push_back(id);
        next.record_activity(post.topic, post.created_lamport);
        next.rehash_post(id);
    }
    for (const auto& in : snapshot.read()) {
        sdk::IdentityId identity{};
        if (!sdk::copy_id(sdk::as_bytes(in.identity()), identity))
            return rejected(ErrorCode::DataLoss, "a snapshot read mark with a malformed identity");
        auto& marks = next.read_[identity];
        for (const std::string& raw : in.post_ids()) {
            PostId id{};
            if (!to_post_id(raw, id)) return rejected(ErrorCode::DataLoss, "a malformed read mark");
            if (marks.insert(id).second) next.add_read_mark(identity, id);
        }
    }
    *this = std::move(next);
    return {};
}

namespace {

// 256-bit little-endian addition and subtraction: the digest sums its items' hashes, so one
// item changing costs one hash, whatever the size of the state.
void add_to(sdk::Digest& sum, const sdk::Digest& item) {
    unsigned carry = 0;
    for (std::size_t i = 0; i < sum.size(); ++i) {
        const unsigned total = unsigned{sum[i]} + item[i] + carry;
        sum[i] = static_cast<std::uint8_t>(total);
        carry = total >> 8;
    }
}

void subtract_from(sdk::Digest& sum, const sdk::Digest& item) {
    int borrow = 0;
    for (std::size_t i = 0; i < sum.size(); ++i) {
        const int difference = int{sum[i]} - item[i] - borrow;
        sum[i] = static_cast<std::uint8_t>(difference);
        borrow = difference < 0 ? 1 : 0;
    }
}

sdk::Digest finish(crdt::Hasher256& hasher) {
    sdk::Digest out{};
    auto digest = hasher.finish();
    std::copy(digest.begin(), digest.end(), out.begin());
    return out;
}

}  // namespace

void DiscussionState::rehash_post(const PostId& post_id) {
    auto stored = post_hashes_.find(post_id);
    if (stored != post_hashes_.end()) {
        subtract_from(item_sum_, stored->second);
        post_hashes_.erase(stored);
    }
    auto found = posts_.find(post_id);
    if (found == posts_.end()) return;
    const Post& post = found->second;
    crdt::Hasher256 hasher;
    hasher.update("grove.discussion.post.v1");
    auto id = [&](const auto& bytes) { hasher.update(bytes.data(), bytes.size()); };
    auto text = [&](const std::string& value) {
        hasher.update_u64(value.size());
        hasher.update(value);
    };
    id(post_id);
    hasher.update_u64(post.parent ? 1 : 0);
    if (post.parent) id(*post.parent);
    id(post.topic);
    id(post.author_identity);
    id(post.author_device);
    hasher.update_u64(post.created_lamport);
    hasher.update_u64(static_cast<std::uint64_t>(post.created_ms));
    hasher.update_u64(post.deleted ? 1 : 0);
    text(post.title_text());
    text(post.body_text());
    hasher.update_u64(post.edited_stamp.lamport);
    hasher.update_u64(post.edited_stamp.replica.value);
    hasher.update_u64(static_cast<std::uint64_t>(post.edited_ms));
    const sdk::Digest item = finish(hasher);
    add_to(item_sum_, item);
    post_hashes_.emplace(post_id, item);
}

void DiscussionState::add_read_mark(const sdk::IdentityId& reader, const PostId& post) {
    crdt::Hasher256 hasher;
    hasher.update("grove.discussion.read.v1");
    hasher.update(reader.data(), reader.size());
    hasher.update(post.data(), post.size());
    add_to(item_sum_, finish(hasher));
    ++read_mark_count_;
}

sdk::Digest DiscussionState::digest() const {
    crdt::Hasher256 hasher;
    hasher.update("grove.discussion.state.v2");
    hasher.update_u64(posts_.size());
    hasher.update_u64(read_mark_count_);
    hasher.update(item_sum_.data(), item_sum_.size());
    return finish(hasher);
}

}  // namespace grove::tools::discussion
