#include "formstablemodel.h"

namespace grove::tools::forms {

FormsTableModel::FormsTableModel(FormsModel& forms) : QAbstractListModel(&forms), forms_(forms) {
    connect(&forms_, &FormsModel::changed, this, &FormsTableModel::invalidate);
    connect(&forms_, &FormsModel::permissionsChanged, this, &FormsTableModel::invalidate);
}

void FormsTableModel::set_filter(const QString& filter) {
    if (filter == filter_) return;
    filter_ = filter;
    emit queryChanged();
    invalidate();
}

void FormsTableModel::set_sort_field(const QString& field) {
    if (field == sort_field_) return;
    sort_field_ = field;
    emit queryChanged();
    invalidate();
}

void FormsTableModel::set_descending(bool descending) {
    if (descending == descending_) return;
    descending_ = descending;
    emit queryChanged();
    invalidate();
}

void FormsTableModel::set_group_field(const QString& field) {
    if (field == group_field_) return;
    group_field_ = field;
    emit queryChanged();
    invalidate();
}

void FormsTableModel::invalidate() {
    beginResetModel();
    stale_ = true;
    order_ = {};
    endResetModel();
    emit countChanged();
}

const FormsModel::RowOrder& FormsTableModel::current() const {
    if (stale_) {
        order_ = forms_.order(filter_, sort_field_, descending_, group_field_);
        stale_ = false;
    }
    return order_;
}

int FormsTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(current().records.size());
}

QVariant FormsTableModel::data(const QModelIndex& index, int role) const {
    const auto& order = current();
    if (!index.isValid() || index.row() < 0 ||
        static_cast<std::size_t>(index.row()) >= order.records.size())
        return {};
    const auto row = static_cast<std::size_t>(index.row());
    const FormRecord& record = *order.records[row];
    switch (role) {
        case RecordIdRole:
            return record_hex(record.id);
        case CellsRole:
            return forms_.cells(record);
        case GroupRole:
            return order.group_of(row);
        case ProblemsRole:
            return forms_.row_problems(record);
        case CanEditRole:
            return forms_.can_edit(record);
        default:
            return {};
    }
}

QHash<int, QByteArray> FormsTableModel::roleNames() const {
    return {{RecordIdRole, "recordId"},
            {CellsRole, "cells"},
            {GroupRole, "group"},
            {ProblemsRole, "problems"},
            {CanEditRole, "canEdit"}};
}

}  // namespace grove::tools::forms
