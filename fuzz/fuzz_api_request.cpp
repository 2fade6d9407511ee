// The local API's request validation (platform/api/request_validation.*): every field check a
// gRPC request passes before anything reaches the Peer, on any bytes a client can put in a
// string field; what passes obeys the documented rule. An invitation code that passes is then
// parsed as the Join call does (decode_invitation_code).
//
// Input: a selector byte (which check), then the field's value.
#include "api/limits.h"
#include "api/request_validation.h"
#include "core/invitation_code.h"
#include "crypto/primitives.h"
#include "fuzz_support.h"

using namespace grove;
using namespace grove::fuzz;
namespace api = grove::platform::api;
namespace limits = grove::platform::api::limits;

namespace {

bool has_control(const std::string& v) {
    for (char c : v) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f) return true;
    }
    return false;
}

bool blank(const std::string& v) {
    return v.find_first_not_of(" \t\n\r\v\f") == std::string::npos;
}

}  // namespace

void grove_fuzz_seeds(Seeds& seeds) {
    const char* values[] = {"Design notes", "correct horse battery", "3f2a", "0123abcdef",
                            "Hello, Grove", "org.grove.discussion", "Planning", "", " \t"};
    for (int which = 0; which < 9; ++which)
        seeds.add(std::string(1, static_cast<char>(which)) + values[which]);
    grove::net::v1::InvitationCode code;
    code.set_space_id(std::string(16, 's'));
    code.set_invitation_id(std::string(16, 'i'));
    code.set_secret(std::string(32, 'k'));
    code.add_addresses("127.0.0.1:7000");
    seeds.add(std::string(1, '\x08') + encode_invitation_code(code));
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::string value(reinterpret_cast<const char*>(data) + 1, size - 1);
    const std::string_view field = "request.field";
    Result<void> r;
    switch (data[0] % 9) {
        case 0:
            r = api::validate_name(field, value);
            if (r.ok()) GROVE_FUZZ_CHECK(!blank(value) && value.size() <= limits::kMaxNameBytes && !has_control(value));
            break;
        case 1:
            r = api::validate_passphrase(field, value);
            if (r.ok()) GROVE_FUZZ_CHECK(!value.empty() && value.size() <= limits::kMaxPassphraseBytes);
            break;
        case 2:
            r = api::validate_space_ref(field, value);
            if (r.ok()) GROVE_FUZZ_CHECK(!blank(value) && value.size() <= limits::kMaxSpaceRefBytes && !has_control(value));
            break;
        case 3:
            r = api::validate_message_id(field, value);
            if (r.ok())
                GROVE_FUZZ_CHECK(!value.empty() && value.size() <= limits::kMaxMessageIdChars &&
                                 value.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos);
            break;
        case 4:
            r = api::validate_chat_text(field, value);
            if (r.ok()) GROVE_FUZZ_CHECK(!blank(value) && value.size() <= limits::kMaxChatTextBytes);
            break;
        case 5:
            r = api::validate_tool_id(field, value);
            if (r.ok()) GROVE_FUZZ_CHECK(!value.empty() && value.size() <= limits::kMaxToolIdBytes && !has_control(value));
            break;
        case 6:
            r = api::validate_instance_ref(field, value);
            if (r.ok()) GROVE_FUZZ_CHECK(!blank(value) && value.size() <= limits::kMaxSpaceRefBytes && !has_control(value));
            break;
        case 7:
            r = api::validate_optional_name(field, value);
            if (r.ok() && !value.empty()) GROVE_FUZZ_CHECK(api::validate_name(field, value).ok());
            break;
        case 8:
            r = api::validate_invitation_code(field, value);
            if (r.ok()) {
                GROVE_FUZZ_CHECK(!blank(value) && value.size() <= limits::kMaxInvitationCodeBytes && !has_control(value));
                (void)decode_invitation_code(value);
            }
            break;
    }
    if (!r.ok()) {
        GROVE_FUZZ_CHECK(r.error().code == ErrorCode::InvalidArgument);
        GROVE_FUZZ_CHECK(r.error().message.rfind("request.field", 0) == 0);  // names the field
    }
    return 0;
}
