#include "discussionmodel.h"

#include <grove/sdk/markdown.h>

#include "grove/tools/discussion/v1/ops.pb.h"

namespace grove::tools::discussion {
namespace v1 = grove::tools::discussion::v1;

namespace {

QString hex(const sdk::ByteView bytes) {
    return QString::fromStdString(sdk::to_hex(bytes));
}

std::string raw(const PostId& id) {
    return std::string(reinterpret_cast<const char*>(id.data()), id.size());
}

std::optional<PostId> parse_id(const QString& text) {
    PostId id{};
    if (!sdk::from_hex(text.toStdString(), id)) return std::nullopt;
    return id;
}

}  // namespace

DiscussionModel::DiscussionModel(sdk::ToolContext& context, const DiscussionState& state,
                                 QObject* parent)
    : QObject(parent), context_(context), state_(state) {
    me_ = context_.me().identity;
    reload_members();
    refresh_permissions();
    refresh_topics();
}

QString DiscussionModel::current_topic_id() const {
    return current_topic_ ? hex(*current_topic_) : QString();
}

QString DiscussionModel::name() const {
    return QString::fromStdString(context_.instance_name());
}

// ---------------------------------------------------------------- actions

Result<sdk::OpId> DiscussionModel::submit(const std::string& serialized_op) {
    return context_.submit(sdk::as_bytes(serialized_op));
}

bool DiscussionModel::report(const Error& error) {
    last_error_ = QString::fromStdString(error.message);
    emit lastErrorChanged();
    return false;
}

Result<PostId> DiscussionModel::submit_topic(const std::string& title, const std::string& body) {
    GROVE_TRY(DiscussionState::check_title(title));
    GROVE_TRY(DiscussionState::check_body(body));
    v1::DiscussionOp op;
    op.mutable_create_topic()->set_title(title);
    op.mutable_create_topic()->set_body(body);
    return submit(op.SerializeAsString());
}

Result<PostId> DiscussionModel::submit_reply(const PostId& parent, const std::string& body) {
    if (!state_.find(parent)) return make_error(ErrorCode::NotFound, "no such post to reply to");
    if (body.find_first_not_of(" \t\r\n") == std::string::npos)
        return make_error(ErrorCode::InvalidArgument, "a reply needs some text");
    GROVE_TRY(DiscussionState::check_body(body));
    v1::DiscussionOp op;
    op.mutable_reply()->set_parent_id(raw(parent));
    op.mutable_reply()->set_body(body);
    return submit(op.SerializeAsString());
}

Result<void> DiscussionModel::submit_edit(const PostId& id, std::optional<std::string> title,
                                          std::optional<std::string> body) {
    const Post* post = state_.find(id);
    if (!post || post->deleted) return make_error(ErrorCode::NotFound, "no such post");
    if (post->author_identity != me_)
        return make_error(ErrorCode::PermissionDenied, "you can only edit your own posts");
    if (title) GROVE_TRY(DiscussionState::check_title(*title));
    if (body) GROVE_TRY(DiscussionState::check_body(*body));
    v1::DiscussionOp op;
    op.mutable_edit()->set_post_id(raw(id));
    if (title) op.mutable_edit()->set_title(*title);
    if (body) op.mutable_edit()->set_body(*body);
    auto submitted = submit(op.SerializeAsString());
    if (!submitted) return submitted.error();
    return {};
}

Result<void> DiscussionModel::submit_delete(const PostId& id) {
    const Post* post = state_.find(id);
    if (!post || post->deleted) return make_error(ErrorCode::NotFound, "no such post");
    if (post->author_identity != me_ && !can_moderate_)
        return make_error(ErrorCode::PermissionDenied,
                          "only the author or a manager may delete it");
    v1::DiscussionOp op;
    op.mutable_delete_()->set_post_id(raw(id));
    auto submitted = submit(op.SerializeAsString());
    if (!submitted) return submitted.error();
    return {};
}

Result<void> DiscussionModel::submit_mark_read(const PostId& topic) {
    auto unread = state_.unread_in(topic, me_);
    if (unread.empty()) return {};
    v1::DiscussionOp op;
    for (const PostId& id : unread) op.mutable_mark_read()->add_post_ids(raw(id));
    auto submitted = submit(op.SerializeAsString());
    if (!submitted) return submitted.error();
    return {};
}

QString DiscussionModel::postTopic(const QString& title, const QString& body) {
    auto id = submit_topic(title.toStdString(), body.toStdString());
    if (!id) {
        report(id.error());
        return {};
    }
    return hex(*id);
}

QString DiscussionModel::reply(const QString& parent_id, const QString& body) {
    auto parent = parse_id(parent_id);
    if (!parent) {
        report(make_error(ErrorCode::InvalidArgument, "bad post id"));
        return {};
    }
    auto id = submit_reply(*parent, body.toStdString());
    if (!id) {
        report(id.error());
        return {};
    }
    return hex(*id);
}

bool DiscussionModel::edit(const QString& post_id, const QString& body) {
    auto id = parse_id(post_id);
    if (!id) return report(make_error(ErrorCode::InvalidArgument, "bad post id"));
    auto done = submit_edit(*id, std::nullopt, body.toStdString());
    return done ? true : report(done.error());
}

bool DiscussionModel::editTitle(const QString& topic_id, const QString& title) {
    auto id = parse_id(topic_id);
    if (!id) return report(make_error(ErrorCode::InvalidArgument, "bad post id"));
    auto done = submit_edit(*id, title.toStdString(), std::nullopt);
    return done ? true : report(done.error());
}

bool DiscussionModel::remove(const QString& post_id) {
    auto id = parse_id(post_id);
    if (!id) return report(make_error(ErrorCode::InvalidArgument, "bad post id"));
    auto done = submit_delete(*id);
    return done ? true : report(done.error());
}

bool DiscussionModel::markTopicRead(const QString& topic_id) {
    auto id = parse_id(topic_id);
    if (!id) return report(make_error(ErrorCode::InvalidArgument, "bad post id"));
    auto done = submit_mark_read(*id);
    return done ? true : report(done.error());
}

QString DiscussionModel::renderMarkdown(const QString& markdown) const {
    return QString::fromStdString(sdk::markdown_to_safe_html(markdown.toStdString()));
}

void DiscussionModel::open_topic(const QString& topic_id) {
    std::optional<PostId> next;
    if (!topic_id.isEmpty()) {
        next = parse_id(topic_id);
        if (!next || !state_.find(*next) || !state_.find(*next)->is_topic()) next.reset();
    }
    if (next == current_topic_) return;
    current_topic_ = next;
    refresh_thread();
    emit currentTopicChanged();
}

void DiscussionModel::search(const QString& query) {
    if (query == search_query_) return;
    search_query_ = query;
    refresh_search();
    emit searchQueryChanged();
}

// ---------------------------------------------------------------- rows

QString DiscussionModel::html_for(const Post& post) const {
    const std::string body = post.body_text();
    auto& cached = html_[post.id];
    if (cached.second.isNull() || cached.first != body) {
        cached.first = body;
        cached.second = QString::fromStdString(sdk::markdown_to_safe_html(body));
    }
    return cached.second;
}

PostRow DiscussionModel::row_for(const Post& post, int depth) const {
    PostRow row;
    row.id = hex(post.id);
    if (post.parent) row.parent_id = hex(*post.parent);
    row.topic_id = hex(post.topic);
    row.title = QString::fromStdString(post.title_text());
    row.body = QString::fromStdString(post.body_text());
    row.body_html = post.deleted ? QString() : html_for(post);
    row.author_id = hex(post.author_identity);
    auto name = names_.find(post.author_identity);
    row.author_name = name != names_.end()
                          ? name->second
                          : QStringLiteral("former member %1").arg(row.author_id.left(8));
    row.posted_ms = post.created_ms;
    row.edited_ms = post.edited_ms;
    row.deleted = post.deleted;
    row.mine = post.author_identity == me_;
    row.unread = !post.deleted && !row.mine && !state_.is_read(me_, post.id);
    row.can_edit = !post.deleted && row.mine && can_write_;
    row.can_delete = !post.deleted && can_write_ && (row.mine || can_moderate_);
    row.depth = depth;
    if (post.is_topic()) {
        TopicSummary summary = state_.summary(post.id, me_);
        row.reply_count = static_cast<int>(summary.reply_count);
        row.unread_count = static_cast<int>(summary.unread_count);
        row.last_activity = summary.last_activity;
    }
    return row;
}

std::vector<PostRow> DiscussionModel::thread_rows(const PostId& topic) const {
    std::vector<PostRow> rows;
    for (const auto& [post, depth] : state_.thread(topic)) rows.push_back(row_for(*post, depth));
    return rows;
}

std::vector<PostRow> DiscussionModel::search_rows(const QString& query) const {
    std::vector<PostRow> rows;
    const QByteArray utf8 = query.toUtf8();
    for (const Post* post :
         state_.search(std::string_view(utf8.constData(), static_cast<std::size_t>(utf8.size()))))
        rows.push_back(row_for(*post, 0));
    return rows;
}

// ---------------------------------------------------------------- refreshing

void DiscussionModel::set_hold_topic_order(bool hold) {
    if (hold == hold_topic_order_) return;
    hold_topic_order_ = hold;
    emit holdTopicOrderChanged();
    if (!hold) refresh_topics();
}

void DiscussionModel::refresh_topics() {
    std::vector<PostRow> rows;
    int unread = 0;
    for (const Post* topic : state_.topics()) {
        auto cached = topic_rows_.find(topic->id);
        if (cached == topic_rows_.end())
            cached = topic_rows_.emplace(topic->id, row_for(*topic, 0)).first;
        unread += cached->second.unread_count;
        rows.push_back(cached->second);
    }
    if (hold_topic_order_) {
        // Existing topics in their current places, new ones after them.
        std::map<QString, std::size_t> place;
        for (std::size_t i = 0; i < topics_.rows().size(); ++i) place[topics_.rows()[i].id] = i;
        std::stable_sort(rows.begin(), rows.end(), [&](const PostRow& a, const PostRow& b) {
            const auto pa = place.find(a.id);
            const auto pb = place.find(b.id);
            const std::size_t ia = pa == place.end() ? place.size() : pa->second;
            const std::size_t ib = pb == place.end() ? place.size() : pb->second;
            return ia < ib;
        });
    }
    topics_.set_rows(std::move(rows));
    if (unread != unread_count_) {
        unread_count_ = unread;
        emit unreadCountChanged();
    }
}

void DiscussionModel::refresh_thread() {
    thread_.set_rows(current_topic_ ? thread_rows(*current_topic_) : std::vector<PostRow>{});
}

void DiscussionModel::refresh_search() {
    search_results_.set_rows(search_query_.trimmed().isEmpty() ? std::vector<PostRow>{}
                                                               : search_rows(search_query_));
}

void DiscussionModel::refresh_permissions() {
    bool write = context_.permits(me_, sdk::Permission::Write);
    bool moderate = context_.permits(me_, sdk::Permission::Moderate);
    if (write == can_write_ && moderate == can_moderate_) return;
    can_write_ = write;
    can_moderate_ = moderate;
    emit permissionsChanged();
}

void DiscussionModel::reload_members() {
    names_.clear();
    for (const sdk::Member& member : context_.members())
        names_[member.identity] = QString::fromStdString(member.display_name);
}

void DiscussionModel::state_changed(const StateChange& change) {
    bool thread_affected = false;
    switch (change.kind) {
        case StateChange::Kind::None:
            return;
        case StateChange::Kind::Posted:
        case StateChange::Kind::Edited:
        case StateChange::Kind::Deleted:
            refresh_topic(change.topic);
            thread_affected = current_topic_ == change.topic;
            if (!search_query_.isEmpty()) refresh_search();
            break;
        case StateChange::Kind::Read:
            if (change.reader != me_) return;  // others' read marks change nothing I see
            for (const PostId& topic : change.topics_read) {
                refresh_topic(topic);
                thread_affected |= current_topic_ == topic;
            }
            if (!search_query_.isEmpty()) refresh_search();
            break;
    }
    if (thread_affected) refresh_thread();
}

// One topic's row, moved to its place: the cost of a change does not grow with the topics.
void DiscussionModel::refresh_topic(const PostId& topic) {
    const Post* post = state_.find(topic);
    if (!post || !post->is_topic()) return;
    int unread = unread_count_;
    if (auto cached = topic_rows_.find(topic); cached != topic_rows_.end()) {
        unread -= cached->second.unread_count;
        topic_rows_.erase(cached);
    }
    const PostRow& row = topic_rows_.emplace(topic, row_for(*post, 0)).first->second;
    unread += row.unread_count;
    // Held (the pointer is over the list): a known topic keeps its place, a new one goes last.
    std::size_t position = state_.topic_rank(topic);
    if (hold_topic_order_) {
        const auto& shown = topics_.rows();
        position = shown.size();
        for (std::size_t i = 0; i < shown.size(); ++i)
            if (shown[i].id == row.id) position = i;
    }
    topics_.place(row, position);
    if (unread != unread_count_) {
        unread_count_ = unread;
        emit unreadCountChanged();
    }
}

void DiscussionModel::state_replaced() {
    topic_rows_.clear();
    html_.clear();
    if (current_topic_ && (!state_.find(*current_topic_))) {
        current_topic_.reset();
        emit currentTopicChanged();
    }
    refresh_topics();
    refresh_thread();
    refresh_search();
}

void DiscussionModel::renamed() {
    emit nameChanged();
}

void DiscussionModel::members_changed() {
    reload_members();
    refresh_permissions();
    topic_rows_.clear();
    refresh_topics();
    refresh_thread();
    refresh_search();
}

}  // namespace grove::tools::discussion
