// DocumentListModel: the instance's documents as a QML list — title, last editor's name, time of
// the last change and length, in creation order.
#pragma once

#include <QAbstractListModel>
#include <QDateTime>
#include <QString>
#include <vector>

namespace grove::tools::notepad {

struct DocumentRow {
    QString document_id;  // hex
    QString title;
    QString last_editor;  // display name
    QDateTime last_change;
    int length = 0;  // characters
};

class DocumentListModel final : public QAbstractListModel {
    Q_OBJECT
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

public:
    enum Role {
        DocumentIdRole = Qt::UserRole + 1,
        TitleRole,
        LastEditorRole,
        LastChangeRole,
        LengthRole
    };

    using QAbstractListModel::QAbstractListModel;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Replaces the rows: rows that stay keep their index when the order is unchanged (updates are
    // dataChanged), otherwise the model is reset.
    void set_rows(std::vector<DocumentRow> rows);
    const std::vector<DocumentRow>& rows() const { return rows_; }

signals:
    void countChanged();

private:
    std::vector<DocumentRow> rows_;
};

}  // namespace grove::tools::notepad
