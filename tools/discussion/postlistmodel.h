// PostListModel: a list of PostRow for QML (topics, a thread, search results). set_rows() moves
// the list to a new content with fine-grained insert/remove/move/change signals, keyed by post id.
#pragma once

#include <QAbstractListModel>
#include <vector>

#include "postrow.h"

namespace grove::tools::discussion {

class PostListModel : public QAbstractListModel {
    Q_OBJECT
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        ParentIdRole,
        TopicIdRole,
        TitleRole,
        BodyRole,
        BodyHtmlRole,
        AuthorIdRole,
        AuthorNameRole,
        PostedAtRole,
        EditedAtRole,
        EditedRole,
        DeletedRole,
        UnreadRole,
        MineRole,
        CanEditRole,
        CanDeleteRole,
        DepthRole,
        ReplyCountRole,
        UnreadCountRole,
    };
    Q_ENUM(Role)

    explicit PostListModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return static_cast<int>(rows_.size()); }
    const std::vector<PostRow>& rows() const { return rows_; }
    // Row ids must be unique. Emits removals, then insertions and moves, then changes.
    void set_rows(std::vector<PostRow> rows);
    // Puts `row` at `position` (clamped), moving or replacing the row of the same id: one
    // change for one post, without rebuilding the list.
    void place(PostRow row, std::size_t position);

signals:
    void countChanged();

private:
    std::vector<PostRow> rows_;
};

}  // namespace grove::tools::discussion
