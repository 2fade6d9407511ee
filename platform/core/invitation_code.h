// Invitation codes as text: "grove-invite:" followed by lower-case base32 (RFC 4648, no padding)
// of a grove.net.v1.InvitationCode and a 4-byte BLAKE2b checksum. Parsing is strict and bounded.
#pragma once

#include <grove/sdk/result.h>

#include <string>

#include "grove/net/v1/sync.pb.h"

namespace grove::platform {

inline constexpr std::size_t kMaxInvitationCodeChars = 2048;
inline constexpr const char* kInvitationPrefix = "grove-invite:";

std::string encode_invitation_code(const grove::net::v1::InvitationCode& code);
// InvalidArgument with the reason for anything malformed (typos fail the checksum).
Result<grove::net::v1::InvitationCode> decode_invitation_code(std::string_view text);

// Device pairing codes: "grove-pair:" and the same encoding around a grove.net.v1.PairingCode.
inline constexpr const char* kPairingPrefix = "grove-pair:";
std::string encode_pairing_code(const grove::net::v1::PairingCode& code);
Result<grove::net::v1::PairingCode> decode_pairing_code(std::string_view text);

}  // namespace grove::platform
