// UTF-8 <-> code point conversion for Text: strict decoding (no overlong forms, surrogates or
// values past U+10FFFF) so text positions are always Unicode code-point offsets.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "grove/sdk/crdt/result.h"
#include "grove/sdk/crdt/value_codec.h"

namespace grove::sdk::crdt {

inline void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (c >> 6)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (c >> 12)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (c >> 18)));
        out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
}

// Code points that are not Unicode scalar values are written as U+FFFD.
inline std::string utf32_to_utf8(std::u32string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char32_t c : text) append_utf8(out, is_unicode_scalar(c) ? c : U'\uFFFD');
    return out;
}

inline Result<std::u32string> utf8_to_utf32(std::string_view text) {
    std::u32string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<std::uint8_t>(text[i]);
        std::size_t extra = 0;
        char32_t c = 0;
        char32_t min = 0;
        if (lead < 0x80) {
            c = lead;
        } else if ((lead & 0xE0) == 0xC0) {
            extra = 1;
            c = lead & 0x1F;
            min = 0x80;
        } else if ((lead & 0xF0) == 0xE0) {
            extra = 2;
            c = lead & 0x0F;
            min = 0x800;
        } else if ((lead & 0xF8) == 0xF0) {
            extra = 3;
            c = lead & 0x07;
            min = 0x10000;
        } else
            return Error{ErrorCode::InvalidArgument,
                         "invalid UTF-8 lead byte at " + std::to_string(i)};
        if (text.size() - i <= extra)
            return Error{ErrorCode::DataLoss, "UTF-8 sequence cut short at " + std::to_string(i)};
        for (std::size_t k = 1; k <= extra; ++k) {
            const auto next = static_cast<std::uint8_t>(text[i + k]);
            if ((next & 0xC0) != 0x80)
                return Error{ErrorCode::InvalidArgument,
                             "invalid UTF-8 continuation at " + std::to_string(i + k)};
            c = (c << 6) | (next & 0x3F);
        }
        if (c < min || !is_unicode_scalar(c))
            return Error{ErrorCode::InvalidArgument,
                         "invalid UTF-8 code point at " + std::to_string(i)};
        out.push_back(c);
        i += extra + 1;
    }
    return out;
}

}  // namespace grove::sdk::crdt
