// The short invitation parsers: parse_invitation_link() (and through it parse_short_code()) on any
// text a user may type or a QR scanner may hand over. Errors are InvalidArgument with words;
// whatever is accepted formats to a link that parses to the same code and addresses.
#include "core/short_code.h"
#include "fuzz_support.h"

using namespace grove;
using namespace grove::platform;

void grove_fuzz_seeds(grove::fuzz::Seeds& seeds) {
    auto code = ShortCode::random();
    seeds.add(code.text());
    seeds.add(" " + code.canonical() + " ");
    InvitationLink link{code, {"127.0.0.1:7000", "[::1]:7001"}, {"relay.example.org:443"}};
    seeds.add(format_invitation_link(link));
    seeds.add("GROVE://join?code=" + code.text() + "&relay=relay.example.org%3A443&x=y");
    seeds.add("grove:join?code=iolo-2345-6789a");
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto link = parse_invitation_link(text);
    if (!link.ok()) {
        GROVE_FUZZ_CHECK(link.error().code == ErrorCode::InvalidArgument);
        GROVE_FUZZ_CHECK(!link.error().message.empty());
        return 0;
    }
    for (auto s : link->code.symbols) GROVE_FUZZ_CHECK(s < 32);
    GROVE_FUZZ_CHECK(link->peers.size() <= kMaxInvitationLinkAddresses &&
                     link->relays.size() <= kMaxInvitationLinkAddresses);
    auto again = parse_invitation_link(format_invitation_link(*link));
    GROVE_FUZZ_CHECK(again.ok());
    GROVE_FUZZ_CHECK(again->code == link->code && again->peers == link->peers &&
                     again->relays == link->relays);
    auto bare = parse_short_code(link->code.text());
    GROVE_FUZZ_CHECK(bare.ok() && *bare == link->code);
    return 0;
}
