#include "api/request_validation.h"

#include <algorithm>

#include "api/limits.h"

namespace grove::platform::api {
namespace {

Error invalid(std::string_view field, const std::string& rule) {
    return make_error(ErrorCode::InvalidArgument, std::string(field) + " " + rule);
}

bool is_blank(const std::string& value) {
    return std::all_of(value.begin(), value.end(), [](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
    });
}

bool has_control_character(const std::string& value) {
    return std::any_of(value.begin(), value.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u == 0x7f;
    });
}

bool is_hex_digit(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

}  // namespace

Result<void> validate_name(std::string_view field, const std::string& value) {
    if (value.empty() || is_blank(value)) return invalid(field, "must not be empty");
    if (value.size() > limits::kMaxNameBytes)
        return invalid(field, "is longer than " + std::to_string(limits::kMaxNameBytes) + " bytes");
    if (has_control_character(value)) return invalid(field, "must not contain control characters");
    return {};
}

Result<void> validate_passphrase(std::string_view field, const std::string& value) {
    if (value.empty()) return invalid(field, "must not be empty");
    if (value.size() > limits::kMaxPassphraseBytes)
        return invalid(field,
                       "is longer than " + std::to_string(limits::kMaxPassphraseBytes) + " bytes");
    return {};
}

Result<void> validate_space_ref(std::string_view field, const std::string& value) {
    if (value.empty() || is_blank(value))
        return invalid(field, "must name a space (an id, an id prefix or a name)");
    if (value.size() > limits::kMaxSpaceRefBytes)
        return invalid(field,
                       "is longer than " + std::to_string(limits::kMaxSpaceRefBytes) + " bytes");
    if (has_control_character(value)) return invalid(field, "must not contain control characters");
    return {};
}

Result<void> validate_message_id(std::string_view field, const std::string& value) {
    if (value.empty()) return invalid(field, "must not be empty");
    if (value.size() > limits::kMaxMessageIdChars)
        return invalid(
            field, "is longer than " + std::to_string(limits::kMaxMessageIdChars) + " hex digits");
    if (!std::all_of(value.begin(), value.end(), is_hex_digit))
        return invalid(field, "must be hexadecimal");
    return {};
}

Result<void> validate_chat_text(std::string_view field, const std::string& value) {
    if (value.empty() || is_blank(value)) return invalid(field, "must not be empty");
    if (value.size() > limits::kMaxChatTextBytes)
        return invalid(field, "is " + std::to_string(value.size()) + " bytes; the limit is " +
                                  std::to_string(limits::kMaxChatTextBytes) + " bytes (64 KiB)");
    return {};
}

Result<void> validate_tool_id(std::string_view field, const std::string& value) {
    if (value.empty()) return invalid(field, "must name a tool (e.g. org.grove.discussion)");
    if (value.size() > limits::kMaxToolIdBytes)
        return invalid(field,
                       "is longer than " + std::to_string(limits::kMaxToolIdBytes) + " bytes");
    const bool ok = std::all_of(value.begin(), value.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '.' || c == '_' || c == '-';
    });
    if (!ok) return invalid(field, "may only contain letters, digits, '.', '_' and '-'");
    return {};
}

Result<void> validate_instance_ref(std::string_view field, const std::string& value) {
    if (value.empty() || is_blank(value))
        return invalid(field, "must name a tool instance (an id, an id prefix or a name)");
    if (value.size() > limits::kMaxSpaceRefBytes)
        return invalid(field,
                       "is longer than " + std::to_string(limits::kMaxSpaceRefBytes) + " bytes");
    if (has_control_character(value)) return invalid(field, "must not contain control characters");
    return {};
}

Result<void> validate_optional_name(std::string_view field, const std::string& value) {
    if (value.empty()) return {};
    return validate_name(field, value);
}

Result<void> validate_invitation_code(std::string_view field, const std::string& value) {
    if (value.empty() || is_blank(value)) return invalid(field, "must not be empty");
    if (value.size() > limits::kMaxInvitationCodeBytes)
        return invalid(field, "is longer than " +
                                  std::to_string(limits::kMaxInvitationCodeBytes) + " bytes");
    if (has_control_character(value)) return invalid(field, "must not contain control characters");
    return {};
}

Result<void> validate_invitation_id(std::string_view field, const std::string& value) {
    return validate_message_id(field, value);
}

Result<void> validate_member_ref(std::string_view field, const std::string& value) {
    if (value.empty() || is_blank(value))
        return invalid(field, "must name a member (an identity id, id prefix, fingerprint or name)");
    if (value.size() > limits::kMaxSpaceRefBytes)
        return invalid(field,
                       "is longer than " + std::to_string(limits::kMaxSpaceRefBytes) + " bytes");
    if (has_control_character(value)) return invalid(field, "must not contain control characters");
    return {};
}

}  // namespace grove::platform::api
