// Records of a Forms instance as CSV (RFC 4180) and back: a header row of field names, one row
// per record, values as display_text; import refuses the whole file on the first bad cell.
#pragma once

#include <grove/sdk/result.h>

#include <map>
#include <string>
#include <vector>

#include "formsstate.h"

namespace grove::tools::forms {

// Every live record, oldest first, with an "id" column and a column per live field.
std::string export_csv(const FormsState& state);

// Rows of `text` as new records' values (field id → value). Columns are matched to live fields
// by name; an "id" column and empty cells are skipped. InvalidArgument with the line, the column
// and the reason when a header names no field or a cell does not fit its field's type.
Result<std::vector<std::map<std::string, v1::Value>>> import_csv(const FormsState& state,
                                                                 std::string_view text);

// RFC 4180 rows (quoted fields may hold commas, quotes and line breaks).
Result<std::vector<std::vector<std::string>>> parse_csv(std::string_view text);
std::string csv_cell(const std::string& text);

}  // namespace grove::tools::forms
