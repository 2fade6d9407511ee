// DiscussionModel: the object a Discussion view gets as `tool` — topic, thread and search lists,
// unread counts and permissions as properties, and the actions (post, reply, edit, delete, read).
#pragma once

#include <grove/sdk/result.h>
#include <grove/sdk/toolcontext.h>

#include <QAbstractItemModel>
#include <QObject>
#include <QString>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "discussionstate.h"
#include "postlistmodel.h"
#include "postrow.h"

namespace grove::tools::discussion {

class DiscussionModel : public QObject {
    Q_OBJECT
    Q_PROPERTY(QAbstractItemModel* topics READ topics CONSTANT)
    Q_PROPERTY(QAbstractItemModel* thread READ thread CONSTANT)
    Q_PROPERTY(QAbstractItemModel* searchResults READ search_results CONSTANT)
    Q_PROPERTY(
        QString currentTopicId READ current_topic_id WRITE open_topic NOTIFY currentTopicChanged)
    Q_PROPERTY(QString searchQuery READ search_query WRITE search NOTIFY searchQueryChanged)
    Q_PROPERTY(int unreadCount READ unread_count NOTIFY unreadCountChanged)
    Q_PROPERTY(bool canWrite READ can_write NOTIFY permissionsChanged)
    Q_PROPERTY(bool canModerate READ can_moderate NOTIFY permissionsChanged)
    Q_PROPERTY(QString name READ name NOTIFY nameChanged)
    Q_PROPERTY(QString lastError READ last_error NOTIFY lastErrorChanged)
    // While true (the pointer is over the topic list), topics keep their places: new activity
    // does not move a row under the cursor and new topics join at the end; released, the list
    // takes the latest-activity order again.
    Q_PROPERTY(bool holdTopicOrder READ hold_topic_order WRITE set_hold_topic_order NOTIFY
                   holdTopicOrderChanged)

public:
    DiscussionModel(sdk::ToolContext& context, const DiscussionState& state,
                    QObject* parent = nullptr);

    QAbstractItemModel* topics() { return &topics_; }
    QAbstractItemModel* thread() { return &thread_; }
    QAbstractItemModel* search_results() { return &search_results_; }
    const PostListModel& topic_list() const { return topics_; }
    const PostListModel& thread_list() const { return thread_; }
    const PostListModel& search_list() const { return search_results_; }
    QString current_topic_id() const;
    QString search_query() const { return search_query_; }
    int unread_count() const { return unread_count_; }
    bool can_write() const { return can_write_; }
    bool can_moderate() const { return can_moderate_; }
    QString name() const;
    QString last_error() const { return last_error_; }
    bool hold_topic_order() const { return hold_topic_order_; }
    void set_hold_topic_order(bool hold);

    // ---- actions for QML: return the new post id / success; on failure lastError says why ----
    Q_INVOKABLE QString postTopic(const QString& title, const QString& body);
    Q_INVOKABLE QString reply(const QString& parentId, const QString& body);
    Q_INVOKABLE bool edit(const QString& postId, const QString& body);
    Q_INVOKABLE bool editTitle(const QString& topicId, const QString& title);
    Q_INVOKABLE bool remove(const QString& postId);
    Q_INVOKABLE bool markTopicRead(const QString& topicId);
    Q_INVOKABLE QString renderMarkdown(const QString& markdown) const;
    void open_topic(const QString& topic_id);
    void search(const QString& query);

    // ---- the same actions for C++ callers (the gRPC service) ----
    Result<PostId> submit_topic(const std::string& title, const std::string& body);
    Result<PostId> submit_reply(const PostId& parent, const std::string& body);
    Result<void> submit_edit(const PostId& post, std::optional<std::string> title,
                             std::optional<std::string> body);
    Result<void> submit_delete(const PostId& post);
    Result<void> submit_mark_read(const PostId& topic);

    // ---- rows, for the service ----
    PostRow row_for(const Post& post, int depth) const;
    std::vector<PostRow> thread_rows(const PostId& topic) const;
    std::vector<PostRow> search_rows(const QString& query) const;

    // ---- called by the instance ----
    void state_changed(const StateChange& change);
    void state_replaced();
    void renamed();
    void members_changed();

signals:
    void currentTopicChanged();
    void searchQueryChanged();
    void unreadCountChanged();
    void permissionsChanged();
    void nameChanged();
    void lastErrorChanged();
    void holdTopicOrderChanged();

private:
    Result<sdk::OpId> submit(const std::string& serialized_op);
    bool report(const Error& error);
    void refresh_topics();
    void refresh_thread();
    void refresh_search();
    void refresh_permissions();
    void reload_members();
    QString html_for(const Post& post) const;

    sdk::ToolContext& context_;
    const DiscussionState& state_;
    sdk::IdentityId me_{};
    bool can_write_ = false;
    bool can_moderate_ = false;
    bool hold_topic_order_ = false;
    std::map<sdk::IdentityId, QString> names_;
    PostListModel topics_;
    PostListModel thread_;
    PostListModel search_results_;
    std::optional<PostId> current_topic_;
    QString search_query_;
    int unread_count_ = 0;
    QString last_error_;
    mutable std::map<PostId, PostRow> topic_rows_;  // cache, invalidated per topic
    mutable std::map<PostId, std::pair<std::string, QString>> html_;  // Markdown → HTML cache
};

}  // namespace grove::tools::discussion
