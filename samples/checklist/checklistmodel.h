// ChecklistModel: the object the Checklist view gets as `tool` — the visible items as a list
// model (itemId, text, done) plus the actions a person takes (add, tick, rename, remove).
#pragma once

#include <grove/sdk/toolcontext.h>

#include <QAbstractListModel>

#include "checkliststate.h"

namespace example::checklist {

class ChecklistModel : public QAbstractListModel {
    Q_OBJECT
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(int doneCount READ done_count NOTIFY countChanged)
    Q_PROPERTY(QString lastError READ last_error NOTIFY lastErrorChanged)

public:
    enum Role { ItemIdRole = Qt::UserRole + 1, TextRole, DoneRole };

    ChecklistModel(grove::sdk::ToolContext& context, const ChecklistState& state);

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    int count() const { return static_cast<int>(rows_.size()); }
    int done_count() const;
    QString last_error() const { return last_error_; }

    // Each submits one operation; it shows up here when the platform applies it.
    Q_INVOKABLE bool add(const QString& text);
    Q_INVOKABLE bool setDone(const QString& itemId, bool done);
    Q_INVOKABLE bool rename(const QString& itemId, const QString& text);
    Q_INVOKABLE bool remove(const QString& itemId);

    // Called by the instance after the state changed.
    void changed(ChecklistState::Change change, const ItemId& item);
    void reset();

signals:
    void countChanged();
    void lastErrorChanged();

private:
    bool submit(const std::string& serialized_op);

    grove::sdk::ToolContext& context_;
    const ChecklistState& state_;
    std::vector<const Item*> rows_;
    QString last_error_;
};

}  // namespace example::checklist
