#include "core/peer.h"

#include <gtest/gtest.h>

#include <fstream>

#include "core/space_journal.h"
#include "store/profile_store.h"
#include "test_support.h"

using namespace grove::platform;

namespace {
std::unique_ptr<Peer> open_peer(const std::filesystem::path& dir) {
    auto peer = Peer::open(dir);
    EXPECT_TRUE(peer.ok()) << peer.error().message;
    return std::move(peer).value();
}
}  // namespace

TEST(Peer, AccountLifecycle) {
    grove::test::TempDir dir;
    auto peer = open_peer(dir.path());
    EXPECT_EQ(peer->account_state(), AccountState::NoAccount);
    EXPECT_EQ(peer->create_space("x").error().code, grove::ErrorCode::FailedPrecondition);
    EXPECT_EQ(peer->create_account("Ada", "short").error().code, grove::ErrorCode::InvalidArgument);
    auto info = peer->create_account("Ada", "correct horse battery");
    ASSERT_TRUE(info.ok()) << info.error().message;
    EXPECT_EQ(info->display_name, "Ada");
    EXPECT_EQ(peer->create_account("Ada", "correct horse battery").error().code,
              grove::ErrorCode::AlreadyExists);
    ASSERT_TRUE(peer->lock().ok());
    EXPECT_EQ(peer->account_state(), AccountState::Locked);
    auto wrong = peer->unlock("wrong passphrase");
    ASSERT_FALSE(wrong.ok());
    EXPECT_EQ(wrong.error().code, grove::ErrorCode::Unauthenticated);
    auto again = peer->unlock("correct horse battery");
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->identity_id, info->identity_id);
    EXPECT_EQ(again->fingerprint, info->fingerprint);

    ASSERT_TRUE(peer->change_passphrase("correct horse battery", "new passphrase!").ok());
    ASSERT_TRUE(peer->lock().ok());
    EXPECT_FALSE(peer->unlock("correct horse battery").ok());
    EXPECT_TRUE(peer->unlock("new passphrase!").ok());
}

TEST(Peer, SpacesAndChatSurviveReopen) {
    grove::test::TempDir dir;
    std::string space_id, msg_id;
    {
        auto peer = open_peer(dir.path());
        ASSERT_TRUE(peer->create_account("Ada", "correct horse battery").ok());
        auto space = peer->create_space("Design");
        ASSERT_TRUE(space.ok()) << space.error().message;
        EXPECT_EQ(space->my_role, Role::Manager);
        EXPECT_EQ(space->member_count, 1u);
        space_id = space->id;
        auto m = peer->post_chat("Design", "hello");
        ASSERT_TRUE(m.ok()) << m.error().message;
        msg_id = m->id;
        EXPECT_EQ(m->author_name, "Ada");
        ASSERT_TRUE(peer->post_chat(space_id, "second").ok());
        auto edited = peer->edit_chat(space_id, msg_id, "hello, edited");
        ASSERT_TRUE(edited.ok());
        EXPECT_GT(edited->edited_ms, 0);
    }
    auto peer = open_peer(dir.path());
    EXPECT_EQ(peer->account_state(), AccountState::Locked);
    ASSERT_TRUE(peer->unlock("correct horse battery").ok());
    auto list = peer->list_chat(space_id.substr(0, 6));
    ASSERT_TRUE(list.ok()) << list.error().message;
    ASSERT_EQ(list->size(), 2u);
    EXPECT_EQ((*list)[0].text, "hello, edited");
    EXPECT_EQ((*list)[1].text, "second");
    auto del = peer->delete_chat("Design", msg_id);
    ASSERT_TRUE(del.ok());
    EXPECT_TRUE(del->deleted);
    auto summary = peer->get_space("Design");
    ASSERT_TRUE(summary.ok());
    EXPECT_EQ(summary->delta_count, 5u);
}

TEST(Peer, SpaceReferencesResolveOrExplain) {
    grove::test::TempDir dir;
    auto peer = open_peer(dir.path());
    ASSERT_TRUE(peer->create_account("Ada", "correct horse battery").ok());
    ASSERT_TRUE(peer->create_space("Twin").ok());
    ASSERT_TRUE(peer->create_space("Twin").ok());
    EXPECT_EQ(peer->get_space("Twin").error().code, grove::ErrorCode::InvalidArgument);
    EXPECT_EQ(peer->get_space("Nope").error().code, grove::ErrorCode::NotFound);
    EXPECT_EQ(peer->post_chat("Nope", "x").error().code, grove::ErrorCode::NotFound);
    EXPECT_EQ(peer->edit_chat("Twin", "zz", "x").error().code, grove::ErrorCode::InvalidArgument);
}

TEST(Peer, EventsReachSubscribers) {
    grove::test::TempDir dir;
    auto peer = open_peer(dir.path());
    ASSERT_TRUE(peer->create_account("Ada", "correct horse battery").ok());
    auto space = peer->create_space("Events");
    ASSERT_TRUE(space.ok());
    std::vector<SpaceEvent> seen;
    auto sub = peer->subscribe(space->id, [&](const SpaceEvent& e) { seen.push_back(e); });
    ASSERT_TRUE(peer->post_chat(space->id, "ping").ok());
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0].kind, SpaceEvent::Kind::ChatPosted);
    ASSERT_TRUE(seen[0].chat.has_value());
    EXPECT_EQ(seen[0].chat->text, "ping");
    sub.reset();
    ASSERT_TRUE(peer->post_chat(space->id, "pong").ok());
    EXPECT_EQ(seen.size(), 1u);
}

TEST(Peer, SecondProcessCannotOpenTheSameProfile) {
    grove::test::TempDir dir;
    auto first = open_peer(dir.path());
    auto second = Peer::open(dir.path());
    ASSERT_FALSE(second.ok());
    EXPECT_EQ(second.error().code, grove::ErrorCode::FailedPrecondition);
}

TEST(Peer, NoPlaintextOrSecretInTheProfile) {
    grove::test::TempDir dir;
    const std::string marker = "MARKER-7f3a9c-plaintext";
    {
        auto peer = open_peer(dir.path());
        ASSERT_TRUE(peer->create_account("Name-" + marker, "correct horse battery").ok());
        auto space = peer->create_space("Space-" + marker);
        ASSERT_TRUE(space.ok());
        for (int i = 0; i < 20; ++i) ASSERT_TRUE(peer->post_chat(space->id, marker).ok());
    }
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir.path())) {
        if (!entry.is_regular_file()) continue;
        std::ifstream f(entry.path(), std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(f)), {});
        EXPECT_EQ(bytes.find(marker), std::string::npos) << entry.path();
        EXPECT_EQ(bytes.find("correct horse battery"), std::string::npos) << entry.path();
    }
}

TEST(Peer, DowngradedKdfParametersAreRefused) {
    grove::test::TempDir dir;
    {
        auto peer = open_peer(dir.path());
        ASSERT_TRUE(peer->create_account("Ada", "correct horse battery").ok());
        auto& db = peer->journal().profile_store().database();
        ASSERT_TRUE(db.exec("UPDATE account SET kdf_ops = 1, kdf_mem = 8192").ok());
    }
    auto peer = open_peer(dir.path());
    auto r = peer->unlock("correct horse battery");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, grove::ErrorCode::PermissionDenied);
}

TEST(Peer, TamperedKdfParametersAboveTheFloorStillFail) {
    grove::test::TempDir dir;
    {
        auto peer = open_peer(dir.path());
        ASSERT_TRUE(peer->create_account("Ada", "correct horse battery").ok());
        auto& db = peer->journal().profile_store().database();
        ASSERT_TRUE(db.exec("UPDATE account SET kdf_ops = kdf_ops + 1").ok());
    }
    auto peer = open_peer(dir.path());
    EXPECT_FALSE(peer->unlock("correct horse battery").ok());
}
