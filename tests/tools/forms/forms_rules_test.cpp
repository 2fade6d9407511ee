// Forms rules and CSV: required fields, defaults, ranges, patterns and options checked before
// submitting and reported on stored records; values of every type parsed from text; CSV out and
// back in; a pattern's cost linear in the value.
#include <gtest/gtest.h>

#include "forms_replica.h"
#include "formscsv.h"
#include "formstablemodel.h"

using namespace grove;
using namespace grove::tools::forms;
using grove::tests::forged;
using grove::tests::FormsReplica;

namespace {

// An expense claim: amount (EUR, 0.01–5000), code (pattern), category (choice, default
// "Travel"), receipt date, approved (checkbox), notes (Markdown).
struct Expenses {
    std::string amount, code, category, date, approved, notes;
};

Expenses add_expense_schema(FormsModel& model) {
    Expenses ids;
    ids.amount = model
                     .addField({{"name", "Amount"},
                                {"type", v1::FIELD_TYPE_CURRENCY},
                                {"currency", "eur"},
                                {"min", 0.01},
                                {"max", 5000},
                                {"required", true}})
                     .toStdString();
    ids.code = model
                   .addField({{"name", "Cost centre"},
                              {"type", v1::FIELD_TYPE_TEXT},
                              {"pattern", "[A-Z]{2}-[0-9]{3}"}})
                   .toStdString();
    ids.category = model
                       .addField({{"name", "Category"},
                                  {"type", v1::FIELD_TYPE_CHOICE},
                                  {"options", QStringList{"Travel", "Meals", "Equipment"}}})
                       .toStdString();
    ids.date =
        model.addField({{"name", "Receipt date"}, {"type", v1::FIELD_TYPE_DATE}}).toStdString();
    ids.approved =
        model.addField({{"name", "Approved"}, {"type", v1::FIELD_TYPE_CHECKBOX}}).toStdString();
    ids.notes =
        model.addField({{"name", "Notes"}, {"type", v1::FIELD_TYPE_LONG_TEXT}}).toStdString();
    v1::ChangeSchema defaults;
    auto* update = defaults.add_update();
    update->set_field_id(ids.category);
    update->mutable_def()->mutable_default_value()->set_text("Travel");
    EXPECT_TRUE(model.change_schema(defaults).ok());
    return ids;
}

}  // namespace

TEST(FormsRules, BrokenRulesAreRefusedBeforeSubmittingAndNamed) {
    FormsReplica ann("Ann", 1, sdk::Role::Manager);
    const Expenses e = add_expense_schema(ann.model());
    ASSERT_FALSE(e.notes.empty()) << ann.model().last_error().toStdString();
    const std::size_t submitted = ann.context.submitted().size();

    auto q = [](const std::string& id) { return QString::fromStdString(id); };
    QVariantMap messages = ann.model().validate(
        {{q(e.amount), "9000"}, {q(e.code), "ab-12"}, {q(e.date), "2027-13-01"}}, true);
    EXPECT_EQ(messages[q(e.amount)].toString(), "at most 5000");
    EXPECT_EQ(messages[q(e.code)].toString(), "does not match [A-Z]{2}-[0-9]{3}");
    EXPECT_TRUE(messages[q(e.date)].toString().contains("YYYY-MM-DD"));
    EXPECT_FALSE(messages.contains(q(e.category)));  // its default fills it
    messages = ann.model().validate({{q(e.code), "FR-001"}}, true);
    EXPECT_EQ(messages[q(e.amount)].toString(), "required");

    EXPECT_TRUE(ann.model().createRecord({{q(e.amount), "0"}}).isEmpty());
    EXPECT_TRUE(ann.model().last_error().contains("Amount: at least 0.01"));
    EXPECT_TRUE(ann.model().createRecord({{"Category", "Bribes"}, {q(e.amount), "10"}}).isEmpty());
    EXPECT_TRUE(ann.model().last_error().contains("not one of the options"));
    EXPECT_EQ(ann.context.submitted().size(), submitted);  // nothing went out

    // The local member, for member fields.
    EXPECT_EQ(ann.model().my_id().toStdString(), sdk::to_hex(ann.context.identity()));

    // Fields named by name work as well as by id; the default is filled in.
    const QString id = ann.model().createRecord({{"Amount", "42.50"},
                                                 {"Cost centre", "FR-001"},
                                                 {"Receipt date", "2027-01-15"},
                                                 {"Approved", true},
                                                 {"Notes", "Taxi from **Lyon**"}});
    ASSERT_FALSE(id.isEmpty()) << ann.model().last_error().toStdString();
    QVariantMap record = ann.model().record(id);
    EXPECT_EQ(record["values"].toMap()[q(e.category)].toString(), "Travel");
    EXPECT_EQ(record["values"].toMap()[q(e.amount)].toString(), "42.50");
    EXPECT_TRUE(record["html"].toMap()[q(e.notes)].toString().contains("<strong>Lyon</strong>"));
    EXPECT_TRUE(record["problems"].toStringList().isEmpty());

    // A rule tightened later does not touch the data: the record shows what it breaks.
    ASSERT_TRUE(ann.model().updateField(q(e.amount), {{"max", 40}}));
    record = ann.model().record(id);
    EXPECT_EQ(record["values"].toMap()[q(e.amount)].toString(), "42.50");
    EXPECT_EQ(record["problems"].toStringList(), QStringList{"Amount: at most 40"});
    // So does a record a modified peer wrote past the rules.
    v1::FormsOp op;
    (*op.mutable_create()->mutable_values())[e.amount].set_text("-5");
    ASSERT_TRUE(ann.context.receive(forged(op, sdk::Role::Participant, 9, 90)).ok());
    const QVariantList rows = ann.model().rows({}, {}, false, {});
    ASSERT_EQ(rows.size(), 2);
    EXPECT_EQ(rows[1].toMap()["problems"].toStringList(), QStringList{"Amount: at least 0.01"});
}

TEST(FormsRules, TableRowsFilterSortAndGroup) {
    FormsReplica ann("Ann", 1, sdk::Role::Manager);
    const Expenses e = add_expense_schema(ann.model());
    struct Row {
        const char* amount;
        const char* category;
    };
    for (Row row :
         {Row{"120", "Travel"}, Row{"9.5", "Meals"}, Row{"1000", "Equipment"}, Row{"35", "Meals"}})
        ASSERT_FALSE(ann.model()
                         .createRecord({{"Amount", row.amount}, {"Category", row.category}})
                         .isEmpty());
    auto amounts = [&](const QVariantList& rows) {
        QStringList out;
        for (const QVariant& row : rows) out.append(row.toMap()["cells"].toStringList()[0]);
        return out;
    };
    const QString amount = QString::fromStdString(e.amount);
    // Numbers sort by value, not as text.
    EXPECT_EQ(amounts(ann.model().rows({}, amount, false, {})),
              (QStringList{"9.5 EUR", "35 EUR", "120 EUR", "1000 EUR"}));
    EXPECT_EQ(amounts(ann.model().rows({}, amount, true, {})),
              (QStringList{"1000 EUR", "120 EUR", "35 EUR", "9.5 EUR"}));
    EXPECT_EQ(amounts(ann.model().rows("meal", amount, false, {})),
              (QStringList{"9.5 EUR", "35 EUR"}));
    const QVariantList grouped =
        ann.model().rows({}, amount, true, QString::fromStdString(e.category));
    QStringList groups;
    for (const QVariant& row : grouped) groups.append(row.toMap()["group"].toString());
    EXPECT_EQ(groups, (QStringList{"Equipment", "Meals", "Meals", "Travel"}));
    EXPECT_EQ(amounts(grouped), (QStringList{"1000 EUR", "35 EUR", "9.5 EUR", "120 EUR"}));
}

TEST(FormsRules, TableModelListsTheRowsInTheSameOrderAndFollowsChanges) {
    FormsReplica ann("Ann", 1, sdk::Role::Manager);
    const Expenses e = add_expense_schema(ann.model());
    for (const char* amount : {"120", "9.5", "1000", "35"})
        ASSERT_FALSE(ann.model()
                         .createRecord({{"Amount", amount},
                                        {"Category", QString(amount) == "35" ? "Meals" : "Travel"}})
                         .isEmpty());
    FormsTableModel& table = *ann.model().table();
    auto column = [&](int role) {
        QStringList out;
        for (int row = 0; row < table.rowCount(); ++row)
            out.append(role == FormsTableModel::CellsRole
                           ? table.data(table.index(row), role).toStringList()[0]
                           : table.data(table.index(row), role).toString());
        return out;
    };
    EXPECT_EQ(table.count(), 4);
    EXPECT_EQ(column(FormsTableModel::CellsRole),
              (QStringList{"120 EUR", "9.5 EUR", "1000 EUR", "35 EUR"}));  // creation order
    table.set_sort_field(QString::fromStdString(e.amount));
    table.set_group_field(QString::fromStdString(e.category));
    EXPECT_EQ(column(FormsTableModel::GroupRole),
              (QStringList{"Meals", "Travel", "Travel", "Travel"}));
    EXPECT_EQ(column(FormsTableModel::CellsRole),
              (QStringList{"35 EUR", "9.5 EUR", "120 EUR", "1000 EUR"}));
    // The same rows, ids and problems as rows() gives.
    const QVariantList rows = ann.model().rows({}, QString::fromStdString(e.amount), false,
                                               QString::fromStdString(e.category));
    QStringList ids;
    for (const QVariant& row : rows) ids.append(row.toMap()["id"].toString());
    EXPECT_EQ(column(FormsTableModel::RecordIdRole), ids);
    // A filter narrows the rows; a new record shows up without asking.
    table.set_filter("EUR 1");  // no cell contains it
    EXPECT_EQ(table.count(), 0);
    table.set_filter("1");
    EXPECT_EQ(column(FormsTableModel::CellsRole), (QStringList{"120 EUR", "1000 EUR"}));
    ASSERT_FALSE(ann.model().createRecord({{"Amount", "15"}}).isEmpty());
    EXPECT_EQ(column(FormsTableModel::CellsRole), (QStringList{"15 EUR", "120 EUR", "1000 EUR"}));
    EXPECT_TRUE(table.data(table.index(0), FormsTableModel::CanEditRole).toBool());
}

TEST(FormsRules, CsvGoesOutAndComesBackTheSame) {
    FormsReplica ann("Ann", 1, sdk::Role::Manager), bob("Bob", 2, sdk::Role::Manager);
    add_expense_schema(ann.model());
    for (const auto& op : ann.context.submitted()) (void)bob.context.receive(op);
    ASSERT_FALSE(ann.model()
                     .createRecord({{"Amount", "12.30"},
                                    {"Notes", "Line one, with a comma\nand \"quotes\""},
                                    {"Cost centre", "AB-123"},
                                    {"Approved", true},
                                    {"Receipt date", "2027-02-28"}})
                     .isEmpty());
    ASSERT_FALSE(
        ann.model().createRecord({{"Amount", "7"}, {"Notes", "=HYPERLINK(\"x\")"}}).isEmpty());
    const std::string csv = export_csv(ann.state());
    EXPECT_NE(csv.find("\"Line one, with a comma\nand \"\"quotes\"\"\""), std::string::npos);
    EXPECT_NE(csv.find("\"'=HYPERLINK(\"\"x\"\")\""),
              std::string::npos);  // not a formula in a spreadsheet

    ASSERT_EQ(bob.model().importCsv(QString::fromStdString(csv)), 2)
        << bob.model().last_error().toStdString();
    // Same values under new ids: the exports match but for the id column.
    auto without_ids = [](std::string text) {
        std::string out;
        auto rows = parse_csv(text);
        for (auto& row : *rows) {
            row.erase(row.begin());
            for (const auto& cell : row) out += cell + "|";
            out += "\n";
        }
        return out;
    };
    EXPECT_EQ(without_ids(export_csv(bob.state())), without_ids(csv));

    // A bad cell refuses the whole file, saying where.
    const std::size_t before = bob.state().live_records();
    EXPECT_EQ(bob.model().importCsv("Amount,Receipt date\n5,2027-01-01\n6,yesterday\n"), -1);
    EXPECT_TRUE(bob.model().last_error().contains("row 3, Receipt date"));
    EXPECT_EQ(bob.model().importCsv("Amount,Nope\n5,x\n"), -1);
    EXPECT_TRUE(bob.model().last_error().contains("\"Nope\" names no field"));
    EXPECT_EQ(bob.model().importCsv("Amount\n\"5\n"), -1);
    EXPECT_TRUE(bob.model().last_error().contains("never closed"));
    EXPECT_EQ(bob.state().live_records(), before);
}

TEST(FormsRules, TextOfEveryTypeParsesOrSaysWhy) {
    EXPECT_EQ(parse_text(v1::FIELD_TYPE_NUMBER, " 3.5 ")->number(), 3.5);
    EXPECT_FALSE(parse_text(v1::FIELD_TYPE_NUMBER, "three").ok());
    EXPECT_FALSE(parse_text(v1::FIELD_TYPE_NUMBER, "inf").ok());
    EXPECT_TRUE(parse_text(v1::FIELD_TYPE_CURRENCY, "-1234.5").ok());
    EXPECT_FALSE(parse_text(v1::FIELD_TYPE_CURRENCY, "12.34567").ok());
    EXPECT_FALSE(parse_text(v1::FIELD_TYPE_CURRENCY, "1e5").ok());
    EXPECT_TRUE(parse_text(v1::FIELD_TYPE_DATE, "2028-02-29").ok());
    EXPECT_FALSE(parse_text(v1::FIELD_TYPE_DATE, "2027-02-29").ok());
    EXPECT_TRUE(parse_text(v1::FIELD_TYPE_DATE_TIME, "2027-05-01T23:59:59Z").ok());
    EXPECT_FALSE(parse_text(v1::FIELD_TYPE_DATE_TIME, "2027-05-01T24:00:00Z").ok());
    EXPECT_FALSE(parse_text(v1::FIELD_TYPE_DATE_TIME, "2027-05-01 10:00").ok());
    EXPECT_TRUE(parse_text(v1::FIELD_TYPE_CHECKBOX, "Yes")->flag());
    EXPECT_FALSE(parse_text(v1::FIELD_TYPE_CHECKBOX, "maybe").ok());
    EXPECT_EQ(parse_text(v1::FIELD_TYPE_MULTI_CHOICE, "a; b ;")->items().values_size(), 2);
    EXPECT_FALSE(parse_text(v1::FIELD_TYPE_MEMBER, "ABCD").ok());
    EXPECT_TRUE(parse_text(v1::FIELD_TYPE_MEMBER, std::string(64, 'a')).ok());
    EXPECT_FALSE(parse_text(v1::FIELD_TYPE_LINK, std::string(63, 'a')).ok());
    EXPECT_TRUE(parse_text(v1::FIELD_TYPE_TEXT, "")->kind_case() == v1::Value::KIND_NOT_SET);
}

TEST(FormsRules, APatternCostsTimeLinearInTheValue) {
    // (a+)+$ takes exponential time in a backtracking engine on "aaa…!"; RE2 does not backtrack.
    RuleChecker rules;
    v1::FieldDef def;
    def.set_name("Code");
    def.set_type(v1::FIELD_TYPE_TEXT);
    def.set_pattern("(a+)+$");
    v1::Value value;
    value.set_text(std::string(4000, 'a') + "!");
    auto checked = rules.check(def, value);
    ASSERT_FALSE(checked.ok());
    EXPECT_EQ(checked.error().message, "Code: does not match (a+)+$");
    value.set_text(std::string(4000, 'a'));
    EXPECT_TRUE(rules.check(def, value).ok());
}
