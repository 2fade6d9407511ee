#include "core/text_code.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "crypto/primitives.h"

namespace grove::platform {

namespace {
constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz234567";

std::string base32(ByteView data) {
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (std::uint8_t b : data) {
        buffer = (buffer << 8) | b;
        bits += 8;
        while (bits >= 5) {
            out.push_back(kAlphabet[(buffer >> (bits - 5)) & 31]);
            bits -= 5;
        }
    }
    if (bits > 0) out.push_back(kAlphabet[(buffer << (5 - bits)) & 31]);
    return out;
}

std::optional<Bytes> unbase32(std::string_view text) {
    Bytes out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (char c : text) {
        int v;
        if (c >= 'a' && c <= 'z')
            v = c - 'a';
        else if (c >= 'A' && c <= 'Z')
            v = c - 'A';
        else if (c >= '2' && c <= '7')
            v = c - '2' + 26;
        else
            return std::nullopt;
        buffer = (buffer << 5) | static_cast<std::uint32_t>(v);
        bits += 5;
        if (bits >= 8) {
            out.push_back(static_cast<std::uint8_t>(buffer >> (bits - 8)));
            bits -= 8;
        }
    }
    // Canonical only: the leftover bits must be zero padding of the last character, so a changed
    // last character never decodes to the same bytes.
    if (bits >= 5 || (buffer & ((1u << bits) - 1)) != 0) return std::nullopt;
    return out;
}

FixedBytes<4> checksum(std::string_view domain, ByteView body) {
    auto h = crypto::hash(domain, body);
    return {h[0], h[1], h[2], h[3]};
}
}  // namespace

std::string encode_text_code(std::string_view prefix, std::string_view domain, ByteView payload) {
    Bytes body(payload.begin(), payload.end());
    append(body, checksum(domain, body));
    return std::string(prefix) + base32(body);
}

Result<Bytes> decode_text_code(std::string_view text, std::string_view prefix,
                               std::string_view domain, std::size_t max_chars,
                               const std::string& what) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.remove_suffix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
        text.remove_prefix(1);
    if (text.size() > max_chars)
        return make_error(ErrorCode::InvalidArgument, "the " + what + " is too long");
    if (text.substr(0, prefix.size()) != prefix)
        return make_error(ErrorCode::InvalidArgument,
                          "the " + what + " must start with \"" + std::string(prefix) + "\"");
    auto body = unbase32(text.substr(prefix.size()));
    if (!body || body->size() < 5)
        return make_error(ErrorCode::InvalidArgument, "the " + what + " is not valid base32");
    ByteView payload(body->data(), body->size() - 4);
    auto sum = checksum(domain, payload);
    if (!std::equal(sum.begin(), sum.end(), body->end() - 4))
        return make_error(ErrorCode::InvalidArgument,
                          "the " + what + " is mistyped (checksum mismatch)");
    body->resize(body->size() - 4);
    return std::move(*body);
}

}  // namespace grove::platform
