#include "formsmodel.h"

#include <grove/sdk/markdown.h>

#include <QDateTime>
#include <QHash>
#include <algorithm>
#include <cmath>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "formscsv.h"
#include "formstablemodel.h"

namespace grove::tools::forms {

namespace {

Error invalid(std::string message) {
    return make_error(ErrorCode::InvalidArgument, std::move(message));
}

std::string join(const std::vector<std::string>& parts) {
    std::string out;
    for (const std::string& part : parts) out += (out.empty() ? "" : "; ") + part;
    return out;
}

QString hex(const std::array<std::uint8_t, 32>& id) {
    return QString::fromStdString(sdk::to_hex(id));
}

// A sort key: numbers by value, everything else by its text without case.
struct SortKey {
    bool empty = true;
    double number = 0;
    QString text;
};

SortKey sort_key(const FormField& field, const v1::Value& value, const QString& display) {
    SortKey key;
    key.empty = is_empty(value);
    if (key.empty) return key;
    if (value.kind_case() == v1::Value::kNumber) {
        key.number = value.number();
    } else if (field.def.type() == v1::FIELD_TYPE_CURRENCY) {
        key.number = std::strtod(value.text().c_str(), nullptr);
    } else if (value.kind_case() == v1::Value::kFlag) {
        key.number = value.flag() ? 1 : 0;
    } else {
        key.text = display.toCaseFolded();
    }
    return key;
}

}  // namespace

QString record_hex(const RecordId& id) {
    return hex(id);
}

std::optional<RecordId> record_from_hex(const std::string& text) {
    RecordId id{};
    if (!sdk::from_hex(text, id)) return std::nullopt;
    return id;
}

FormsModel::FormsModel(sdk::ToolContext& context, FormsState& state, QObject* parent)
    : QObject(parent), context_(context), state_(state), table_(new FormsTableModel(*this)) {}

QObject* FormsModel::table_object() const {
    return table_;
}

QString FormsModel::name() const {
    return QString::fromStdString(context_.instance_name());
}

bool FormsModel::can_write() const {
    return context_.permits(context_.me().identity, sdk::Permission::Write);
}

bool FormsModel::can_edit_schema() const {
    return context_.me().role == sdk::Role::Manager;
}

QString FormsModel::typeName(int type) const {
    static const char* names[] = {"",         "Text",      "Long text", "Number",       "Currency",
                                  "Date",     "Date-time", "Choice",    "Multi-choice", "Member",
                                  "Checkbox", "Link",      "File"};
    return type >= 1 && type <= 12 ? QString(names[type]) : QString();
}

QVariantList FormsModel::fields() const {
    QVariantList out;
    for (const FormField* field : state_.ordered_fields()) {
        const v1::FieldDef& def = field->def;
        QStringList options;
        for (const std::string& option : def.options().values())
            options.append(QString::fromStdString(option));
        QVariantMap map{
            {"id", QString::fromStdString(field->id)},
            {"name", QString::fromStdString(def.name())},
            {"type", static_cast<int>(def.type())},
            {"typeName", typeName(def.type())},
            {"required", def.required()},
            {"description", QString::fromStdString(def.description())},
            {"options", options},
            {"pattern", QString::fromStdString(def.pattern())},
            {"currency", QString::fromStdString(def.currency())},
            {"defaultText", QString::fromStdString(display_text(def.type(), def.default_value()))}};
        if (def.has_min()) map.insert("min", def.min());
        if (def.has_max()) map.insert("max", def.max());
        out.append(map);
    }
    return out;
}

QVariantList FormsModel::members() const {
    QVariantList out;
    for (const sdk::Member& member : context_.members())
        out.append(QVariantMap{{"id", hex(member.identity)},
                               {"name", QString::fromStdString(member.display_name)}});
    return out;
}

QString FormsModel::my_id() const {
    return hex(context_.me().identity);
}

std::string FormsModel::member_name(const sdk::IdentityId& identity) const {
    for (const sdk::Member& member : context_.members())
        if (member.identity == identity) return member.display_name;
    return {};
}

QString FormsModel::displayName(const QString& identityHex) const {
    sdk::IdentityId identity{};
    if (!sdk::from_hex(identityHex.toStdString(), identity)) return identityHex.left(8);
    const std::string name = member_name(identity);
    return name.empty() ? identityHex.left(8) : QString::fromStdString(name);
}

bool FormsModel::fail(const Error& error) {
    last_error_ = QString::fromStdString(error.message);
    emit lastErrorChanged();
    return false;
}

Result<sdk::OpId> FormsModel::submit(const v1::FormsOp& op) {
    std::string bytes = op.SerializeAsString();
    return context_.submit(sdk::as_bytes(bytes));
}

const FormField* FormsModel::resolve_field(const std::string& id_or_name) const {
    if (const FormField* field = state_.field(id_or_name); field && !field->def.retired())
        return field;
    return state_.field_named(id_or_name);
}

Result<std::vector<std::string>> FormsModel::change_schema(const v1::ChangeSchema& change) {
    if (context_.me().role != sdk::Role::Manager)
        return make_error(ErrorCode::PermissionDenied, "only managers change a form's schema");
    v1::FormsOp op;
    *op.mutable_schema() = change;
    // New fields go after the existing ones unless placed.
    double last = 0;
    for (const FormField* field : state_.ordered_fields(true))
        last = std::max(last, field->def.position());
    for (auto& add : *op.mutable_schema()->mutable_add())
        if (!add.def().has_position()) add.mutable_def()->set_position(last += 1);
    auto id = submit(op);
    if (!id) return id.error();
    std::vector<std::string> ids;
    for (int i = 0; i < change.add_size(); ++i) ids.push_back(FormsState::field_id_for(*id, i));
    return ids;
}

void FormsModel::fill_defaults(Values& values) const {
    for (const FormField* field : state_.ordered_fields())
        if (!values.count(field->id) && field->def.has_default_value() &&
            !is_empty(field->def.default_value()))
            values.emplace(field->id, field->def.default_value());
}

Result<void> FormsModel::check(const Values& values, bool creating) const {
    auto problems = state_.problems(values, creating);
    if (!problems.empty()) return invalid(join(problems));
    return {};
}

Result<RecordId> FormsModel::create_record(Values values) {
    fill_defaults(values);
    GROVE_TRY(check(values, true));
    v1::FormsOp op;
    for (auto& [id, value] : values)
        if (!is_empty(value)) (*op.mutable_create()->mutable_values())[id] = value;
    if (!op.has_create()) op.mutable_create();
    return submit(op);
}

Result<void> FormsModel::update_record(const RecordId& id, const Values& values) {
    const FormRecord* record = state_.find(id);
    if (!record || record->deleted) return make_error(ErrorCode::NotFound, "no such record");
    if (record->creator != context_.me().identity && context_.me().role != sdk::Role::Manager)
        return make_error(ErrorCode::PermissionDenied,
                          "only managers change other members' records");
    GROVE_TRY(check(values, false));
    v1::FormsOp op;
    auto* update = op.mutable_update();
    update->set_record_id(std::string(reinterpret_cast<const char*>(id.data()), id.size()));
    for (const auto& [field_id, value] : values) (*update->mutable_values())[field_id] = value;
    auto submitted = submit(op);
    if (!submitted) return submitted.error();
    return {};
}

Result<void> FormsModel::delete_record(const RecordId& id) {
    const FormRecord* record = state_.find(id);
    if (!record || record->deleted) return make_error(ErrorCode::NotFound, "no such record");
    if (record->creator != context_.me().identity && context_.me().role != sdk::Role::Manager)
        return make_error(ErrorCode::PermissionDenied,
                          "only managers delete other members' records");
    v1::FormsOp op;
    op.mutable_delete_()->set_record_id(
        std::string(reinterpret_cast<const char*>(id.data()), id.size()));
    auto submitted = submit(op);
    if (!submitted) return submitted.error();
    return {};
}

Result<std::vector<RecordId>> FormsModel::import_records(std::vector<Values> records) {
    v1::FormsOp op;
    auto* import = op.mutable_import();
    int row = 0;
    for (Values& values : records) {
        ++row;
        fill_defaults(values);
        auto checked = check(values, true);
        if (!checked)
            return invalid("record " + std::to_string(row) + ": " + checked.error().message);
        auto* record = import->add_records();
        for (auto& [id, value] : values)
            if (!is_empty(value)) (*record->mutable_values())[id] = value;
    }
    std::string bytes = op.SerializeAsString();
    if (bytes.size() > sdk::kMaxOperationPayload)
        return make_error(ErrorCode::ResourceExhausted,
                          "these records are over 1 MiB together: import them in parts");
    auto id = submit(op);
    if (!id) return id.error();
    std::vector<RecordId> ids;
    for (int i = 0; i < import->records_size(); ++i)
        ids.push_back(FormsState::imported_record_id(*id, i));
    return ids;
}

QString FormsModel::cell_text(const FormField& field, const v1::Value& value) const {
    if (field.def.type() == v1::FIELD_TYPE_MEMBER && !value.text().empty())
        return displayName(QString::fromStdString(value.text()));
    if (field.def.type() == v1::FIELD_TYPE_CURRENCY && !value.text().empty() &&
        !field.def.currency().empty())
        return QString::fromStdString(value.text() + " " + field.def.currency());
    if (field.def.type() == v1::FIELD_TYPE_CHECKBOX)
        return value.flag() ? QStringLiteral("✓") : QString();
    if (field.def.type() == v1::FIELD_TYPE_LINK || field.def.type() == v1::FIELD_TYPE_FILE) {
        QStringList parts;
        for (const std::string& item : value.items().values())
            parts.append(QString::fromStdString(item).left(8));
        return parts.join(", ");
    }
    return QString::fromStdString(display_text(field.def.type(), value));
}

namespace {

// Whether `text` contains `needle` without case; `ascii_folded` is the needle lower-cased when it
// is all ASCII (empty otherwise): then ASCII text is searched byte by byte, without a QString.
bool contains_folded(std::string_view text, const QString& needle,
                     const std::string& ascii_folded) {
    if (!ascii_folded.empty() &&
        std::all_of(text.begin(), text.end(), [](char c) { return (c & 0x80) == 0; }))
        return std::search(text.begin(), text.end(), ascii_folded.begin(), ascii_folded.end(),
                           [](char a, char b) {
                               return (a >= 'A' && a <= 'Z' ? char(a + 32) : a) == b;
                           }) != text.end();
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()))
        .contains(needle, Qt::CaseInsensitive);
}

// The text of a stored (canonical) Value holding text — field 1, its length, the bytes — read in
// place; nullopt for any other kind, which is then parsed.
std::optional<std::string_view> stored_text(const std::string& bytes) {
    if (bytes.empty() || static_cast<std::uint8_t>(bytes[0]) != 0x0A) return std::nullopt;
    std::uint64_t length = 0;
    std::size_t at = 1;
    for (int shift = 0; at < bytes.size() && shift < 64; shift += 7) {
        const auto byte = static_cast<std::uint8_t>(bytes[at++]);
        length |= std::uint64_t(byte & 0x7F) << shift;
        if ((byte & 0x80) == 0) {
            if (length != bytes.size() - at) return std::nullopt;
            return std::string_view(bytes).substr(at);
        }
    }
    return std::nullopt;
}

const std::string* stored_bytes(const FormRecord& record, const std::string& field_id) {
    auto it = record.values.find(field_id);
    return it != record.values.end() && it->second.value() ? &*it->second.value() : nullptr;
}

// Whether a number's text ("-1.5e+20", "inf") could contain the ASCII needle at all.
bool could_be_in_a_number(const std::string& ascii_folded) {
    return !ascii_folded.empty() &&
           ascii_folded.find_first_not_of("0123456789.-+einfa") == std::string::npos;
}

// Types whose table cell is the value's display text as it is (others add a currency, a
// member's name, a check mark or shortened ids).
bool cell_is_display_text(v1::FieldType type) {
    return type != v1::FIELD_TYPE_MEMBER && type != v1::FIELD_TYPE_CURRENCY &&
           type != v1::FIELD_TYPE_CHECKBOX && type != v1::FIELD_TYPE_LINK &&
           type != v1::FIELD_TYPE_FILE;
}

}  // namespace

FormsModel::RowOrder FormsModel::order(const QString& filter, const QString& sortField,
                                       bool descending, const QString& groupField) const {
    const auto fields = state_.ordered_fields();
    const FormField* sort_by = state_.field(sortField.toStdString());
    const FormField* group_by = state_.field(groupField.toStdString());
    const QString needle = filter.trimmed();
    std::string ascii_folded;
    for (QChar c : needle) {
        if (c.unicode() >= 0x80) {
            ascii_folded.clear();
            break;
        }
        ascii_folded += static_cast<char>(c.toLower().unicode());
    }

    // The live fields by id, the order of a record's values: a record is matched in one walk.
    std::vector<const FormField*> by_id = fields;
    std::sort(by_id.begin(), by_id.end(),
              [](const FormField* a, const FormField* b) { return a->id < b->id; });
    const bool number_may_match = ascii_folded.empty() || could_be_in_a_number(ascii_folded);
    auto matches = [&](const FormRecord& record) {
        auto field = by_id.begin();
        v1::Value value;
        for (const auto& [field_id, reg] : record.values) {
            while (field != by_id.end() && (*field)->id < field_id) ++field;
            if (field == by_id.end()) return false;
            if ((*field)->id != field_id || !reg.value() || reg.value()->empty()) continue;
            const std::string& stored = *reg.value();
            const v1::FieldType type = (*field)->def.type();
            if (cell_is_display_text(type)) {
                if (auto text = stored_text(stored)) {
                    if (contains_folded(*text, needle, ascii_folded)) return true;
                    continue;
                }
                if (!number_may_match && static_cast<std::uint8_t>(stored[0]) == 0x11) continue;
                value.ParseFromString(stored);
                if (contains_folded(display_text(type, value), needle, ascii_folded)) return true;
            } else {
                value.ParseFromString(stored);
                if (cell_text(**field, value).contains(needle, Qt::CaseInsensitive)) return true;
            }
        }
        return false;
    };

    // One compact key per matching record, extracted once; the sort moves indices only.
    struct Key {
        const FormRecord* record;
        std::uint64_t created_lamport;
        std::uint32_t created_index;
        double number;
        std::uint32_t text;   // index into texts (0: none)
        std::uint32_t group;  // index into group_names
        bool empty;
    };
    std::vector<Key> keys;
    keys.reserve(state_.live_records());
    std::vector<QString> texts{QString()};
    std::vector<QString> group_names;
    QHash<QString, std::uint32_t> group_index;
    std::unordered_map<std::string_view, std::uint32_t> group_of_stored;
    v1::Value value;
    for (const auto& [id, record] : state_.records()) {
        if (record.deleted) continue;
        if (!needle.isEmpty() && !matches(record)) continue;
        Key key{&record, record.created_lamport, record.created_index, 0, 0, 0, true};
        if (sort_by) {
            const std::string* stored = stored_bytes(record, sort_by->id);
            value.Clear();
            if (stored) value.ParseFromString(*stored);
            // Only text is compared as text: numbers, amounts and flags need no cell text.
            const bool textual =
                (value.kind_case() == v1::Value::kText || value.kind_case() == v1::Value::kItems) &&
                sort_by->def.type() != v1::FIELD_TYPE_CURRENCY;
            SortKey sort =
                sort_key(*sort_by, value, textual ? cell_text(*sort_by, value) : QString());
            key.empty = sort.empty;
            key.number = sort.number;
            if (!sort.text.isEmpty()) {
                key.text = static_cast<std::uint32_t>(texts.size());
                texts.push_back(std::move(sort.text));
            }
        }
        if (group_by) {
            // Equal stored values have equal cells: a group's cell text is made once.
            const std::string* stored = stored_bytes(record, group_by->id);
            const std::string_view raw = stored ? std::string_view(*stored) : std::string_view();
            auto known = group_of_stored.find(raw);
            if (known == group_of_stored.end()) {
                value.Clear();
                if (stored) value.ParseFromString(*stored);
                QString text = cell_text(*group_by, value);
                if (text.isEmpty()) text = tr("(empty)");
                auto it = group_index.constFind(text);
                if (it == group_index.constEnd()) {
                    it = group_index.insert(text, static_cast<std::uint32_t>(group_names.size()));
                    group_names.push_back(text);
                }
                known = group_of_stored.emplace(raw, *it).first;
            }
            key.group = known->second;
        }
        keys.push_back(key);
    }
    // Groups in the order of their names: each group's name compared once, not per row pair.
    std::vector<std::uint32_t> group_rank(group_names.size());
    {
        std::vector<std::uint32_t> by_name(group_names.size());
        for (std::uint32_t i = 0; i < by_name.size(); ++i) by_name[i] = i;
        std::sort(by_name.begin(), by_name.end(), [&](std::uint32_t a, std::uint32_t b) {
            return group_names[a].localeAwareCompare(group_names[b]) < 0;
        });
        for (std::uint32_t rank = 0; rank < by_name.size(); ++rank)
            group_rank[by_name[rank]] = rank;
    }
    std::vector<std::uint32_t> index(keys.size());
    for (std::uint32_t i = 0; i < index.size(); ++i) index[i] = i;
    std::sort(index.begin(), index.end(), [&](std::uint32_t i, std::uint32_t j) {
        const Key& a = keys[i];
        const Key& b = keys[j];
        if (group_by && a.group != b.group) return group_rank[a.group] < group_rank[b.group];
        if (sort_by) {
            // Empty values last in either direction.
            if (a.empty != b.empty) return b.empty;
            if (!a.empty) {
                int order = a.number < b.number   ? -1
                            : a.number > b.number ? 1
                                                  : texts[a.text].compare(texts[b.text]);
                if (order != 0) return descending ? order > 0 : order < 0;
            }
        }
        if (a.created_lamport != b.created_lamport) return a.created_lamport < b.created_lamport;
        if (a.created_index != b.created_index) return a.created_index < b.created_index;
        return a.record->id < b.record->id;
    });
    RowOrder out;
    out.records.reserve(index.size());
    if (group_by) out.groups.reserve(index.size());
    for (std::uint32_t i : index) {
        out.records.push_back(keys[i].record);
        if (group_by) out.groups.push_back(keys[i].group);
    }
    out.group_names = std::move(group_names);
    return out;
}

QStringList FormsModel::cells(const FormRecord& record) const {
    QStringList out;
    for (const FormField* field : state_.ordered_fields())
        out.append(cell_text(*field, record.value(field->id)));
    return out;
}

QStringList FormsModel::row_problems(const FormRecord& record) const {
    QStringList out;
    for (const std::string& problem : state_.problems(record))
        out.append(QString::fromStdString(problem));
    return out;
}

bool FormsModel::can_edit(const FormRecord& record) const {
    return context_.me().role == sdk::Role::Manager || record.creator == context_.me().identity;
}

QVariantList FormsModel::rows(const QString& filter, const QString& sortField, bool descending,
                              const QString& groupField) const {
    const RowOrder order = this->order(filter, sortField, descending, groupField);
    QVariantList out;
    out.reserve(static_cast<qsizetype>(order.records.size()));
    for (std::size_t i = 0; i < order.records.size(); ++i) {
        const FormRecord& record = *order.records[i];
        out.append(QVariantMap{{"id", record_hex(record.id)},
                               {"cells", cells(record)},
                               {"group", order.group_of(i)},
                               {"problems", row_problems(record)},
                               {"canEdit", can_edit(record)}});
    }
    return out;
}

QVariantList FormsModel::board(const QString& fieldId, const QString& filter) const {
    const FormField* by = state_.field(fieldId.toStdString());
    if (!by || by->def.type() != v1::FIELD_TYPE_CHOICE) return {};
    const auto fields = state_.ordered_fields();
    std::vector<std::string> options(by->def.options().values().begin(),
                                     by->def.options().values().end());
    options.emplace_back();  // no value, or one no longer among the options
    std::vector<QVariantList> cards(options.size());
    std::vector<const FormRecord*> records;
    for (const auto& [id, record] : state_.records())
        if (!record.deleted) records.push_back(&record);
    std::sort(records.begin(), records.end(), [](const FormRecord* a, const FormRecord* b) {
        return a->creation_order() < b->creation_order();
    });
    const QString needle = filter.trimmed();
    const bool manager = context_.me().role == sdk::Role::Manager;
    for (const FormRecord* record : records) {
        QStringList cells;
        bool matches = needle.isEmpty();
        for (const FormField* field : fields) {
            if (field == by) continue;
            QString text = cell_text(*field, record->value(field->id));
            if (!matches && text.contains(needle, Qt::CaseInsensitive)) matches = true;
            if (!text.isEmpty()) cells.append(std::move(text));
        }
        if (!matches) continue;
        const std::string option = record->value(by->id).text();
        auto column = std::find(options.begin(), options.end() - 1, option) - options.begin();
        cards[static_cast<std::size_t>(column)].append(
            QVariantMap{{"id", record_hex(record->id)},
                        {"title", cells.value(0)},
                        {"detail", cells.mid(1, 2).join(" · ")},
                        {"canEdit", manager || record->creator == context_.me().identity}});
    }
    QVariantList out;
    for (std::size_t i = 0; i < options.size(); ++i)
        if (i + 1 < options.size() || !cards[i].isEmpty())
            out.append(
                QVariantMap{{"option", QString::fromStdString(options[i])}, {"cards", cards[i]}});
    return out;
}

QVariantMap FormsModel::record(const QString& recordId) const {
    auto id = record_from_hex(recordId.toStdString());
    const FormRecord* record = id ? state_.find(*id) : nullptr;
    if (!record) return {};
    QVariantMap values, html;
    for (const FormField* field : state_.ordered_fields()) {
        const v1::Value value = record->value(field->id);
        values.insert(QString::fromStdString(field->id),
                      field->def.type() == v1::FIELD_TYPE_CHECKBOX
                          ? QString(value.flag() ? "yes" : "")
                          : QString::fromStdString(display_text(field->def.type(), value)));
        if (field->def.type() == v1::FIELD_TYPE_LONG_TEXT)
            html.insert(QString::fromStdString(field->id),
                        QString::fromStdString(sdk::markdown_to_safe_html(value.text())));
    }
    QVariantList history;
    for (auto entry = record->history.rbegin(); entry != record->history.rend(); ++entry) {
        QVariantList changes;
        for (const auto& [field_id, bytes] : entry->values) {
            const FormField* field = state_.field(field_id);
            v1::Value value;
            value.ParseFromString(bytes);
            changes.append(QVariantMap{
                {"field", field ? QString::fromStdString(field->def.name()) : QString()},
                {"value", field ? cell_text(*field, value) : QString()}});
        }
        const char* kinds[] = {"", "created", "changed", "deleted"};
        history.append(QVariantMap{
            {"author", displayName(hex(entry->author))},
            {"when",
             QDateTime::fromMSecsSinceEpoch(entry->wall_time_ms).toString("yyyy-MM-dd HH:mm")},
            {"kind", QString(kinds[static_cast<int>(entry->kind)])},
            {"changes", changes}});
    }
    QStringList problems;
    for (const std::string& problem : state_.problems(*record))
        problems.append(QString::fromStdString(problem));
    return {{"id", recordId},
            {"creator", displayName(hex(record->creator))},
            {"created",
             QDateTime::fromMSecsSinceEpoch(record->created_ms).toString("yyyy-MM-dd HH:mm")},
            {"deleted", record->deleted},
            {"canEdit", !record->deleted && (context_.me().role == sdk::Role::Manager ||
                                             record->creator == context_.me().identity)},
            {"problems", problems},
            {"values", values},
            {"html", html},
            {"history", history}};
}

Result<Values> FormsModel::values_from(const QVariantMap& texts) const {
    Values values;
    for (auto it = texts.begin(); it != texts.end(); ++it) {
        const FormField* field = resolve_field(it.key().toStdString());
        if (!field) return invalid(it.key().toStdString() + ": no such field");
        v1::Value value;
        if (it.value().typeId() == QMetaType::Bool) {
            value.set_flag(it.value().toBool());
        } else if (it.value().typeId() == QMetaType::QStringList ||
                   it.value().typeId() == QMetaType::QVariantList) {
            for (const QString& item : it.value().toStringList())
                value.mutable_items()->add_values(item.toStdString());
        } else {
            auto parsed = parse_text(field->def.type(), it.value().toString().toStdString());
            if (!parsed) return invalid(field->def.name() + ": " + parsed.error().message);
            value = std::move(parsed.value());
        }
        values[field->id] = std::move(value);
    }
    return values;
}

QVariantMap FormsModel::validate(const QVariantMap& texts, bool creating) const {
    QVariantMap messages;
    Values values;
    for (auto it = texts.begin(); it != texts.end(); ++it) {
        auto one = values_from(QVariantMap{{it.key(), it.value()}});
        if (!one) {
            const std::string& message = one.error().message;
            const auto colon = message.find(": ");
            messages.insert(it.key(), QString::fromStdString(colon == std::string::npos
                                                                 ? message
                                                                 : message.substr(colon + 2)));
            continue;
        }
        values.insert(one->begin(), one->end());
    }
    if (creating) fill_defaults(values);
    for (const FormField* field : state_.ordered_fields()) {
        const QString key = QString::fromStdString(field->id);
        if (messages.contains(key)) continue;
        auto it = values.find(field->id);
        if (it == values.end() && !creating) continue;
        auto checked = state_.check_rules(*field, it == values.end() ? v1::Value() : it->second);
        if (!checked) {
            const std::string& message = checked.error().message;
            messages.insert(key,
                            QString::fromStdString(message.substr(field->def.name().size() + 2)));
        }
    }
    return messages;
}

QString FormsModel::createRecord(const QVariantMap& texts) {
    auto values = values_from(texts);
    if (!values) return fail(values.error()), QString();
    auto id = create_record(std::move(values.value()));
    if (!id) return fail(id.error()), QString();
    return record_hex(*id);
}

bool FormsModel::updateRecord(const QString& recordId, const QVariantMap& texts) {
    auto id = record_from_hex(recordId.toStdString());
    if (!id) return fail(invalid("not a record id"));
    auto values = values_from(texts);
    if (!values) return fail(values.error());
    auto updated = update_record(*id, *values);
    return updated ? true : fail(updated.error());
}

bool FormsModel::deleteRecord(const QString& recordId) {
    auto id = record_from_hex(recordId.toStdString());
    if (!id) return fail(invalid("not a record id"));
    auto deleted = delete_record(*id);
    return deleted ? true : fail(deleted.error());
}

Result<v1::FieldDef> FormsModel::def_from(const QVariantMap& attributes, bool adding) const {
    v1::FieldDef def;
    for (auto it = attributes.begin(); it != attributes.end(); ++it) {
        const QString& key = it.key();
        const QVariant& value = it.value();
        if (key == "name")
            def.set_name(value.toString().trimmed().toStdString());
        else if (key == "type")
            def.set_type(static_cast<v1::FieldType>(value.toInt()));
        else if (key == "required")
            def.set_required(value.toBool());
        else if (key == "description")
            def.set_description(value.toString().toStdString());
        else if (key == "pattern")
            def.set_pattern(value.toString().toStdString());
        else if (key == "currency")
            def.set_currency(value.toString().toUpper().toStdString());
        else if (key == "maxLength")
            def.set_max_length(value.toUInt());
        else if (key == "min")
            def.set_min(value.toDouble());
        else if (key == "max")
            def.set_max(value.toDouble());
        else if (key == "position")
            def.set_position(value.toDouble());
        else if (key == "options") {
            auto* options = def.mutable_options();
            for (const QString& option : value.toStringList())
                if (!option.trimmed().isEmpty())
                    options->add_values(option.trimmed().toStdString());
        } else {
            return invalid("unknown field attribute '" + key.toStdString() + "'");
        }
    }
    return def;
}

QString FormsModel::addField(const QVariantMap& attributes) {
    auto def = def_from(attributes, true);
    if (!def) return fail(def.error()), QString();
    v1::ChangeSchema change;
    *change.add_add()->mutable_def() = *def;
    auto ids = change_schema(change);
    if (!ids) return fail(ids.error()), QString();
    return QString::fromStdString(ids->front());
}

bool FormsModel::updateField(const QString& fieldId, const QVariantMap& attributes) {
    auto def = def_from(attributes, false);
    if (!def) return fail(def.error());
    v1::ChangeSchema change;
    auto* update = change.add_update();
    update->set_field_id(fieldId.toStdString());
    *update->mutable_def() = *def;
    auto done = change_schema(change);
    return done ? true : fail(done.error());
}

bool FormsModel::retireField(const QString& fieldId, bool retired) {
    v1::ChangeSchema change;
    auto* update = change.add_update();
    update->set_field_id(fieldId.toStdString());
    update->mutable_def()->set_retired(retired);
    auto done = change_schema(change);
    return done ? true : fail(done.error());
}

QString FormsModel::exportCsv() const {
    return QString::fromStdString(export_csv(state_));
}

int FormsModel::importCsv(const QString& text) {
    auto records = import_csv(state_, text.toStdString());
    if (!records) return fail(records.error()), -1;
    auto ids = import_records(std::move(records.value()));
    if (!ids) return fail(ids.error()), -1;
    return static_cast<int>(ids->size());
}

void FormsModel::state_changed(const FormsChange&) {
    ++revision_;
    emit changed();
}

void FormsModel::state_replaced() {
    ++revision_;
    emit changed();
}

}  // namespace grove::tools::forms
