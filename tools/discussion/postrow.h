// PostRow: one post as the views and the gRPC service show it — ids in hex, the author's name,
// rendered HTML, and the reader-specific bits (unread, mine, may I edit or delete it).
#pragma once

#include <QString>
#include <cstdint>

namespace grove::tools::discussion {

struct PostRow {
    QString id;
    QString parent_id;  // empty for a topic
    QString topic_id;
    QString title;
    QString body;       // Markdown
    QString body_html;  // safe HTML
    QString author_id;
    QString author_name;
    qint64 posted_ms = 0;
    qint64 edited_ms = 0;
    bool deleted = false;
    bool unread = false;
    bool mine = false;
    bool can_edit = false;
    bool can_delete = false;
    int depth = 0;
    int reply_count = 0;   // topics
    int unread_count = 0;  // topics
    quint64 last_activity = 0;

    friend bool operator==(const PostRow&, const PostRow&) = default;
};

}  // namespace grove::tools::discussion
