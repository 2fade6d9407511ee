#include "terminal_text.h"

#include <cstdint>

namespace grove::apps::grovectl {

namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

void append_escape(std::string& out, const char* prefix, std::uint8_t value) {
    out += prefix;
    out += kHexDigits[value >> 4];
    out += kHexDigits[value & 0x0f];
}

// The length of the well-formed UTF-8 sequence starting at `text[at]` (a lead byte >= 0x80),
// or 0 when it is not one (overlong forms, surrogates and values past U+10FFFF included).
std::size_t utf8_sequence_length(std::string_view text, std::size_t at) {
    const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(text[at + i]); };
    const std::uint8_t lead = byte(0);
    std::size_t length = 0;
    std::uint8_t second_min = 0x80;
    std::uint8_t second_max = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) {
        length = 2;
    } else if (lead >= 0xe0 && lead <= 0xef) {
        length = 3;
        if (lead == 0xe0) second_min = 0xa0;  // overlong
        if (lead == 0xed) second_max = 0x9f;  // surrogates
    } else if (lead >= 0xf0 && lead <= 0xf4) {
        length = 4;
        if (lead == 0xf0) second_min = 0x90;  // overlong
        if (lead == 0xf4) second_max = 0x8f;  // past U+10FFFF
    } else {
        return 0;
    }
    if (at + length > text.size()) return 0;
    if (byte(1) < second_min || byte(1) > second_max) return 0;
    for (std::size_t i = 2; i < length; ++i)
        if (byte(i) < 0x80 || byte(i) > 0xbf) return 0;
    return length;
}

}  // namespace

std::string terminal_safe(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t at = 0;
    while (at < text.size()) {
        const auto c = static_cast<std::uint8_t>(text[at]);
        if (c < 0x80) {
            if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
                append_escape(out, "\\x", c);
            else
                out += static_cast<char>(c);
            ++at;
            continue;
        }
        const std::size_t length = utf8_sequence_length(text, at);
        if (length == 0) {
            append_escape(out, "\\x", c);
            ++at;
            continue;
        }
        const auto second = static_cast<std::uint8_t>(text[at + 1]);
        if (c == 0xc2 && second <= 0x9f)  // U+0080 to U+009F: the C1 controls
            append_escape(out, "\\u00", second);
        else
            out.append(text.substr(at, length));
        at += length;
    }
    return out;
}

}  // namespace grove::apps::grovectl
