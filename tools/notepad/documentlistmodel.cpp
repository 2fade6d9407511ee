#include "documentlistmodel.h"

namespace grove::tools::notepad {

int DocumentListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

QVariant DocumentListModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const DocumentRow& row = rows_[static_cast<std::size_t>(index.row())];
    switch (role) {
        case Qt::DisplayRole:
        case TitleRole:
            return row.title;
        case DocumentIdRole:
            return row.document_id;
        case LastEditorRole:
            return row.last_editor;
        case LastChangeRole:
            return row.last_change;
        case LengthRole:
            return row.length;
    }
    return {};
}

QHash<int, QByteArray> DocumentListModel::roleNames() const {
    return {{DocumentIdRole, "documentId"},
            {TitleRole, "title"},
            {LastEditorRole, "lastEditor"},
            {LastChangeRole, "lastChange"},
            {LengthRole, "length"}};
}

void DocumentListModel::set_rows(std::vector<DocumentRow> rows) {
    bool same_ids = rows.size() == rows_.size();
    for (std::size_t i = 0; same_ids && i < rows.size(); ++i)
        same_ids = rows[i].document_id == rows_[i].document_id;
    if (!same_ids) {
        const bool count_changed = rows.size() != rows_.size();
        beginResetModel();
        rows_ = std::move(rows);
        endResetModel();
        if (count_changed) emit countChanged();
        return;
    }
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const DocumentRow& old_row = rows_[i];
        const DocumentRow& new_row = rows[i];
        if (old_row.title == new_row.title && old_row.last_editor == new_row.last_editor &&
            old_row.last_change == new_row.last_change && old_row.length == new_row.length)
            continue;
        rows_[i] = new_row;
        const QModelIndex changed = index(static_cast<int>(i));
        emit dataChanged(changed, changed);
    }
}

}  // namespace grove::tools::notepad
