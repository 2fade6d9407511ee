#include "installed_tool_model.h"

namespace grove::app {

InstalledToolModel::InstalledToolModel(QObject* parent) : QAbstractListModel(parent) {}

int InstalledToolModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : count();
}

QVariant InstalledToolModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& r = rows_[static_cast<std::size_t>(index.row())];
    switch (role) {
        case Qt::DisplayRole:
        case NameRole: return r.name;
        case ToolIdRole: return r.toolId;
        case DescriptionRole: return r.description;
        case VersionRole: return r.version;
        case PublisherRole: return r.publisher;
        case ErrorTextRole: return r.errorText;
        default: return {};
    }
}

QHash<int, QByteArray> InstalledToolModel::roleNames() const {
    return {{ToolIdRole, "toolId"},       {NameRole, "name"},
            {DescriptionRole, "description"}, {VersionRole, "version"},
            {PublisherRole, "publisher"}, {ErrorTextRole, "errorText"}};
}

void InstalledToolModel::setAvailable(bool available) {
    if (available == available_) return;
    available_ = available;
    emit availableChanged();
}

void InstalledToolModel::setTools(std::vector<Row> rows) {
    const int before = count();
    beginResetModel();
    rows_ = std::move(rows);
    endResetModel();
    if (before != count()) emit countChanged();
}

QString InstalledToolModel::nameOf(const QString& toolId) const {
    for (const Row& r : rows_)
        if (r.toolId == toolId) return r.name;
    return {};
}

}  // namespace grove::app
