// FormsTableModel: the Forms table as a list model — the filter, sort and grouping give an ordered
// list of records, and a row's cells are built only when a view asks for that row.
#pragma once

#include <QAbstractListModel>
#include <QString>

#include "formsmodel.h"

namespace grove::tools::forms {

class FormsTableModel : public QAbstractListModel {
    Q_OBJECT
    Q_PROPERTY(QString filter READ filter WRITE set_filter NOTIFY queryChanged)
    Q_PROPERTY(QString sortField READ sort_field WRITE set_sort_field NOTIFY queryChanged)
    Q_PROPERTY(bool descending READ descending WRITE set_descending NOTIFY queryChanged)
    Q_PROPERTY(QString groupField READ group_field WRITE set_group_field NOTIFY queryChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Role { RecordIdRole = Qt::UserRole + 1, CellsRole, GroupRole, ProblemsRole, CanEditRole };

    explicit FormsTableModel(FormsModel& forms);

    QString filter() const { return filter_; }
    QString sort_field() const { return sort_field_; }
    bool descending() const { return descending_; }
    QString group_field() const { return group_field_; }
    void set_filter(const QString& filter);
    void set_sort_field(const QString& field);
    void set_descending(bool descending);
    void set_group_field(const QString& field);
    int count() const { return rowCount(); }

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // The records changed, or the query did: the order is computed again when next asked for.
    void invalidate();

signals:
    void queryChanged();
    void countChanged();

private:
    const FormsModel::RowOrder& current() const;

    FormsModel& forms_;
    QString filter_;
    QString sort_field_;
    bool descending_ = false;
    QString group_field_;
    mutable FormsModel::RowOrder order_;
    mutable bool stale_ = true;
};

}  // namespace grove::tools::forms
