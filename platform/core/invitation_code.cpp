#include "core/invitation_code.h"

#include "core/text_code.h"

namespace grove::platform {

namespace {
constexpr std::string_view kDomain = "grove.invite.v1";  // invitation and pairing codes alike
}  // namespace

std::string encode_invitation_code(const grove::net::v1::InvitationCode& code) {
    return encode_text_code(kInvitationPrefix, kDomain, as_bytes(code.SerializeAsString()));
}

std::string encode_pairing_code(const grove::net::v1::PairingCode& code) {
    return encode_text_code(kPairingPrefix, kDomain, as_bytes(code.SerializeAsString()));
}

Result<grove::net::v1::PairingCode> decode_pairing_code(std::string_view text) {
    auto body =
        decode_text_code(text, kPairingPrefix, kDomain, kMaxInvitationCodeChars, "pairing code");
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
    auto payload = decode_text_code(text, kInvitationPrefix, kDomain, kMaxInvitationCodeChars,
                                    "invitation code");
    if (!payload.ok()) return payload.error();
    grove::net::v1::InvitationCode code;
    if (!code.ParseFromArray(payload->data(), static_cast<int>(payload->size())))
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
