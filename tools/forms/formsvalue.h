// Field values of the Forms tool: the shape a value must have for its field's type (checked by
// every peer when applying), the schema's rules (required, range, pattern, options: checked
// before submitting and reported on records that break them), and values as text for views/CSV.
#pragma once

#include <grove/sdk/result.h>

#include <map>
#include <memory>
#include <string>

#include "grove/tools/forms/v1/ops.pb.h"

namespace re2 {
class RE2;
}

namespace grove::tools::forms {

inline constexpr std::size_t kMaxNameBytes = 200;
inline constexpr std::size_t kMaxTextBytes = 4 * 1024;
inline constexpr std::size_t kMaxLongTextBytes = 64 * 1024;
inline constexpr std::size_t kMaxItems = 100;
inline constexpr std::size_t kMaxOptions = 200;
inline constexpr std::size_t kMaxPatternBytes = 200;

bool valid_utf8(std::string_view text);
bool is_empty(const v1::Value& value);

// Whether `value` has the form its field's type needs (an empty value always has): the text of a
// date is a real date, a member is 64 hex digits, a number is finite... InvalidArgument naming
// what is wrong. Depends on the type only, which never changes: the same answer on every peer.
Result<void> check_shape(v1::FieldType type, const v1::Value& value);

// Whether a field definition is well formed (`adding`: a new field, which needs a type and a name;
// otherwise the type may not be set). `type` is the field's type when updating.
Result<void> check_definition(const v1::FieldDef& def, bool adding, v1::FieldType type);

// The schema's rules for one value, with compiled patterns cached. Linear time in the value:
// patterns are RE2, at most 200 bytes, with a bounded program size.
class RuleChecker {
public:
    RuleChecker();
    ~RuleChecker();
    // InvalidArgument "<field name>: <reason>" when `value` breaks `def`'s rules.
    Result<void> check(const v1::FieldDef& def, const v1::Value& value) const;
    // Whether `pattern` compiles within the bounds (empty: no pattern).
    static Result<void> check_pattern(const std::string& pattern);

private:
    const re2::RE2* compiled(const std::string& pattern) const;
    mutable std::map<std::string, std::unique_ptr<re2::RE2>> patterns_;
};

// A value as one line of text (multi-values joined by "; "), for tables and CSV.
std::string display_text(v1::FieldType type, const v1::Value& value);
// The reverse, for CSV import and text inputs: InvalidArgument when the text does not fit the
// type. Empty text gives an empty value.
Result<v1::Value> parse_text(v1::FieldType type, const std::string& text);

// Byte-for-byte the same encoding on every peer.
std::string canonical(const google::protobuf::Message& message);

}  // namespace grove::tools::forms
