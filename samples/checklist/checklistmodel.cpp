#include "checklistmodel.h"

#include <algorithm>

#include "checklist.pb.h"

namespace example::checklist {
namespace pb = org::example::checklist::v1;

namespace {

std::optional<ItemId> parse_id(const QString& hex) {
    ItemId id{};
    if (!grove::sdk::from_hex(hex.toStdString(), id)) return std::nullopt;
    return id;
}
std::string bytes_of(const ItemId& id) {
    return std::string(reinterpret_cast<const char*>(id.data()), id.size());
}

}  // namespace

ChecklistModel::ChecklistModel(grove::sdk::ToolContext& context, const ChecklistState& state)
    : context_(context), state_(state), rows_(state.items()) {}

int ChecklistModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : count();
}

QVariant ChecklistModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Item& item = *rows_[static_cast<std::size_t>(index.row())];
    switch (role) {
        case ItemIdRole:
            return QString::fromStdString(grove::sdk::to_hex(item.id));
        case Qt::DisplayRole:
        case TextRole:
            return QString::fromStdString(item.text.value().value_or(""));
        case DoneRole:
            return item.done.value().value_or(false);
        default:
            return {};
    }
}

QHash<int, QByteArray> ChecklistModel::roleNames() const {
    return {{ItemIdRole, "itemId"}, {TextRole, "text"}, {DoneRole, "done"}};
}

int ChecklistModel::done_count() const {
    return static_cast<int>(std::count_if(rows_.begin(), rows_.end(), [](const Item* item) {
        return item->done.value().value_or(false);
    }));
}

bool ChecklistModel::submit(const std::string& serialized_op) {
    auto id = context_.submit(grove::sdk::as_bytes(serialized_op));
    if (id) return true;
    last_error_ = QString::fromStdString(id.error().message);
    emit lastErrorChanged();
    return false;
}

bool ChecklistModel::add(const QString& text) {
    pb::ChecklistOp op;
    op.mutable_add()->set_text(text.trimmed().toStdString());
    return submit(op.SerializeAsString());
}

bool ChecklistModel::setDone(const QString& item_id, bool done) {
    auto id = parse_id(item_id);
    if (!id) return false;
    pb::ChecklistOp op;
    op.mutable_set_done()->set_item_id(bytes_of(*id));
    op.mutable_set_done()->set_done(done);
    return submit(op.SerializeAsString());
}

bool ChecklistModel::rename(const QString& item_id, const QString& text) {
    auto id = parse_id(item_id);
    if (!id) return false;
    pb::ChecklistOp op;
    op.mutable_set_text()->set_item_id(bytes_of(*id));
    op.mutable_set_text()->set_text(text.trimmed().toStdString());
    return submit(op.SerializeAsString());
}

bool ChecklistModel::remove(const QString& item_id) {
    auto id = parse_id(item_id);
    if (!id) return false;
    pb::ChecklistOp op;
    op.mutable_remove()->set_item_id(bytes_of(*id));
    return submit(op.SerializeAsString());
}

void ChecklistModel::changed(ChecklistState::Change change, const ItemId& id) {
    auto next = state_.items();
    switch (change) {
        case ChecklistState::Change::None:
            return;
        case ChecklistState::Change::Added: {
            auto at = std::find_if(next.begin(), next.end(),
                                   [&](const Item* item) { return item->id == id; });
            int row = static_cast<int>(at - next.begin());
            beginInsertRows(QModelIndex(), row, row);
            rows_ = std::move(next);
            endInsertRows();
            emit countChanged();
            return;
        }
        case ChecklistState::Change::Removed: {
            auto at = std::find_if(rows_.begin(), rows_.end(),
                                   [&](const Item* item) { return item->id == id; });
            if (at == rows_.end()) return;
            int row = static_cast<int>(at - rows_.begin());
            beginRemoveRows(QModelIndex(), row, row);
            rows_ = std::move(next);
            endRemoveRows();
            emit countChanged();
            return;
        }
        case ChecklistState::Change::Updated: {
            auto at = std::find_if(rows_.begin(), rows_.end(),
                                   [&](const Item* item) { return item->id == id; });
            if (at == rows_.end()) return;
            QModelIndex changed_index = index(static_cast<int>(at - rows_.begin()));
            emit dataChanged(changed_index, changed_index);
            emit countChanged();  // doneCount may have changed
            return;
        }
    }
}

void ChecklistModel::reset() {
    beginResetModel();
    rows_ = state_.items();
    endResetModel();
    emit countChanged();
}

}  // namespace example::checklist
