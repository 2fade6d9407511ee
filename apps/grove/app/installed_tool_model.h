// InstalledToolModel: the tools installed on this device (name, description, version, publisher,
// load error), for "Add tool" and Settings. Empty while the tool host is not available.
#pragma once

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

#include <vector>

namespace grove::app {

class InstalledToolModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Provided by AppController")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(bool available READ available NOTIFY availableChanged)

public:
    struct Row {
        QString toolId;
        QString name;
        QString description;
        QString version;
        QString publisher;
        QString errorText;  // empty when the tool loaded
    };

    enum Role {
        ToolIdRole = Qt::UserRole + 1,
        NameRole,
        DescriptionRole,
        VersionRole,
        PublisherRole,
        ErrorTextRole,
    };
    Q_ENUM(Role)

    explicit InstalledToolModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return static_cast<int>(rows_.size()); }
    bool available() const { return available_; }
    void setAvailable(bool available);
    void setTools(std::vector<Row> rows);
    // The tool's display name ("" when it is not installed).
    QString nameOf(const QString& toolId) const;

signals:
    void countChanged();
    void availableChanged();

private:
    std::vector<Row> rows_;
    bool available_ = false;
};

}  // namespace grove::app
