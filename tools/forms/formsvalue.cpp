#include "formsvalue.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <re2/re2.h>

#include <QDate>
#include <QString>
#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace grove::tools::forms {

namespace {

Error invalid(std::string message) {
    return make_error(ErrorCode::InvalidArgument, std::move(message));
}

bool is_hex_id(const std::string& text) {
    return text.size() == 64 && text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

bool all_digits(std::string_view text) {
    return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

int number_at(const std::string& text, std::size_t at, std::size_t length) {
    return std::atoi(text.substr(at, length).c_str());
}

bool valid_date(const std::string& text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
    if (!all_digits(std::string_view(text).substr(0, 4)) ||
        !all_digits(std::string_view(text).substr(5, 2)) ||
        !all_digits(std::string_view(text).substr(8, 2)))
        return false;
    const int year = number_at(text, 0, 4);
    return year >= 1 && QDate::isValid(year, number_at(text, 5, 2), number_at(text, 8, 2));
}

bool valid_date_time(const std::string& text) {
    if (text.size() != 20 || text[10] != 'T' || text[13] != ':' || text[16] != ':' ||
        text[19] != 'Z')
        return false;
    if (!valid_date(text.substr(0, 10))) return false;
    for (std::size_t at : {11u, 14u, 17u})
        if (!all_digits(std::string_view(text).substr(at, 2))) return false;
    return number_at(text, 11, 2) < 24 && number_at(text, 14, 2) < 60 &&
           number_at(text, 17, 2) < 60;
}

// "-1234.50": up to 15 digits before the point and 4 after.
bool valid_decimal(const std::string& text) {
    std::string_view rest(text);
    if (!rest.empty() && rest.front() == '-') rest.remove_prefix(1);
    const auto point = rest.find('.');
    const auto whole = rest.substr(0, point);
    if (!all_digits(whole) || whole.size() > 15) return false;
    if (point == std::string_view::npos) return true;
    const auto fraction = rest.substr(point + 1);
    return all_digits(fraction) && fraction.size() <= 4;
}

Result<void> check_text(const std::string& text, std::size_t limit) {
    if (text.size() > limit)
        return invalid("a text of " + std::to_string(text.size()) + " bytes (at most " +
                       std::to_string(limit) + ")");
    if (!valid_utf8(text)) return invalid("a text that is not UTF-8");
    return {};
}

const char* type_name(v1::FieldType type) {
    switch (type) {
        case v1::FIELD_TYPE_TEXT:
            return "text";
        case v1::FIELD_TYPE_LONG_TEXT:
            return "long text";
        case v1::FIELD_TYPE_NUMBER:
            return "number";
        case v1::FIELD_TYPE_CURRENCY:
            return "currency";
        case v1::FIELD_TYPE_DATE:
            return "date";
        case v1::FIELD_TYPE_DATE_TIME:
            return "date-time";
        case v1::FIELD_TYPE_CHOICE:
            return "choice";
        case v1::FIELD_TYPE_MULTI_CHOICE:
            return "multi-choice";
        case v1::FIELD_TYPE_MEMBER:
            return "member";
        case v1::FIELD_TYPE_CHECKBOX:
            return "checkbox";
        case v1::FIELD_TYPE_LINK:
            return "link";
        case v1::FIELD_TYPE_FILE:
            return "file";
        default:
            return "unknown";
    }
}

double decimal_value(const v1::Value& value) {
    return value.kind_case() == v1::Value::kNumber ? value.number()
                                                   : std::strtod(value.text().c_str(), nullptr);
}

}  // namespace

bool valid_utf8(std::string_view text) {
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size())).toUtf8() ==
           QByteArray(text.data(), static_cast<qsizetype>(text.size()));
}

bool is_empty(const v1::Value& value) {
    switch (value.kind_case()) {
        case v1::Value::kText:
            return value.text().empty();
        case v1::Value::kItems:
            return value.items().values_size() == 0;
        case v1::Value::KIND_NOT_SET:
            return true;
        default:
            return false;
    }
}

std::string canonical(const google::protobuf::Message& message) {
    std::string out;
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    message.SerializeToCodedStream(&coded);
    coded.Trim();
    return out;
}

Result<void> check_shape(v1::FieldType type, const v1::Value& value) {
    if (value.kind_case() == v1::Value::KIND_NOT_SET) return {};
    const std::string wrong = std::string("not a value for a ") + type_name(type) + " field";
    switch (type) {
        case v1::FIELD_TYPE_TEXT:
        case v1::FIELD_TYPE_LONG_TEXT:
            if (value.kind_case() != v1::Value::kText) return invalid(wrong);
            return check_text(value.text(),
                              type == v1::FIELD_TYPE_TEXT ? kMaxTextBytes : kMaxLongTextBytes);
        case v1::FIELD_TYPE_NUMBER:
            if (value.kind_case() != v1::Value::kNumber || !std::isfinite(value.number()))
                return invalid(wrong + " (a finite number)");
            return {};
        case v1::FIELD_TYPE_CURRENCY:
            if (value.kind_case() != v1::Value::kText ||
                (!value.text().empty() && !valid_decimal(value.text())))
                return invalid(wrong + " (an amount such as \"1234.50\")");
            return {};
        case v1::FIELD_TYPE_DATE:
            if (value.kind_case() != v1::Value::kText ||
                (!value.text().empty() && !valid_date(value.text())))
                return invalid(wrong + " (YYYY-MM-DD)");
            return {};
        case v1::FIELD_TYPE_DATE_TIME:
            if (value.kind_case() != v1::Value::kText ||
                (!value.text().empty() && !valid_date_time(value.text())))
                return invalid(wrong + " (YYYY-MM-DDTHH:MM:SSZ)");
            return {};
        case v1::FIELD_TYPE_CHOICE:
            if (value.kind_case() != v1::Value::kText) return invalid(wrong);
            return check_text(value.text(), kMaxNameBytes);
        case v1::FIELD_TYPE_MEMBER:
            if (value.kind_case() != v1::Value::kText ||
                (!value.text().empty() && !is_hex_id(value.text())))
                return invalid(wrong + " (an identity: 64 hex digits)");
            return {};
        case v1::FIELD_TYPE_CHECKBOX:
            if (value.kind_case() != v1::Value::kFlag) return invalid(wrong);
            return {};
        case v1::FIELD_TYPE_MULTI_CHOICE:
        case v1::FIELD_TYPE_LINK:
        case v1::FIELD_TYPE_FILE: {
            if (value.kind_case() != v1::Value::kItems) return invalid(wrong);
            if (static_cast<std::size_t>(value.items().values_size()) > kMaxItems)
                return invalid("more than 100 items in one value");
            for (const std::string& item : value.items().values()) {
                if (type == v1::FIELD_TYPE_MULTI_CHOICE) {
                    GROVE_TRY(check_text(item, kMaxNameBytes));
                } else if (!is_hex_id(item)) {
                    return invalid(wrong + " (ids of 64 hex digits)");
                }
            }
            return {};
        }
        default:
            return invalid("a field of an unknown type");
    }
}

Result<void> check_definition(const v1::FieldDef& def, bool adding, v1::FieldType type) {
    if (adding) {
        if (!def.has_type() || !v1::FieldType_IsValid(def.type()) ||
            def.type() == v1::FIELD_TYPE_UNSPECIFIED)
            return invalid("a new field needs a type");
        if (!def.has_name()) return invalid("a new field needs a name");
        type = def.type();
    } else if (def.has_type()) {
        return invalid("a field's type never changes: add a new field instead");
    }
    if (def.has_name()) {
        if (def.name().find_first_not_of(" \t") == std::string::npos)
            return invalid("a field needs a name");
        if (def.name().find_first_of("\r\n") != std::string::npos)
            return invalid("a field's name is one line");
        GROVE_TRY(check_text(def.name(), kMaxNameBytes));
    }
    if (def.has_description()) GROVE_TRY(check_text(def.description(), kMaxTextBytes));
    if (def.has_min() && !std::isfinite(def.min())) return invalid("a minimum that is not finite");
    if (def.has_max() && !std::isfinite(def.max())) return invalid("a maximum that is not finite");
    if (def.has_position() && !std::isfinite(def.position()))
        return invalid("a position that is not finite");
    if (def.has_pattern()) GROVE_TRY(RuleChecker::check_pattern(def.pattern()));
    if (def.has_max_length() && def.max_length() > kMaxLongTextBytes)
        return invalid("a maximum length over 65536");
    if (def.has_currency() && !def.currency().empty() &&
        (def.currency().size() != 3 ||
         def.currency().find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string::npos))
        return invalid("a currency is an ISO 4217 code such as EUR");
    if (def.has_options()) {
        if (static_cast<std::size_t>(def.options().values_size()) > kMaxOptions)
            return invalid("more than 200 options");
        for (const std::string& option : def.options().values()) {
            if (option.empty()) return invalid("an empty option");
            GROVE_TRY(check_text(option, kMaxNameBytes));
        }
    }
    if (def.has_default_value()) {
        auto shape = check_shape(type, def.default_value());
        if (!shape) return invalid("the default value: " + shape.error().message);
    }
    return {};
}

RuleChecker::RuleChecker() = default;
RuleChecker::~RuleChecker() = default;

Result<void> RuleChecker::check_pattern(const std::string& pattern) {
    if (pattern.empty()) return {};
    if (pattern.size() > kMaxPatternBytes) return invalid("a pattern over 200 bytes");
    if (!valid_utf8(pattern)) return invalid("a pattern that is not UTF-8");
    RE2::Options options;
    options.set_log_errors(false);
    options.set_max_mem(1 << 20);
    RE2 compiled(pattern, options);
    if (!compiled.ok()) return invalid("a pattern that does not compile: " + compiled.error());
    return {};
}

const re2::RE2* RuleChecker::compiled(const std::string& pattern) const {
    auto it = patterns_.find(pattern);
    if (it == patterns_.end()) {
        RE2::Options options;
        options.set_log_errors(false);
        options.set_max_mem(1 << 20);
        it = patterns_.emplace(pattern, std::make_unique<RE2>(pattern, options)).first;
    }
    return it->second->ok() ? it->second.get() : nullptr;
}

Result<void> RuleChecker::check(const v1::FieldDef& def, const v1::Value& value) const {
    const std::string& name = def.name();
    auto broken = [&](const std::string& reason) { return invalid(name + ": " + reason); };
    auto shape = check_shape(def.type(), value);
    if (!shape) return broken(shape.error().message);
    if (is_empty(value)) {
        if (def.required()) return broken("required");
        return {};
    }
    switch (def.type()) {
        case v1::FIELD_TYPE_NUMBER:
        case v1::FIELD_TYPE_CURRENCY: {
            const double number = decimal_value(value);
            if (def.has_min() && number < def.min())
                return broken("at least " + display_text(v1::FIELD_TYPE_NUMBER, [&] {
                                  v1::Value bound;
                                  bound.set_number(def.min());
                                  return bound;
                              }()));
            if (def.has_max() && number > def.max())
                return broken("at most " + display_text(v1::FIELD_TYPE_NUMBER, [&] {
                                  v1::Value bound;
                                  bound.set_number(def.max());
                                  return bound;
                              }()));
            return {};
        }
        case v1::FIELD_TYPE_TEXT:
        case v1::FIELD_TYPE_LONG_TEXT: {
            if (def.max_length() > 0 &&
                QString::fromUtf8(value.text().data(), static_cast<qsizetype>(value.text().size()))
                        .size() > static_cast<qsizetype>(def.max_length()))
                return broken("at most " + std::to_string(def.max_length()) + " characters");
            if (!def.pattern().empty()) {
                const RE2* pattern = compiled(def.pattern());
                if (pattern && !RE2::FullMatch(value.text(), *pattern))
                    return broken("does not match " + def.pattern());
            }
            return {};
        }
        case v1::FIELD_TYPE_CHOICE:
        case v1::FIELD_TYPE_MULTI_CHOICE: {
            const auto& options = def.options().values();
            auto known = [&](const std::string& option) {
                return std::find(options.begin(), options.end(), option) != options.end();
            };
            if (value.kind_case() == v1::Value::kText && !known(value.text()))
                return broken("\"" + value.text() + "\" is not one of the options");
            if (value.kind_case() == v1::Value::kItems)
                for (const std::string& item : value.items().values())
                    if (!known(item)) return broken("\"" + item + "\" is not one of the options");
            return {};
        }
        default:
            return {};
    }
}

std::string display_text(v1::FieldType type, const v1::Value& value) {
    switch (value.kind_case()) {
        case v1::Value::kText:
            return value.text();
        case v1::Value::kNumber: {
            QString text = QString::number(value.number(), 'g', 15);
            return text.toStdString();
        }
        case v1::Value::kFlag:
            return value.flag() ? "yes" : "no";
        case v1::Value::kItems: {
            std::string out;
            for (const std::string& item : value.items().values()) {
                if (!out.empty()) out += "; ";
                out += item;
            }
            return out;
        }
        case v1::Value::KIND_NOT_SET:
            break;
    }
    (void)type;
    return {};
}

Result<v1::Value> parse_text(v1::FieldType type, const std::string& text) {
    v1::Value value;
    if (text.empty()) return value;
    switch (type) {
        case v1::FIELD_TYPE_NUMBER: {
            bool ok = false;
            const double number = QString::fromStdString(text).trimmed().toDouble(&ok);
            if (!ok || !std::isfinite(number)) return invalid("\"" + text + "\" is not a number");
            value.set_number(number);
            break;
        }
        case v1::FIELD_TYPE_CHECKBOX: {
            const QString lowered = QString::fromStdString(text).trimmed().toLower();
            if (lowered == "yes" || lowered == "true" || lowered == "1" || lowered == "x")
                value.set_flag(true);
            else if (lowered == "no" || lowered == "false" || lowered == "0")
                value.set_flag(false);
            else
                return invalid("\"" + text + "\" is not yes or no");
            break;
        }
        case v1::FIELD_TYPE_MULTI_CHOICE:
        case v1::FIELD_TYPE_LINK:
        case v1::FIELD_TYPE_FILE:
            for (const QString& item : QString::fromStdString(text).split(';')) {
                const QString trimmed = item.trimmed();
                if (!trimmed.isEmpty()) value.mutable_items()->add_values(trimmed.toStdString());
            }
            break;
        default:
            value.set_text(text);
    }
    GROVE_TRY(check_shape(type, value));
    return value;
}

}  // namespace grove::tools::forms
