// One Role for the core and the SDK (values 1–3) while the state digest keeps the bytes it was
// always computed with (manager 0, participant 1, guest 2): existing stores' digests compare equal.
#include <gtest/gtest.h>

#include <grove/sdk/types.h>

#include "core/identity.h"
#include "core/membership.h"
#include "core/peer.h"
#include "crypto/primitives.h"

using namespace grove::platform;
namespace sp = grove::space::v1;

namespace {

sp::Member member_of(const LocalIdentity& id, Role role) {
    sp::Member m;
    *m.mutable_identity() = id.card;
    *m.add_devices() = id.device_cert;
    m.set_role(role_to_proto(role));
    return m;
}

}  // namespace

TEST(Role, CoreAndSdkShareOneType) {
    static_assert(std::is_same_v<Role, grove::sdk::Role>);
    EXPECT_STREQ(to_string(Role::Participant), "participant");
    EXPECT_EQ(role_from_string("guest"), Role::Guest);
    EXPECT_EQ(role_from_string("owner"), std::nullopt);
    EXPECT_EQ(role_from_proto(role_to_proto(Role::Manager)), Role::Manager);
}

TEST(Role, StateDigestKeepsTheHistoricalRoleBytes) {
    crypto::initialize();
    auto ada = LocalIdentity::generate("Ada");
    auto bob = LocalIdentity::generate("Bob");
    auto gus = LocalIdentity::generate("Gus");
    for (LocalIdentity* id : {&ada, &bob, &gus}) id->issue_documents(1'000);
    Membership m;
    sp::Genesis genesis;
    genesis.set_name("Space");
    *genesis.mutable_creator() = member_of(ada, Role::Manager);
    ASSERT_TRUE(m.apply_genesis(genesis, ada.device_sign.public_key).ok());
    ASSERT_TRUE(m.admit(member_of(bob, Role::Participant), Role::Participant).ok());
    ASSERT_TRUE(m.admit(member_of(gus, Role::Guest), Role::Guest).ok());

    // What the digest was before the core took the SDK's Role: members in key order, each as
    // identity ‖ role byte (manager 0, participant 1, guest 2) ‖ removed ‖ devices.
    std::map<crypto::SignPublicKey, std::pair<const LocalIdentity*, std::uint8_t>> members{
        {ada.identity_sign.public_key, {&ada, 0}},
        {bob.identity_sign.public_key, {&bob, 1}},
        {gus.identity_sign.public_key, {&gus, 2}}};
    crypto::Hasher expected;
    for (const auto& [key, who] : members) {
        Bytes buf;
        append(buf, key);
        buf.push_back(who.second);
        buf.push_back(0);
        append_u32le(buf, 1);
        append(buf, who.first->device_sign.public_key);
        buf.push_back(0);
        expected.update(buf);
    }
    crypto::Hasher actual;
    m.digest_into(actual);
    EXPECT_EQ(actual.finish(), expected.finish());
}
