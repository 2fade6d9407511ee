// Attacks on short invitation codes: guessing codes at a resolver (rate-limited per source, in
// all, and per link), overwriting another device's code, and expired or used codes that must say
// so rather than resolve.
#include <gtest/gtest.h>

#include "core/short_code.h"
#include "core/short_invitation_seal.h"
#include "net/short_invitation_directory.h"
#include "security_support.h"

namespace grove::test {
namespace {

namespace nv = grove::net::v1;
using platform::ShortCode;
using platform::net::ShortInvitationDirectory;
using platform::net::ShortInvitationLimits;
using Answer = nv::ShortInvitationAnswer;

struct FakeClock {
    std::int64_t now = 1'800'000'000'000;
    std::function<std::int64_t()> fn() {
        return [this] { return now; };
    }
};

nv::ShortInvitationDeposit deposit_for(const ShortCode& code, std::int64_t expires_ms) {
    nv::ShortInvitationDeposit d;
    d.set_locator(code.locator());
    d.set_sealed(platform::seal_short_invitation(code, "grove-invite:x", {1, 8192})
                     .SerializeAsString());
    d.set_expires_ms(expires_ms);
    return d;
}

TEST(ShortInvitationAttack, GuessingFromOneSourceIsRateLimited) {
    FakeClock clock;
    ShortInvitationDirectory dir({}, clock.fn());
    auto code = ShortCode::random();
    ASSERT_TRUE(dir.file(deposit_for(code, clock.now + 3600'000)).ok());
    const std::size_t allowed = ShortInvitationLimits{}.lookups_per_source;
    std::size_t answered = 0, limited = 0;
    for (int i = 0; i < 200; ++i) {
        auto guess = ShortCode::random().locator();
        auto a = dir.lookup(guess, "ipv4:203.0.113.9:" + std::to_string(40000 + i));
        if (a.status() == Answer::RATE_LIMITED) {
            ++limited;
            EXPECT_TRUE(a.sealed().empty());
        } else {
            ++answered;
        }
    }
    // Changing the source port does not help: the limit is per host.
    EXPECT_EQ(answered, allowed);
    EXPECT_EQ(limited, 200 - allowed);
    // Even the right locator is refused while limited; another host is answered.
    EXPECT_EQ(dir.lookup(code.locator(), "ipv4:203.0.113.9:1").status(), Answer::RATE_LIMITED);
    EXPECT_EQ(dir.lookup(code.locator(), "ipv4:198.51.100.1:1").status(), Answer::FOUND);
    // After the window the first host may ask again.
    clock.now += ShortInvitationLimits{}.window.count();
    EXPECT_EQ(dir.lookup(code.locator(), "ipv4:203.0.113.9:1").status(), Answer::FOUND);
}

TEST(ShortInvitationAttack, GuessingFromManySourcesHitsTheOverallLimit) {
    FakeClock clock;
    ShortInvitationDirectory dir({}, clock.fn());
    const std::size_t overall = ShortInvitationLimits{}.lookups_overall;
    std::size_t answered = 0;
    for (std::size_t i = 0; i < overall * 2; ++i) {
        auto host = "ipv4:10." + std::to_string(i / 250) + "." + std::to_string(i % 250) + ".1:9";
        if (dir.lookup(ShortCode::random().locator(), host).status() != Answer::RATE_LIMITED)
            ++answered;
    }
    EXPECT_EQ(answered, overall);
}

TEST(ShortInvitationAttack, AGuessedLocatorStillNeedsTheSecretAtArgon2Cost) {
    // A resolver (or a guesser that hit a locator) holds the sealed form: every other code with
    // the same locator fails to open it.
    auto code = ShortCode::random();
    auto sealed = platform::seal_short_invitation(code, "grove-invite:x", {1, 8192});
    int opened = 0;
    for (int i = 0; i < 20; ++i) {
        auto guess = ShortCode::random();
        std::copy_n(code.symbols.begin(), 4, guess.symbols.begin());
        if (guess == code) continue;
        if (platform::open_short_invitation(guess, sealed).ok()) ++opened;
    }
    EXPECT_EQ(opened, 0);
}

TEST(ShortInvitationAttack, AnotherDeviceCannotOverwriteACode) {
    FakeClock clock;
    ShortInvitationDirectory dir({}, clock.fn());
    auto code = ShortCode::random();
    ASSERT_TRUE(dir.file(deposit_for(code, clock.now + 3600'000), "aa").ok());
    auto evil = deposit_for(code, clock.now + 7200'000);
    auto r = dir.file(evil, "bb");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::AlreadyExists);
    // Nor withdraw it.
    evil.set_withdrawn(true);
    evil.clear_sealed();
    EXPECT_FALSE(dir.file(evil, "bb").ok());
    EXPECT_EQ(dir.lookup(code.locator(), "h:1").status(), Answer::FOUND);
}

TEST(ShortInvitationAttack, FloodingADirectoryIsCappedPerDevice) {
    FakeClock clock;
    ShortInvitationLimits limits;
    limits.max_per_depositor = 5;
    ShortInvitationDirectory dir(limits, clock.fn());
    std::size_t filed = 0;
    for (int i = 0; i < 50; ++i)
        if (dir.file(deposit_for(ShortCode::random(), clock.now + 1000), "aa").ok()) ++filed;
    EXPECT_EQ(filed, 5u);
    EXPECT_TRUE(dir.file(deposit_for(ShortCode::random(), clock.now + 1000), "bb").ok());
}

TEST(ShortInvitationAttack, MalformedDepositsAreRefused) {
    FakeClock clock;
    ShortInvitationDirectory dir({}, clock.fn());
    auto d = deposit_for(ShortCode::random(), clock.now + 1000);
    auto bad_locator = d;
    bad_locator.set_locator("abcd");  // not canonical
    EXPECT_FALSE(dir.file(bad_locator).ok());
    auto huge = d;
    huge.set_sealed(std::string(8192, 'x'));
    EXPECT_FALSE(dir.file(huge).ok());
    auto stale = d;
    stale.set_expires_ms(clock.now - 1);
    EXPECT_FALSE(dir.file(stale).ok());
    EXPECT_EQ(dir.size(), 0u);
}

TEST(ShortInvitationAttack, ExpiredAndUsedCodesSaySoInsteadOfResolving) {
    FakeClock clock;
    ShortInvitationDirectory dir({}, clock.fn());
    auto expiring = ShortCode::random();
    auto used = ShortCode::random();
    ASSERT_TRUE(dir.file(deposit_for(expiring, clock.now + 1000)).ok());
    ASSERT_TRUE(dir.file(deposit_for(used, clock.now + 3600'000)).ok());
    dir.set_usable_check([&](const std::string& locator) { return locator != used.locator(); });
    clock.now += 2000;
    auto a = dir.lookup(expiring.locator(), "h:1");
    EXPECT_EQ(a.status(), Answer::EXPIRED);
    EXPECT_TRUE(a.sealed().empty());
    auto b = dir.lookup(used.locator(), "h:1");
    EXPECT_EQ(b.status(), Answer::WITHDRAWN);
    EXPECT_TRUE(b.sealed().empty());
    // Withdrawn stays withdrawn, and relays learn it from the own deposits.
    auto own = dir.own_deposits();
    ASSERT_EQ(own.size(), 1u);  // the expired one is no longer deposited
    EXPECT_TRUE(own[0].withdrawn());
    EXPECT_TRUE(own[0].sealed().empty());
    // A week after expiry both are forgotten.
    clock.now += ShortInvitationLimits{}.keep_after_expiry_ms + 3600'000;
    EXPECT_EQ(dir.lookup(expiring.locator(), "h:2").status(), Answer::UNKNOWN);
}

TEST(ShortInvitationAttack, ALinkAskingTooManyCodesIsClosed) {
    Trio trio;
    Replicator ada{*trio.ada.peer};
    platform::net::SyncOptions options;
    options.short_invitations = std::make_shared<ShortInvitationDirectory>();
    options.remote_address = "ipv4:192.0.2.1:5000";
    std::vector<nv::LinkMessage> sent;
    platform::net::SyncSession session(
        ada, identity_of(*trio.bob.peer).device_sign.public_key, crypto::random_array<32>(),
        [&](nv::LinkMessage&& m) { sent.push_back(std::move(m)); }, options);
    const std::size_t cap = ShortInvitationLimits{}.lookups_per_link;
    for (std::size_t i = 0; i < cap; ++i) {
        nv::LinkMessage m;
        m.mutable_short_invitation_lookup()->set_locator(ShortCode::random().locator());
        ASSERT_TRUE(session.handle(m).ok());
    }
    ASSERT_EQ(sent.size(), cap);
    for (const auto& m : sent) EXPECT_EQ(m.short_invitation_answer().status(), Answer::UNKNOWN);
    nv::LinkMessage one_more;
    one_more.mutable_short_invitation_lookup()->set_locator("ABCD");
    auto r = session.handle(one_more);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::ResourceExhausted);
}

}  // namespace
}  // namespace grove::test
