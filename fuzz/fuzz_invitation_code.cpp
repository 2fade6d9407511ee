// The invitation code parser: decode_invitation_code() on any text a user may paste (grovectl
// join, the app's join dialog, the API's Join). Whatever it accepts re-encodes to a code that
// decodes to the same invitation.
#include "core/invitation_code.h"

#include "crypto/primitives.h"
#include "fuzz_support.h"

using namespace grove;
using namespace grove::fuzz;

void grove_fuzz_seeds(Seeds& seeds) {
    grove::net::v1::InvitationCode code;
    code.set_space_id(to_string(crypto::random_array<16>()));
    code.set_invitation_id(to_string(crypto::random_array<16>()));
    code.set_secret(to_string(crypto::random_array<32>()));
    code.add_addresses("127.0.0.1:7000");
    code.set_expires_ms(1900000000000);
    seeds.add(encode_invitation_code(code));
    code.add_addresses("relay.example.org:443");
    code.add_addresses("[::1]:7001");
    std::string two = encode_invitation_code(code);
    seeds.add(two);
    seeds.add("  " + two + "\n");
    std::string upper = two;
    for (std::size_t i = std::string_view(kInvitationPrefix).size(); i < upper.size(); ++i)
        upper[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(upper[i])));
    seeds.add(upper);
    code.clear_addresses();
    seeds.add(encode_invitation_code(code));
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto code = decode_invitation_code(text);
    if (!code.ok()) {
        GROVE_FUZZ_CHECK(code.error().code == ErrorCode::InvalidArgument);
        GROVE_FUZZ_CHECK(!code.error().message.empty());
        return 0;
    }
    GROVE_FUZZ_CHECK(code->space_id().size() == 16 && code->invitation_id().size() == 16 &&
                     code->secret().size() == 32 && code->addresses_size() <= 16);
    GROVE_FUZZ_CHECK(size >= std::string_view(kInvitationPrefix).size());
    std::string again = encode_invitation_code(*code);
    auto back = decode_invitation_code(again);
    GROVE_FUZZ_CHECK(back.ok());
    GROVE_FUZZ_CHECK(back->SerializeAsString() == code->SerializeAsString());
    return 0;
}
