// Checks on the fields of incoming API requests, before anything reaches the Peer.
// Each returns an InvalidArgument error naming the field and the rule it broke.
#pragma once

#include <grove/sdk/result.h>

#include <string>
#include <string_view>

namespace grove::platform::api {

// A display name or space name: 1..200 bytes, not blank, no control characters.
Result<void> validate_name(std::string_view field, const std::string& value);
// 1..1024 bytes.
Result<void> validate_passphrase(std::string_view field, const std::string& value);
// A space id, id prefix or name: 1..256 bytes, no control characters.
Result<void> validate_space_ref(std::string_view field, const std::string& value);
// A chat message id: 1..128 hexadecimal digits.
Result<void> validate_message_id(std::string_view field, const std::string& value);
// Chat text: not blank, at most 64 KiB.
Result<void> validate_chat_text(std::string_view field, const std::string& value);
// A tool id (reverse-DNS, e.g. org.grove.discussion): 1..200 bytes of [A-Za-z0-9._-].
Result<void> validate_tool_id(std::string_view field, const std::string& value);
// A tool instance id, id prefix or name: 1..256 bytes, no control characters.
Result<void> validate_instance_ref(std::string_view field, const std::string& value);
// An optional name (empty allowed), otherwise as validate_name.
Result<void> validate_optional_name(std::string_view field, const std::string& value);
// An invitation code: 1..4096 bytes, no control characters.
Result<void> validate_invitation_code(std::string_view field, const std::string& value);
// An invitation id: 1..128 hexadecimal digits.
Result<void> validate_invitation_id(std::string_view field, const std::string& value);
// A member reference (identity id, id prefix, fingerprint or display name): 1..256 bytes, no
// control characters.
Result<void> validate_member_ref(std::string_view field, const std::string& value);

}  // namespace grove::platform::api
