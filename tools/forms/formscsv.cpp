#include "formscsv.h"

#include <algorithm>

namespace grove::tools::forms {

std::string csv_cell(const std::string& text) {
    // A leading =, +, - or @ would be a formula in a spreadsheet: quote it with a ' prefix.
    std::string value = text;
    if (!value.empty() && std::string("=+-@").find(value[0]) != std::string::npos &&
        !(value[0] == '-' && value.size() > 1 &&
          std::isdigit(static_cast<unsigned char>(value[1]))))
        value.insert(value.begin(), '\'');
    if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
    std::string out = "\"";
    for (char c : value) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string export_csv(const FormsState& state) {
    const auto fields = state.ordered_fields();
    std::string out = "id";
    for (const FormField* field : fields) out += "," + csv_cell(field->def.name());
    out += "\r\n";
    std::vector<const FormRecord*> records;
    for (const auto& [id, record] : state.records())
        if (!record.deleted) records.push_back(&record);
    std::sort(records.begin(), records.end(), [](const FormRecord* a, const FormRecord* b) {
        return a->creation_order() < b->creation_order();
    });
    for (const FormRecord* record : records) {
        out += sdk::to_hex(record->id);
        for (const FormField* field : fields)
            out += "," + csv_cell(display_text(field->def.type(), record->value(field->id)));
        out += "\r\n";
    }
    return out;
}

Result<std::vector<std::vector<std::string>>> parse_csv(std::string_view text) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string cell;
    bool quoted = false, cell_started = false;
    std::size_t line = 1;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                cell += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                if (c == '\n') ++line;
                cell += c;
            }
            continue;
        }
        if (c == '"' && cell.empty() && !cell_started) {
            quoted = cell_started = true;
        } else if (c == ',') {
            row.push_back(std::move(cell));
            cell.clear();
            cell_started = false;
        } else if (c == '\r' || c == '\n') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            row.push_back(std::move(cell));
            cell.clear();
            cell_started = false;
            if (!(row.size() == 1 && row[0].empty())) rows.push_back(std::move(row));
            row.clear();
            ++line;
        } else {
            cell += c;
            cell_started = true;
        }
    }
    if (quoted)
        return make_error(ErrorCode::InvalidArgument,
                          "line " + std::to_string(line) + ": a quoted cell is never closed");
    if (cell_started || !row.empty()) {
        row.push_back(std::move(cell));
        rows.push_back(std::move(row));
    }
    return rows;
}

Result<std::vector<std::map<std::string, v1::Value>>> import_csv(const FormsState& state,
                                                                 std::string_view text) {
    auto rows = parse_csv(text);
    if (!rows) return rows.error();
    std::vector<std::map<std::string, v1::Value>> out;
    if (rows->empty()) return out;
    const auto& header = rows->front();
    std::vector<const FormField*> columns;
    for (const std::string& name : header) {
        if (name == "id") {
            columns.push_back(nullptr);
            continue;
        }
        const FormField* field = state.field_named(name);
        if (!field)
            return make_error(ErrorCode::InvalidArgument,
                              "line 1: the column \"" + name.substr(0, 80) + "\" names no field");
        columns.push_back(field);
    }
    for (std::size_t r = 1; r < rows->size(); ++r) {
        const auto& row = (*rows)[r];
        if (row.size() > columns.size())
            return make_error(ErrorCode::InvalidArgument,
                              "row " + std::to_string(r + 1) + ": more cells than columns");
        std::map<std::string, v1::Value> values;
        for (std::size_t c = 0; c < row.size(); ++c) {
            if (!columns[c] || row[c].empty()) continue;
            std::string cell = row[c];
            if (cell.size() > 1 && cell[0] == '\'' &&
                std::string("=+-@").find(cell[1]) != std::string::npos)
                cell.erase(0, 1);
            auto value = parse_text(columns[c]->def.type(), cell);
            if (!value)
                return make_error(ErrorCode::InvalidArgument, "row " + std::to_string(r + 1) +
                                                                  ", " + columns[c]->def.name() +
                                                                  ": " + value.error().message);
            values.emplace(columns[c]->id, std::move(value.value()));
        }
        out.push_back(std::move(values));
    }
    return out;
}

}  // namespace grove::tools::forms
