// Short invitation codes as people type them (ABCD-EFGH-JKLMN) and the grove: links that carry one
// with where to resolve it; parsing forgives case, I/L/O and separators, and says what is wrong.
#pragma once

#include <grove/sdk/result.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace grove::platform {

// 12 symbols of Crockford base32 (60 random bits) and a check symbol. The first 4 symbols are the
// locator a resolver files the sealed invitation under; all 12 are the secret that opens it.
inline constexpr std::size_t kShortCodeSymbols = 12;
inline constexpr std::size_t kShortCodeLocatorSymbols = 4;
inline constexpr std::size_t kMaxInvitationLinkChars = 2048;
inline constexpr std::size_t kMaxInvitationLinkAddresses = 8;  // peers, and relays, each
inline constexpr const char* kInvitationLinkScheme = "grove:";

struct ShortCode {
    std::array<std::uint8_t, kShortCodeSymbols> symbols{};  // each 0..31

    static ShortCode random();
    // "ABCD-EFGH-JKLMN": the symbols in groups, the check symbol last.
    std::string text() const;
    // The 12 symbols without separators or check ("ABCDEFGHJKLM"): what the key is derived from.
    std::string canonical() const;
    // The first 4 symbols ("ABCD").
    std::string locator() const;
    bool operator==(const ShortCode&) const = default;
};

// Reads a short code as typed: case does not matter, I and L read as 1, O as 0, dashes and
// spaces are ignored. InvalidArgument in plain words: a letter never used in codes, too few or
// too many characters, or a typo the check symbol caught (any single wrong character is).
Result<ShortCode> parse_short_code(std::string_view text);

// "grove:join?code=ABCD-EFGH-JKLMN&peer=HOST:PORT&relay=HOST:PORT": a short code and where to
// resolve it (the inviter's addresses, its relays).
struct InvitationLink {
    ShortCode code;
    std::vector<std::string> peers;
    std::vector<std::string> relays;
};
std::string format_invitation_link(const InvitationLink& link);
// A grove: link or a bare short code (then without addresses). InvalidArgument saying what is
// wrong: another scheme or action, a missing or bad code, a malformed address, too many.
Result<InvitationLink> parse_invitation_link(std::string_view text);
// Does `text` look like a short code or a grove: link rather than a full "grove-invite:" code
// (decides which parser gets to explain what is wrong with it).
bool is_short_invitation_text(std::string_view text);

}  // namespace grove::platform
