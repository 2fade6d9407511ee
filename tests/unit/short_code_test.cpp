// Short invitation codes as people type them, grove: links, and the sealed form a resolver keeps.
#include <gtest/gtest.h>

#include "core/invitation_code.h"
#include "core/short_code.h"
#include "core/short_invitation_seal.h"

namespace grove::platform {
namespace {

const crypto::KdfParams kFastKdf{1, 8192};

std::string message_of(std::string_view text) {
    auto r = parse_short_code(text);
    EXPECT_FALSE(r.ok()) << text;
    return r.ok() ? "" : r.error().message;
}

TEST(ShortCode, TextRoundTripsAndHasThirteenSymbolsInGroups) {
    for (int i = 0; i < 200; ++i) {
        auto code = ShortCode::random();
        auto text = code.text();
        ASSERT_EQ(text.size(), 15u);
        EXPECT_EQ(text[4], '-');
        EXPECT_EQ(text[9], '-');
        auto back = parse_short_code(text);
        ASSERT_TRUE(back.ok()) << back.error().message;
        EXPECT_EQ(*back, code);
        EXPECT_EQ(code.locator(), code.canonical().substr(0, 4));
    }
}

TEST(ShortCode, ForgivesCaseLookalikesAndSeparators) {
    ShortCode code;
    code.symbols = {1, 0, 1, 0, 2, 3, 4, 5, 6, 7, 8, 9};  // "1010 2345 6789" + check
    const std::string text = code.text();
    ASSERT_EQ(text.substr(0, 4), "1010");
    // I and L read as 1, O as 0, lower case, spaces instead of dashes, surrounding blanks.
    const std::string typed =
        "  iOlo 2345 6789" +
        std::string(1, static_cast<char>(std::tolower(static_cast<unsigned char>(text[14])))) +
        "  ";
    auto parsed = parse_short_code(typed);
    ASSERT_TRUE(parsed.ok()) << typed << ": " << parsed.error().message;
    EXPECT_EQ(*parsed, code);
}

TEST(ShortCode, EverySingleWrongCharacterIsCaught) {
    auto code = ShortCode::random();
    std::string canonical = code.text();
    canonical.erase(std::remove(canonical.begin(), canonical.end(), '-'), canonical.end());
    const std::string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    int caught = 0;
    for (std::size_t pos = 0; pos < canonical.size(); ++pos)
        for (char c : alphabet) {
            if (c == canonical[pos]) continue;
            std::string typo = canonical;
            typo[pos] = c;
            auto r = parse_short_code(typo);
            ASSERT_FALSE(r.ok()) << typo;
            EXPECT_NE(r.error().message.find("typo"), std::string::npos) << r.error().message;
            ++caught;
        }
    EXPECT_EQ(caught, 13 * 31);
}

TEST(ShortCode, ErrorsSayWhatIsWrongInPlainWords) {
    auto text = ShortCode::random().text();
    EXPECT_NE(message_of("").find("no invitation code"), std::string::npos);
    EXPECT_NE(message_of(text.substr(0, 14)).find("1 character is missing"), std::string::npos);
    EXPECT_NE(message_of("ABCD").find("9 characters are missing"), std::string::npos);
    EXPECT_NE(message_of(text + "77").find("more than 13"), std::string::npos);
    EXPECT_NE(message_of("ABCD-EFGH-JKLMU").find("'U' is never used"), std::string::npos);
    EXPECT_NE(message_of("ABCD-EF#H-JKLMN").find("'#' cannot be part"), std::string::npos);
}

TEST(InvitationLink, FormatsAndParsesWithAddresses) {
    InvitationLink link{ShortCode::random(), {"10.0.0.5:4100", "[::1]:4100"}, {"relay.example:7000"}};
    auto text = format_invitation_link(link);
    EXPECT_EQ(text.rfind("grove:join?code=" + link.code.text(), 0), 0u) << text;
    auto back = parse_invitation_link(text);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->code, link.code);
    EXPECT_EQ(back->peers, link.peers);
    EXPECT_EQ(back->relays, link.relays);
    // Percent-encoded, upper case scheme, "//", and unknown keys ignored.
    auto odd = parse_invitation_link("GROVE://join?x=1&code=" + link.code.text() +
                                     "&relay=relay.example%3A7000");
    ASSERT_TRUE(odd.ok()) << odd.error().message;
    EXPECT_EQ(odd->relays, std::vector<std::string>{"relay.example:7000"});
    // A bare code is a link without addresses.
    auto bare = parse_invitation_link(link.code.text());
    ASSERT_TRUE(bare.ok());
    EXPECT_TRUE(bare->peers.empty() && bare->relays.empty());
}

TEST(InvitationLink, RefusesMalformedLinksWithReasons) {
    const auto code = ShortCode::random().text();
    auto err = [](std::string_view t) {
        auto r = parse_invitation_link(t);
        return r.ok() ? std::string("accepted") : r.error().message;
    };
    EXPECT_NE(err("grove:open?code=" + code).find("not an invitation"), std::string::npos);
    EXPECT_NE(err("grove:join").find("no invitation code"), std::string::npos);
    EXPECT_NE(err("grove:join?peer=a:1").find("no invitation code"), std::string::npos);
    EXPECT_NE(err("grove:join?code=" + code + "&code=" + code).find("two codes"),
              std::string::npos);
    EXPECT_NE(err("grove:join?code=" + code + "&peer=nohostport").find("not HOST:PORT"),
              std::string::npos);
    EXPECT_NE(err("grove:join?code=" + code + "&peer=a:70000").find("not HOST:PORT"),
              std::string::npos);
    EXPECT_NE(err("grove:join?code=" + code + "&peer=a%2").find("two hex digits"),
              std::string::npos);
    std::string many = "grove:join?code=" + code;
    for (int i = 1; i <= 9; ++i) many += "&relay=r" + std::to_string(i) + ":1";
    EXPECT_NE(err(many).find("more than 8"), std::string::npos);
    EXPECT_NE(err(std::string(3000, 'a')).find("too long"), std::string::npos);
}

TEST(InvitationLink, TellsShortFormsFromFullCodes) {
    EXPECT_TRUE(is_short_invitation_text("ABCD-EFGH-JKLMN"));
    EXPECT_TRUE(is_short_invitation_text(" grove:join?code=x"));
    EXPECT_FALSE(is_short_invitation_text("grove-invite:abc"));
    EXPECT_FALSE(is_short_invitation_text("GROVE-SEALED-INVITE:abc"));
}

TEST(ShortInvitationSeal, OpensOnlyWithItsCode) {
    auto code = ShortCode::random();
    const std::string full = "grove-invite:aaaabbbbcccc";
    auto sealed = seal_short_invitation(code, full, kFastKdf);
    auto opened = open_short_invitation(code, sealed);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    EXPECT_EQ(*opened, full);

    auto other = code;
    other.symbols[11] ^= 1;  // the last secret symbol: same locator, other key
    auto wrong = open_short_invitation(other, sealed);
    ASSERT_FALSE(wrong.ok());
    EXPECT_EQ(wrong.error().code, ErrorCode::PermissionDenied);

    auto tampered = sealed;
    tampered.mutable_ciphertext()->back() ^= 1;
    EXPECT_EQ(open_short_invitation(code, tampered).error().code, ErrorCode::PermissionDenied);
}

TEST(ShortInvitationSeal, RefusesAResolversCostlyOrMalformedSeal) {
    auto code = ShortCode::random();
    auto sealed = seal_short_invitation(code, "grove-invite:x", kFastKdf);
    auto costly = sealed;
    costly.set_mem_limit(kMaxShortInvitationMemLimit + 1);
    EXPECT_EQ(open_short_invitation(code, costly).error().code, ErrorCode::InvalidArgument);
    auto slow = sealed;
    slow.set_ops_limit(kMaxShortInvitationOpsLimit + 1);
    EXPECT_EQ(open_short_invitation(code, slow).error().code, ErrorCode::InvalidArgument);
    auto saltless = sealed;
    saltless.clear_salt();
    EXPECT_EQ(open_short_invitation(code, saltless).error().code, ErrorCode::InvalidArgument);
    EXPECT_EQ(open_short_invitation(code, {}).error().code, ErrorCode::InvalidArgument);
}

TEST(ShortInvitationSeal, StandardSealUsesArgon2idAtInteractiveCost) {
    auto sealed = seal_short_invitation(ShortCode::random(), "grove-invite:x");
    EXPECT_GE(sealed.mem_limit(), crypto::KdfParams::standard().mem_limit);
    EXPECT_GE(sealed.ops_limit(), crypto::KdfParams::standard().ops_limit);
}

}  // namespace
}  // namespace grove::platform
