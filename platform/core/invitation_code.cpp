#include "core/invitation_code.h"

#include <algorithm>
#include <cctype>

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
        if (c >= 'a' && c <= 'z') v = c - 'a';
        else if (c >= 'A' && c <= 'Z') v = c - 'A';
        else if (c >= '2' && c <= '7') v = c - '2' + 26;
        else return std::nullopt;
        buffer = (buffer << 5) | static_cast<std::uint32_t>(v);
        bits += 5;
        if (bits >= 8) {
            out.push_back(static_cast<std::uint8_t>(buffer >> (bits - 8)));
            bits -= 8;
        }
    }
    // Canonical only: the leftover bits must be zero padding of the last character, so every
    // code has exactly one spelling (a changed last character never decodes to the same bytes).
    if (bits >= 5 || (buffer & ((1u << bits) - 1)) != 0) return std::nullopt;
    return out;
}

FixedBytes<4> checksum(ByteView body) {
    auto h = crypto::hash("grove.invite.v1", body);
    return {h[0], h[1], h[2], h[3]};
}
}  // namespace

std::string encode_invitation_code(const grove::net::v1::InvitationCode& code) {
    Bytes body = to_bytes(code.SerializeAsString());
    append(body, checksum(body));
    return std::string(kInvitationPrefix) + base32(body);
}

namespace {
// The checked body of a "<prefix><base32>" code, or why not.
Result<Bytes> code_body(std::string_view text, std::string_view prefix, const char* what) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.remove_suffix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
        text.remove_prefix(1);
    if (text.size() > kMaxInvitationCodeChars)
        return make_error(ErrorCode::InvalidArgument, std::string("the ") + what + " is too long");
    if (text.substr(0, prefix.size()) != prefix)
        return make_error(ErrorCode::InvalidArgument, std::string("a ") + what + " starts with \"" +
                                                          std::string(prefix) + "\"");
    auto body = unbase32(text.substr(prefix.size()));
    if (!body || body->size() < 5)
        return make_error(ErrorCode::InvalidArgument, std::string("the ") + what +
                                                          " is not valid base32");
    ByteView payload(body->data(), body->size() - 4);
    auto sum = checksum(payload);
    if (!std::equal(sum.begin(), sum.end(), body->end() - 4))
        return make_error(ErrorCode::InvalidArgument,
                          std::string("the ") + what + " is mistyped (checksum mismatch)");
    body->resize(body->size() - 4);
    return std::move(*body);
}
}  // namespace

std::string encode_pairing_code(const grove::net::v1::PairingCode& code) {
    Bytes body = to_bytes(code.SerializeAsString());
    append(body, checksum(body));
    return std::string(kPairingPrefix) + base32(body);
}

Result<grove::net::v1::PairingCode> decode_pairing_code(std::string_view text) {
    auto body = code_body(text, kPairingPrefix, "pairing code");
    if (!body.ok()) return body.error();
    grove::net::v1::PairingCode code;
    if (!code.ParseFromArray(body->data(), static_cast<int>(body->size())))
        return make_error(ErrorCode::InvalidArgument, "the pairing code does not parse");
    if (code.pairing_id().size() != 16 || code.secret().size() != 32 ||
        code.identity().size() != 32 || code.addresses_size() > 16)
        return make_error(ErrorCode::InvalidArgument, "the pairing code is malformed");
    for (const auto& a : code.addresses())
        if (a.empty() || a.size() > 256)
            return make_error(ErrorCode::InvalidArgument, "the pairing code has a bad address");
    return code;
}

Result<grove::net::v1::InvitationCode> decode_invitation_code(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.remove_suffix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
        text.remove_prefix(1);
    if (text.size() > kMaxInvitationCodeChars)
        return make_error(ErrorCode::InvalidArgument, "the invitation code is too long");
    std::string_view prefix(kInvitationPrefix);
    if (text.substr(0, prefix.size()) != prefix)
        return make_error(ErrorCode::InvalidArgument,
                          "an invitation code starts with \"grove-invite:\"");
    auto body = unbase32(text.substr(prefix.size()));
    if (!body || body->size() < 5)
        return make_error(ErrorCode::InvalidArgument, "the invitation code is not valid base32");
    ByteView payload(body->data(), body->size() - 4);
    auto sum = checksum(payload);
    if (!std::equal(sum.begin(), sum.end(), body->end() - 4))
        return make_error(ErrorCode::InvalidArgument,
                          "the invitation code is mistyped (checksum mismatch)");
    grove::net::v1::InvitationCode code;
    if (!code.ParseFromArray(payload.data(), static_cast<int>(payload.size())))
        return make_error(ErrorCode::InvalidArgument, "the invitation code does not parse");
    if (code.space_id().size() != 16 || code.invitation_id().size() != 16 ||
        code.secret().size() != 32 || code.addresses_size() > 16)
        return make_error(ErrorCode::InvalidArgument, "the invitation code is malformed");
    for (const auto& a : code.addresses())
        if (a.empty() || a.size() > 256)
            return make_error(ErrorCode::InvalidArgument, "the invitation code has a bad address");
    return code;
}

}  // namespace grove::platform
