// FormsState: the replicated state of one Forms instance — its schema (fields with a register
// per attribute) and its records (a register per field, with history) — equal on every peer
// whatever the causal delivery order of the same operations.
#pragma once

#include <grove/sdk/operation.h>
#include <grove/sdk/result.h>

#include <map>
#include <string>
#include <vector>

#include "formsrecord.h"
#include "formsvalue.h"

namespace grove::tools::forms {

// What one applied operation changed, for the model and the gRPC Watch stream.
struct FormsChange {
    enum class Kind { None, Schema, Created, Changed, Deleted, Imported };
    Kind kind = Kind::None;
    std::vector<RecordId> records;  // the records touched (Imported: every new one)
};

class FormsState {
public:
    static constexpr std::size_t kMaxFieldsPerChange = 100;
    static constexpr std::size_t kMaxValuesPerRecord = 500;

    // Decodes a grove.tools.forms.v1.FormsOp and applies it. Errors are deterministic
    // rejections (malformed, unknown field or record, a value of the wrong shape, a participant
    // changing the schema or another member's record, a guest writing): nothing changes. An
    // operation kind this version does not know is accepted with no effect.
    Result<FormsChange> apply(const sdk::Operation& operation);

    const FormField* field(const std::string& id) const;
    const std::map<std::string, FormField>& fields() const { return fields_; }
    // Live (not retired) fields in form order: by position, then creation, then id.
    std::vector<const FormField*> ordered_fields(bool include_retired = false) const;
    // The live field with this name (the first in form order), or null.
    const FormField* field_named(const std::string& name) const;

    const FormRecord* find(const RecordId& id) const;
    const std::map<RecordId, FormRecord>& records() const { return records_; }
    std::size_t live_records() const { return live_; }

    // Where `values` (a new record's when `creating`, else the changes) break the current
    // schema's rules: required fields, ranges, patterns, options. Every problem, each
    // "<field name>: <reason>"; empty when none. Unknown fields are problems too.
    std::vector<std::string> problems(const std::map<std::string, v1::Value>& values,
                                      bool creating) const;
    // Where a stored record breaks the current schema (a rule added after it was written, or a
    // writer that skipped the checks): shown on every peer alike.
    std::vector<std::string> problems(const FormRecord& record) const;
    // One value against its field's rules: InvalidArgument "<field name>: <reason>".
    Result<void> check_rules(const FormField& field, const v1::Value& value) const {
        return rules_.check(field.def, value);
    }

    sdk::Bytes snapshot() const;
    Result<void> restore(sdk::ByteView snapshot);
    // Equal exactly when the visible state (schema, records, histories) is equal.
    sdk::Digest digest() const;

    // The id the field at `index` of the ChangeSchema operation `op` gets.
    static std::string field_id_for(const sdk::OpId& op, int index);
    // The id the record at `index` of the ImportRecords operation `op` gets.
    static RecordId imported_record_id(const sdk::OpId& op, int index);

private:
    Result<void> check_values(const google::protobuf::Map<std::string, v1::Value>& values) const;
    Result<FormsChange> change_schema(const v1::ChangeSchema& change, const sdk::Operation& op);
    void create(const RecordId& id, std::uint32_t index, const v1::CreateRecord& create,
                const sdk::Operation& op);
    void write(FormRecord& record, const google::protobuf::Map<std::string, v1::Value>& values,
               HistoryEntry::Kind kind, const sdk::Operation& op);
    static void resolve(FormField& field);

    std::map<std::string, FormField> fields_;
    std::map<RecordId, FormRecord> records_;
    std::size_t live_ = 0;
    RuleChecker rules_;
};

}  // namespace grove::tools::forms
