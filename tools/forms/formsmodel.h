// FormsModel: the object a Forms view gets as `tool` — the schema, the records as table rows
// (filtered, sorted, grouped), one record with its history, create/edit with validation
// messages per field, schema changes and CSV; the C++ calls the gRPC service and grovectl make.
#pragma once

#include <grove/sdk/toolcontext.h>

#include <QObject>
#include <QString>
#include <QVariantList>
#include <QVariantMap>
#include <optional>

#include "formsstate.h"

namespace grove::tools::forms {

using Values = std::map<std::string, v1::Value>;
class FormsTableModel;

class FormsModel : public QObject {
    Q_OBJECT
    Q_PROPERTY(QString name READ name NOTIFY nameChanged)
    Q_PROPERTY(bool canWrite READ can_write NOTIFY permissionsChanged)
    Q_PROPERTY(bool canEditSchema READ can_edit_schema NOTIFY permissionsChanged)
    Q_PROPERTY(int revision READ revision NOTIFY changed)
    Q_PROPERTY(QVariantList fields READ fields NOTIFY changed)
    Q_PROPERTY(QVariantList members READ members NOTIFY membersChanged)
    Q_PROPERTY(QString myId READ my_id CONSTANT)
    Q_PROPERTY(int recordCount READ record_count NOTIFY changed)
    Q_PROPERTY(QString lastError READ last_error NOTIFY lastErrorChanged)
    Q_PROPERTY(QObject* table READ table_object CONSTANT)

public:
    FormsModel(sdk::ToolContext& context, FormsState& state, QObject* parent = nullptr);

    QString name() const;
    bool can_write() const;
    bool can_edit_schema() const;
    int revision() const { return revision_; }
    QVariantList fields() const;
    QVariantList members() const;
    QString my_id() const;
    int record_count() const { return static_cast<int>(state_.live_records()); }
    QString last_error() const { return last_error_; }

    // ---- C++ (the service, grovectl and tests); act as the local member ----
    // Returns the new fields' ids. Managers only.
    Result<std::vector<std::string>> change_schema(const v1::ChangeSchema& change);
    // Unset fields take their defaults; refused with every broken rule when the values break
    // the schema.
    Result<RecordId> create_record(Values values);
    Result<void> update_record(const RecordId& id, const Values& values);
    Result<void> delete_record(const RecordId& id);
    // All or nothing, in one operation; each record checked as create_record checks it.
    Result<std::vector<RecordId>> import_records(std::vector<Values> records);
    // A field named by id or by name (live fields only), or null.
    const FormField* resolve_field(const std::string& id_or_name) const;
    std::string member_name(const sdk::IdentityId& identity) const;

    // ---- QML; on failure lastError says why ----
    // Live records as {id, cells: [display text per live field], group, problems, canEdit},
    // keeping those where any cell contains `filter` (case-insensitive), sorted by the field
    // `sortField` (numbers and dates in their order; empty: creation order), grouped by the
    // values of `groupField` (rows of a group together, groups in sort order of their name).
    Q_INVOKABLE QVariantList rows(const QString& filter, const QString& sortField, bool descending,
                                  const QString& groupField) const;
    // The order rows() lists: the matching live records, and each one's group (an index into
    // group_names, when grouping). Keys are extracted once per record; no cell text is built
    // except for the filter's comparison.
    struct RowOrder {
        std::vector<const FormRecord*> records;
        std::vector<std::uint32_t> groups;  // per record, when grouping
        std::vector<QString> group_names;
        QString group_of(std::size_t row) const {
            return row < groups.size() ? group_names[groups[row]] : QString();
        }
    };
    RowOrder order(const QString& filter, const QString& sortField, bool descending,
                   const QString& groupField) const;
    // One table row's parts: display text per live field, broken rules, whether I may edit it.
    QStringList cells(const FormRecord& record) const;
    QStringList row_problems(const FormRecord& record) const;
    bool can_edit(const FormRecord& record) const;
    // The table of rows() as a list model whose rows are built when a view asks for them.
    FormsTableModel* table() const { return table_; }

    // A board of the live records by the choice field `fieldId`: [{option, cards: [{id, title,
    // detail, canEdit}]}], a column per option in the field's order and a last one, option "",
    // for records without a value; cards filtered as rows() filters, in creation order.
    Q_INVOKABLE QVariantList board(const QString& fieldId, const QString& filter) const;
    // {id, creator, created, canEdit, problems, values: {fieldId: text}, html: {fieldId: html},
    //  history: [{author, when, kind, changes: [{field, value}]}]}; empty when unknown.
    Q_INVOKABLE QVariantMap record(const QString& recordId) const;
    // Messages per field id for a form's values (field id → text as typed): {fieldId: message};
    // empty when the values may be submitted.
    Q_INVOKABLE QVariantMap validate(const QVariantMap& texts, bool creating) const;
    // Returns the new record's id, or empty with lastError set.
    Q_INVOKABLE QString createRecord(const QVariantMap& texts);
    Q_INVOKABLE bool updateRecord(const QString& recordId, const QVariantMap& texts);
    Q_INVOKABLE bool deleteRecord(const QString& recordId);
    // Schema editing (managers): attributes as in FieldDef (name, type as a number, required,
    // options as a list, min, max, pattern, description, currency, maxLength).
    Q_INVOKABLE QString addField(const QVariantMap& attributes);
    Q_INVOKABLE bool updateField(const QString& fieldId, const QVariantMap& attributes);
    Q_INVOKABLE bool retireField(const QString& fieldId, bool retired = true);
    Q_INVOKABLE QString exportCsv() const;
    // Returns how many records were added, or -1 with lastError set.
    Q_INVOKABLE int importCsv(const QString& text);
    Q_INVOKABLE QString displayName(const QString& identityHex) const;
    Q_INVOKABLE QString typeName(int type) const;

    // ---- from the instance ----
    void state_changed(const FormsChange& change);
    void state_replaced();
    void renamed() { emit nameChanged(); }
    void members_changed() {
        emit membersChanged();
        emit permissionsChanged();
    }

signals:
    void changed();
    void nameChanged();
    void permissionsChanged();
    void membersChanged();
    void lastErrorChanged();

private:
    Result<sdk::OpId> submit(const v1::FormsOp& op);
    bool fail(const Error& error);
    Result<Values> values_from(const QVariantMap& texts) const;
    Result<v1::FieldDef> def_from(const QVariantMap& attributes, bool adding) const;
    Result<void> check(const Values& values, bool creating) const;
    void fill_defaults(Values& values) const;
    QString cell_text(const FormField& field, const v1::Value& value) const;

    sdk::ToolContext& context_;
    FormsState& state_;
    int revision_ = 0;
    QString last_error_;
    FormsTableModel* table_ = nullptr;
    QObject* table_object() const;
};

// Record ids in hex for QML and the API.
QString record_hex(const RecordId& id);
std::optional<RecordId> record_from_hex(const std::string& hex);

}  // namespace grove::tools::forms
