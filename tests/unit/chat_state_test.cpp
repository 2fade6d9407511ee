// ChatState on its own: posting, last-writer-wins edits, tombstones, permissions, display order
// independent of arrival order, the digest, and the text arena under heavy editing.
#include "core/chat_state.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace grove::platform {
namespace {

namespace sp = grove::space::v1;

DeltaId id_of(std::uint64_t n) {
    // Real ids are hashes; spread the test's ids over the whole key space the same way.
    return crypto::hash(as_bytes("chat-test-" + std::to_string(n)));
}

crypto::SignPublicKey key_of(std::uint8_t n) {
    crypto::SignPublicKey k{};
    k.fill(n);
    return k;
}

OpOrigin origin(std::uint64_t delta, std::uint8_t who, std::uint64_t lamport,
                bool manager = false) {
    OpOrigin o;
    o.delta_id = id_of(delta);
    o.identity = key_of(who);
    o.device = key_of(static_cast<std::uint8_t>(who + 100));
    o.lamport = lamport;
    o.wall_time_ms = static_cast<std::int64_t>(1000 * lamport);
    o.author_is_manager = manager;
    return o;
}

sp::ChatOp post(const std::string& text) {
    sp::ChatOp op;
    op.mutable_post()->set_text(text);
    return op;
}

sp::ChatOp edit(std::uint64_t message, const std::string& text) {
    sp::ChatOp op;
    DeltaId id = id_of(message);
    op.mutable_edit()->set_message_id(std::string(id.begin(), id.end()));
    op.mutable_edit()->set_text(text);
    return op;
}

sp::ChatOp remove(std::uint64_t message) {
    sp::ChatOp op;
    DeltaId id = id_of(message);
    op.mutable_delete_()->set_message_id(std::string(id.begin(), id.end()));
    return op;
}

Result<ChatState::Effect> apply(ChatState& chat, const sp::ChatOp& op, const OpOrigin& o) {
    DeltaId affected{};
    return chat.apply(op, o, &affected);
}

crypto::Hash digest(const ChatState& chat) {
    crypto::Hasher h;
    chat.digest_into(h);
    return h.finish();
}

TEST(ChatState, PostEditDeleteAndFind) {
    ChatState chat;
    ASSERT_EQ(*apply(chat, post("hello"), origin(1, 1, 1)), ChatState::Effect::Posted);
    auto m = chat.find(id_of(1));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->text, "hello");
    EXPECT_EQ(m->author_identity, key_of(1));
    EXPECT_EQ(m->post_lamport, 1u);

    ASSERT_EQ(*apply(chat, edit(1, "hello, world"), origin(2, 1, 2)), ChatState::Effect::Edited);
    m = chat.find(id_of(1));
    EXPECT_EQ(m->text, "hello, world");
    EXPECT_EQ(m->edited_ms, 2000);
    EXPECT_EQ(m->edit_device, key_of(101));

    ASSERT_EQ(*apply(chat, remove(1), origin(3, 1, 3)), ChatState::Effect::Deleted);
    m = chat.find(id_of(1));
    EXPECT_TRUE(m->deleted);
    EXPECT_TRUE(m->text.empty());
    // A deleted message stays deleted: a later edit changes nothing.
    EXPECT_EQ(*apply(chat, edit(1, "back"), origin(4, 1, 4)), ChatState::Effect::None);
    EXPECT_TRUE(chat.find(id_of(1))->text.empty());
    EXPECT_FALSE(chat.find(id_of(99)));
}

TEST(ChatState, RefusesBadOperationsAndChangesNothing) {
    ChatState chat;
    ASSERT_TRUE(apply(chat, post("mine"), origin(1, 1, 1)).ok());
    auto before = digest(chat);
    EXPECT_EQ(apply(chat, post(""), origin(2, 1, 2)).error().code, ErrorCode::InvalidArgument);
    EXPECT_EQ(
        apply(chat, post(std::string(kMaxChatTextBytes + 1, 'x')), origin(3, 1, 3)).error().code,
        ErrorCode::InvalidArgument);
    EXPECT_EQ(apply(chat, edit(1, "theirs"), origin(4, 2, 4)).error().code,
              ErrorCode::PermissionDenied);
    EXPECT_EQ(apply(chat, remove(1), origin(5, 2, 5)).error().code, ErrorCode::PermissionDenied);
    EXPECT_EQ(apply(chat, edit(77, "x"), origin(6, 1, 6)).error().code, ErrorCode::NotFound);
    sp::ChatOp bad;
    bad.mutable_edit()->set_message_id("short");
    bad.mutable_edit()->set_text("x");
    EXPECT_EQ(apply(chat, bad, origin(7, 1, 7)).error().code, ErrorCode::InvalidArgument);
    EXPECT_EQ(apply(chat, sp::ChatOp{}, origin(8, 1, 8)).error().code, ErrorCode::InvalidArgument);
    EXPECT_EQ(chat.size(), 1u);
    EXPECT_EQ(digest(chat), before);
    // A manager may delete someone else's message.
    EXPECT_EQ(*apply(chat, remove(1), origin(9, 2, 9, true)), ChatState::Effect::Deleted);
}

TEST(ChatState, ConcurrentEditsResolveTheSameInEveryOrder) {
    // Two edits of one message with the same lamport: the higher device wins wherever applied.
    ChatState a, b;
    for (ChatState* c : {&a, &b}) ASSERT_TRUE(apply(*c, post("v0"), origin(1, 1, 1)).ok());
    OpOrigin first = origin(2, 1, 5);
    OpOrigin second = origin(3, 1, 5);
    second.device = key_of(250);  // same identity, another of its devices
    ASSERT_TRUE(apply(a, edit(1, "from device 101"), first).ok());
    ASSERT_TRUE(apply(a, edit(1, "from device 250"), second).ok());
    ASSERT_TRUE(apply(b, edit(1, "from device 250"), second).ok());
    EXPECT_EQ(*apply(b, edit(1, "from device 101"), first), ChatState::Effect::None);
    EXPECT_EQ(a.find(id_of(1))->text, "from device 250");
    EXPECT_EQ(b.find(id_of(1))->text, "from device 250");
    EXPECT_EQ(digest(a), digest(b));
}

TEST(ChatState, DisplayOrderAndDigestDoNotDependOnArrivalOrder) {
    // 2,000 posts from three authors with interleaved lamports, applied in three orders.
    struct Post {
        std::uint64_t delta;
        std::uint8_t who;
        std::uint64_t lamport;
    };
    std::vector<Post> posts;
    for (std::uint64_t i = 0; i < 2000; ++i)
        posts.push_back({i, static_cast<std::uint8_t>(i % 3), 1 + i / 2});  // lamport ties too
    auto run = [&](std::vector<Post> order) {
        ChatState chat;
        for (const Post& p : order)
            EXPECT_TRUE(apply(chat, post("message " + std::to_string(p.delta)),
                              origin(p.delta, p.who, p.lamport))
                            .ok());
        return chat;
    };
    ChatState in_order = run(posts);
    std::vector<Post> reversed(posts.rbegin(), posts.rend());
    ChatState backwards = run(reversed);
    std::vector<Post> shuffled = posts;
    std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937(7));
    ChatState random = run(shuffled);

    EXPECT_EQ(digest(in_order), digest(backwards));
    EXPECT_EQ(digest(in_order), digest(random));
    auto all = random.latest(0);
    ASSERT_EQ(all.size(), posts.size());
    for (std::size_t i = 1; i < all.size(); ++i)
        EXPECT_TRUE(std::tie(all[i - 1].post_lamport, all[i - 1].id) <
                    std::tie(all[i].post_lamport, all[i].id));
    auto tail = backwards.latest(10);
    ASSERT_EQ(tail.size(), 10u);
    EXPECT_EQ(tail.back().id, all.back().id);
    EXPECT_EQ(tail.front().id, all[all.size() - 10].id);
    // Interleaving reads and out-of-order posts keeps the order right.
    ChatState mixed;
    for (const Post& p : shuffled) {
        ASSERT_TRUE(apply(mixed, post("m"), origin(p.delta, p.who, p.lamport)).ok());
        if (p.delta % 97 == 0) (void)mixed.latest(3);
    }
    auto mixed_all = mixed.latest(0);
    for (std::size_t i = 0; i < all.size(); ++i) EXPECT_EQ(mixed_all[i].id, all[i].id);
}

TEST(ChatState, ManyEditsKeepTextMemoryBounded) {
    ChatState chat;
    for (std::uint64_t i = 0; i < 100; ++i)
        ASSERT_TRUE(apply(chat, post("message " + std::to_string(i)), origin(i, 1, i + 1)).ok());
    // 20,000 edits of 500 bytes each = 10 MB of text written; only 100 texts are live.
    std::uint64_t delta = 1000, lamport = 1000;
    for (int round = 0; round < 200; ++round)
        for (std::uint64_t i = 0; i < 100; ++i)
            ASSERT_TRUE(apply(chat,
                              edit(i, std::string(499, 'a' + round % 26) + std::to_string(i % 10)),
                              origin(delta++, 1, lamport++))
                            .ok());
    EXPECT_LT(chat.text_bytes(), 4u * 1024 * 1024);
    for (std::uint64_t i = 0; i < 100; ++i) {
        auto m = chat.find(id_of(i));
        ASSERT_TRUE(m);
        EXPECT_EQ(m->text, std::string(499, 'a' + 199 % 26) + std::to_string(i % 10));
    }
    // The largest allowed text is kept whole.
    std::string big(kMaxChatTextBytes, 'z');
    ASSERT_TRUE(apply(chat, edit(5, big), origin(delta++, 1, lamport++)).ok());
    EXPECT_EQ(chat.find(id_of(5))->text, big);
}

}  // namespace
}  // namespace grove::platform
