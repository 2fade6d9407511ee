// Text codes that people copy and paste (invitations, pairing codes, contact cards, sealed
// invitations): "<prefix>" + lower-case base32 (RFC 4648, no padding) of payload || 4-byte
// checksum.
#pragma once

#include <grove/sdk/result.h>

#include <string>
#include <string_view>

#include "common/bytes.h"

namespace grove::platform {

// The checksum is BLAKE2b keyed by `domain` (a code of one kind never checks as another).
std::string encode_text_code(std::string_view prefix, std::string_view domain, ByteView payload);

// The payload of a code, checked: prefix, at most `max_chars`, canonical base32 only (every code
// has exactly one spelling), checksum. InvalidArgument naming `what` ("invitation code", …).
Result<Bytes> decode_text_code(std::string_view text, std::string_view prefix,
                               std::string_view domain, std::size_t max_chars,
                               const std::string& what);

}  // namespace grove::platform
