// Service accounts: a manager adds a non-person identity, a peer runs as it from its credential
// alone and signs as itself; who may add one, and what a removed one's key can still do.
#include "core/text_code.h"
#include "grove/net/v1/service_account.pb.h"
#include "security_support.h"

namespace grove::test {
namespace {

constexpr std::string_view kPrefix = "grove-service-account:";
constexpr std::string_view kDomain = "grove.service-account.v1";

struct ServiceAccountPeer {
    std::unique_ptr<TempDir> dir = std::make_unique<TempDir>();
    std::unique_ptr<Peer> peer;
    std::filesystem::path profile() const { return dir->path() / "profile"; }
    void open() {
        peer.reset();
        PeerOptions options;
        options.kdf = crypto::KdfParams::minimum();
        auto opened = Peer::open(profile(), options);
        ASSERT_TRUE(opened.ok()) << opened.error().message;
        peer = std::move(opened).value();
    }
};

struct Added {
    Account ada = make_account("Ada");
    std::string space;
    CreatedServiceAccount created;
    Added() {
        space = ada.peer->create_space("Tickets")->id;
        auto made = ada.peer->create_service_account(space, "Ticket sync", Role::Participant,
                                                     {"127.0.0.1:1"});
        EXPECT_TRUE(made.ok()) << made.error().message;
        if (made.ok()) created = std::move(made).value();
    }
};

std::vector<ChatMessageView> chat(Peer& p, const std::string& space) {
    auto messages = p.list_chat(space);
    EXPECT_TRUE(messages.ok()) << messages.error().message;
    return messages.ok() ? *messages : std::vector<ChatMessageView>{};
}

bool has_text(Peer& p, const std::string& space, const std::string& text) {
    for (const auto& m : chat(p, space))
        if (m.text == text) return true;
    return false;
}

// The credential's payload, changed by `edit` and re-encoded with a valid checksum (the
// checksum's key is public: it catches typos, not forgeries).
std::string reencoded(const std::string& credential,
                      const std::function<void(grove::net::v1::ServiceAccountCredential&)>& edit) {
    auto payload = decode_text_code(credential, kPrefix, kDomain, 64 * 1024, "credential");
    EXPECT_TRUE(payload.ok());
    grove::net::v1::ServiceAccountCredential c;
    EXPECT_TRUE(c.ParseFromArray(payload->data(), static_cast<int>(payload->size())));
    edit(c);
    return encode_text_code(kPrefix, kDomain, as_bytes(c.SerializeAsString()));
}

}  // namespace

TEST(ServiceAccount, RunsFromItsCredentialAloneAndSignsAsItself) {
    Added a;
    const MemberView& member = a.created.member;
    EXPECT_TRUE(member.service_account);
    EXPECT_EQ(member.added_by, identity_of(*a.ada.peer).identity_hex());
    EXPECT_EQ(a.created.credential.rfind("grove-service-account:", 0), 0u);
    // The manager's log has it: a participant, marked, added by Ada.
    auto listed = a.ada.peer->list_service_accounts(a.space);
    ASSERT_TRUE(listed.ok());
    ASSERT_EQ(listed->size(), 1u);
    EXPECT_EQ((*listed)[0].identity_id, member.identity_id);
    EXPECT_EQ((*listed)[0].role, Role::Participant);
    EXPECT_EQ((*listed)[0].added_by, member.added_by);

    ServiceAccountPeer robot;
    robot.open();
    auto started = robot.peer->start_service_account(a.created.credential);
    ASSERT_TRUE(started.ok()) << started.error().message;
    EXPECT_EQ(started->account.identity_id, member.identity_id);
    EXPECT_EQ(started->space_id, a.space);
    EXPECT_EQ(started->addresses, std::vector<std::string>{"127.0.0.1:1"});
    ASSERT_TRUE(a.ada.peer->post_chat(a.space, "hello robot").ok());
    {
        DirectPair link(*a.ada.peer, *robot.peer);
        link.run();
    }
    EXPECT_TRUE(has_text(*robot.peer, a.space, "hello robot"));
    auto posted = robot.peer->post_chat(a.space, "ticket #1");
    ASSERT_TRUE(posted.ok()) << posted.error().message;
    {
        DirectPair link(*a.ada.peer, *robot.peer);
        link.run();
    }
    bool seen = false;
    for (const auto& m : chat(*a.ada.peer, a.space))
        if (m.text == "ticket #1") {
            seen = true;
            EXPECT_EQ(m.author_id, member.identity_id);
            EXPECT_EQ(m.author_name, "Ticket sync");
        }
    EXPECT_TRUE(seen);

    // Reopened (a restart): unlocked by the credential again, the space still there.
    robot.open();
    EXPECT_EQ(robot.peer->account_state(), AccountState::Locked);
    auto again = robot.peer->start_service_account(a.created.credential);
    ASSERT_TRUE(again.ok()) << again.error().message;
    EXPECT_TRUE(has_text(*robot.peer, a.space, "ticket #1"));
    // A person's passphrase guess does not unlock it.
    robot.open();
    auto guessed = robot.peer->unlock("correct horse battery");
    ASSERT_FALSE(guessed.ok());
    EXPECT_EQ(guessed.error().code, ErrorCode::Unauthenticated);
}

TEST(ServiceAccountAttack, OnlyManagersAddServiceAccounts) {
    Added a;
    auto bob = make_account("Bob");
    auto inv =
        a.ada.peer->create_invitation(a.space, Role::Participant, wall_ms() + 3'600'000, {"x:1"});
    ASSERT_TRUE(inv.ok());
    DirectPair ab(*a.ada.peer, *bob.peer);
    ASSERT_TRUE(ab.join(inv->code).ok());
    auto refused =
        bob.peer->create_service_account(a.space, "Bot", Role::Participant, {"127.0.0.1:1"});
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::PermissionDenied);
    // A person is not removed as a service account.
    auto person = a.ada.peer->remove_service_account(a.space, "Bob");
    ASSERT_FALSE(person.ok());
    EXPECT_EQ(person.error().code, ErrorCode::FailedPrecondition);
    EXPECT_EQ(a.ada.peer->get_space(a.space)->member_count, 3u);
}

TEST(ServiceAccountAttack, ForgedOrForeignCredentialsAreRefused) {
    Added a;
    // A typo fails the checksum.
    std::string typo = a.created.credential;
    typo[typo.size() / 2] = typo[typo.size() / 2] == 'a' ? 'b' : 'a';
    ServiceAccountPeer robot;
    robot.open();
    auto refused = robot.peer->start_service_account(typo);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::InvalidArgument);
    // Another identity's documents with these keys (the checksum recomputed) are refused.
    auto other = LocalIdentity::generate("Mallory");
    other.issue_documents(wall_ms());
    auto swapped =
        reencoded(a.created.credential, [&](auto& c) { *c.mutable_card() = other.card; });
    refused = robot.peer->start_service_account(swapped);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::PermissionDenied);
    // An admission whose signature does not verify is refused before anything is created.
    auto unsigned_admission = reencoded(a.created.credential, [](auto& c) {
        auto* sig = c.mutable_admission()->mutable_signature();
        if (!sig->empty()) (*sig)[0] = static_cast<char>((*sig)[0] ^ 1);
    });
    refused = robot.peer->start_service_account(unsigned_admission);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(robot.peer->account_state(), AccountState::NoAccount);
    // A profile holding a person's account is never taken over.
    auto taken = a.ada.peer->start_service_account(a.created.credential);
    ASSERT_FALSE(taken.ok());
    EXPECT_EQ(taken.error().code, ErrorCode::FailedPrecondition);
    EXPECT_EQ(a.ada.peer->account()->display_name, "Ada");
}

TEST(ServiceAccountAttack, RemovedServiceAccountsKeyStopsCounting) {
    Added a;
    ServiceAccountPeer robot;
    robot.open();
    ASSERT_TRUE(robot.peer->start_service_account(a.created.credential).ok());
    {
        DirectPair link(*a.ada.peer, *robot.peer);
        link.run();  // the history first: until it arrives, writes are refused
    }
    ASSERT_TRUE(robot.peer->post_chat(a.space, "before removal").ok());
    {
        DirectPair link(*a.ada.peer, *robot.peer);
        link.run();
    }
    ASSERT_TRUE(has_text(*a.ada.peer, a.space, "before removal"));
    ASSERT_TRUE(a.ada.peer->remove_service_account(a.space, "Ticket sync").ok());
    EXPECT_TRUE(a.ada.peer->list_service_accounts(a.space)->empty());
    ASSERT_TRUE(a.ada.peer->post_chat(a.space, "not for the robot").ok());
    {
        DirectPair link(*a.ada.peer, *robot.peer);
        link.run();
    }
    // It learned of its removal and dropped the space: nothing of it is left to read.
    EXPECT_FALSE(robot.peer->get_space(a.space).ok());
    // Its key signs a post that has seen the removal (even sealed under the current key, which
    // it never got): every peer refuses it.
    auto payload = decode_text_code(a.created.credential, kPrefix, kDomain, 64 * 1024, "c");
    ASSERT_TRUE(payload.ok());
    grove::net::v1::ServiceAccountCredential c;
    ASSERT_TRUE(c.ParseFromArray(payload->data(), static_cast<int>(payload->size())));
    LocalIdentity stolen;
    stolen.display_name = c.card().display_name();
    stolen.identity_sign = crypto::SigningKeyPair::from_secret(as_bytes(c.identity_sign_secret()));
    stolen.identity_box = crypto::BoxKeyPair::from_secret(as_bytes(c.identity_box_secret()));
    stolen.device_sign = crypto::SigningKeyPair::from_secret(as_bytes(c.device_sign_secret()));
    stolen.device_box = crypto::BoxKeyPair::from_secret(as_bytes(c.device_box_secret()));
    stolen.card = c.card();
    stolen.device_cert = c.device_cert();
    const SpaceId sid = space_id(a.space);
    auto forged = author_as(*a.ada.peer, sid, stolen, {chat_post("after removal")});
    ASSERT_EQ(forged.size(), 1u);
    auto report = ingest(*a.ada.peer, sid, sealed_of(forged));
    EXPECT_EQ(report.rejected, 1u);
    EXPECT_FALSE(stores_delta(*a.ada.peer, sid, forged[0].id));
    EXPECT_FALSE(has_text(*a.ada.peer, a.space, "after removal"));
    // Restarted from the same credential, it does not get the space back.
    robot.open();
    ASSERT_TRUE(robot.peer->start_service_account(a.created.credential).ok());
    EXPECT_FALSE(robot.peer->get_space(a.space).ok());
}

}  // namespace grove::test
