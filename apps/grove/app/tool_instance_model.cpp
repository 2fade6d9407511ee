#include "tool_instance_model.h"

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
        default: return {};
    }
}

QHash<int, QByteArray> ToolInstanceModel::roleNames() const {
    return {{InstanceIdRole, "instanceId"}, {NameRole, "name"},
            {ToolIdRole, "toolId"},         {ToolNameRole, "toolName"},
            {StatusRole, "status"},         {ErrorTextRole, "errorText"},
            {ViewUrlRole, "viewUrl"}};
}

void ToolInstanceModel::setAvailable(bool available) {
    if (available == available_) return;
    available_ = available;
    emit availableChanged();
}

void ToolInstanceModel::setInstances(std::vector<Row> rows) {
    const int before = count();
    beginResetModel();
    rows_ = std::move(rows);
    endResetModel();
    if (before != count()) emit countChanged();
}

void ToolInstanceModel::clear() { setInstances({}); }

}  // namespace grove::app
