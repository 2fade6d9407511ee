#include "tool_instance_model.h"

#include <algorithm>

namespace grove::app {

ToolInstanceModel::ToolInstanceModel(QObject* parent) : QAbstractListModel(parent) {}

int ToolInstanceModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : count();
}

QVariant ToolInstanceModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& r = rows_[static_cast<std::size_t>(index.row())];
    switch (role) {
        case Qt::DisplayRole:
        case NameRole: return r.name;
        case InstanceIdRole: return r.instanceId;
        case ToolIdRole: return r.toolId;
        case ToolNameRole: return r.toolName;
        case StatusRole: return r.status;
        case ErrorTextRole: return r.errorText;
        case ViewUrlRole: return r.viewUrl;
        case ToolObjectRole: return QVariant::fromValue(r.toolObject.data());
        default: return {};
    }
}

QHash<int, QByteArray> ToolInstanceModel::roleNames() const {
    return {{InstanceIdRole, "instanceId"}, {NameRole, "name"},
            {ToolIdRole, "toolId"},         {ToolNameRole, "toolName"},
            {StatusRole, "status"},         {ErrorTextRole, "errorText"},
            {ViewUrlRole, "viewUrl"},       {ToolObjectRole, "toolObject"}};
}

void ToolInstanceModel::setAvailable(bool available) {
    if (available == available_) return;
    available_ = available;
    emit availableChanged();
}

void ToolInstanceModel::setInstances(std::vector<Row> rows) {
    // Views stay loaded across refreshes: rows are matched by instance id and updated in place;
    // only instances that appear or disappear are inserted or removed.
    const int before = count();
    for (int i = count() - 1; i >= 0; --i) {
        const QString id = rows_[static_cast<std::size_t>(i)].instanceId;
        const bool kept = std::any_of(rows.begin(), rows.end(),
                                      [&](const Row& r) { return r.instanceId == id; });
        if (kept) continue;
        beginRemoveRows({}, i, i);
        rows_.erase(rows_.begin() + i);
        endRemoveRows();
    }
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const int at = static_cast<int>(i);
        const int existing = indexOf(rows[i].instanceId);
        if (existing < 0) {
            beginInsertRows({}, at, at);
            rows_.insert(rows_.begin() + at, rows[i]);
            endInsertRows();
            continue;
        }
        if (existing != at) {
            beginMoveRows({}, existing, existing, {}, at);
            Row moved = rows_[static_cast<std::size_t>(existing)];
            rows_.erase(rows_.begin() + existing);
            rows_.insert(rows_.begin() + at, moved);
            endMoveRows();
        }
        Row& current = rows_[i];
        const Row& next = rows[i];
        if (current.name != next.name || current.toolName != next.toolName ||
            current.status != next.status || current.errorText != next.errorText ||
            current.viewUrl != next.viewUrl || current.toolObject != next.toolObject ||
            current.toolId != next.toolId) {
            current = next;
            emit dataChanged(index(at), index(at));
        }
    }
    if (before != count()) emit countChanged();
}

void ToolInstanceModel::removeInstance(const QString& instanceId) {
    const int row = indexOf(instanceId);
    if (row < 0) return;
    beginRemoveRows({}, row, row);
    rows_.erase(rows_.begin() + row);
    endRemoveRows();
    emit countChanged();
}

int ToolInstanceModel::indexOf(const QString& instanceId) const {
    for (std::size_t i = 0; i < rows_.size(); ++i)
        if (rows_[i].instanceId == instanceId) return static_cast<int>(i);
    return -1;
}

void ToolInstanceModel::clear() { setInstances({}); }

}  // namespace grove::app
