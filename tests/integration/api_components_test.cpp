// In-process checks of the API's building blocks that the process tests reach only indirectly:
// address parsing and the loopback rule, request validation, the token file, the worker pool.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "api/api_token.h"
#include "api/blocking_executor.h"
#include "api/listen_address.h"
#include "api/request_validation.h"
#include "api/status_mapping.h"
#include "api/token_store.h"

namespace grove::platform::api {
namespace {

namespace fs = std::filesystem;

TEST(ListenAddress, ParsesUnixAndTcp) {
    auto unix_address = ListenAddress::parse("unix:/tmp/x/api.sock");
    ASSERT_TRUE(unix_address.ok());
    EXPECT_EQ(unix_address->kind(), ListenAddress::Kind::Unix);
    EXPECT_EQ(unix_address->uri(), "unix:/tmp/x/api.sock");
    EXPECT_TRUE(unix_address->is_loopback());

    auto relative = ListenAddress::parse("unix:rel/api.sock");
    ASSERT_TRUE(relative.ok());
    EXPECT_TRUE(relative->unix_path().is_absolute());

    auto tcp = ListenAddress::parse("127.0.0.1:7000");
    ASSERT_TRUE(tcp.ok());
    EXPECT_EQ(tcp->kind(), ListenAddress::Kind::Tcp);
    EXPECT_EQ(tcp->port(), 7000);
    EXPECT_EQ(tcp->uri(0), "127.0.0.1:0");

    auto v6 = ListenAddress::parse("[::1]:0");
    ASSERT_TRUE(v6.ok());
    EXPECT_EQ(v6->host(), "::1");
    EXPECT_EQ(v6->uri(4242), "[::1]:4242");
}

TEST(ListenAddress, RejectsMalformed) {
    for (const char* text : {"", "unix:", "nohost", ":7000", "127.0.0.1:", "127.0.0.1:x",
                             "127.0.0.1:65536", "127.0.0.1:-1", "::1:7000", "[::1]7000"}) {
        auto parsed = ListenAddress::parse(text);
        EXPECT_FALSE(parsed.ok()) << text;
        if (!parsed.ok()) {
            EXPECT_EQ(parsed.error().code, ErrorCode::InvalidArgument) << text;
        }
    }
}

TEST(ListenAddress, LoopbackOnlyForLoopbackHosts) {
    for (const char* text :
         {"localhost:1", "127.0.0.1:1", "127.1.2.3:1", "[::1]:1", "[::ffff:127.0.0.1]:1"})
        EXPECT_TRUE(ListenAddress::parse(text)->is_loopback()) << text;
    for (const char* text : {"0.0.0.0:1", "[::]:1", "10.0.0.1:1", "128.0.0.1:1", "example.com:1",
                             "localhost.example.com:1", "[::ffff:10.0.0.1]:1"})
        EXPECT_FALSE(ListenAddress::parse(text)->is_loopback()) << text;
}

TEST(RequestValidation, Names) {
    EXPECT_TRUE(validate_name("name", "Design notes").ok());
    EXPECT_TRUE(validate_name("name", std::string(200, 'n')).ok());
    EXPECT_TRUE(validate_name("name", "ünïcödé ✓").ok());
    for (const std::string& bad :
         {std::string(), std::string("  \t"), std::string(201, 'n'), std::string("a\nb"),
          std::string("a\x7f"), std::string("a\0b", 3)}) {
        auto checked = validate_name("name", bad);
        ASSERT_FALSE(checked.ok()) << bad;
        EXPECT_EQ(checked.error().code, ErrorCode::InvalidArgument);
        EXPECT_EQ(checked.error().message.rfind("name ", 0), 0u) << checked.error().message;
    }
}

TEST(RequestValidation, ChatTextAndIds) {
    EXPECT_TRUE(validate_chat_text("text", "line\nline").ok());
    EXPECT_TRUE(validate_chat_text("text", std::string(64 * 1024, 'x')).ok());
    EXPECT_FALSE(validate_chat_text("text", std::string(64 * 1024 + 1, 'x')).ok());
    EXPECT_FALSE(validate_chat_text("text", "").ok());
    EXPECT_FALSE(validate_chat_text("text", " \n ").ok());

    EXPECT_TRUE(validate_message_id("id", std::string(64, 'a')).ok());
    EXPECT_TRUE(validate_message_id("id", "ABCdef0123").ok());
    EXPECT_FALSE(validate_message_id("id", "").ok());
    EXPECT_FALSE(validate_message_id("id", "xyz").ok());
    EXPECT_FALSE(validate_message_id("id", std::string(129, 'a')).ok());

    EXPECT_TRUE(validate_space_ref("space", "4040").ok());
    EXPECT_FALSE(validate_space_ref("space", "").ok());
    EXPECT_FALSE(validate_space_ref("space", std::string(257, 's')).ok());
    EXPECT_TRUE(validate_passphrase("passphrase", "p").ok());
    EXPECT_FALSE(validate_passphrase("passphrase", "").ok());
    EXPECT_FALSE(validate_passphrase("passphrase", std::string(1025, 'p')).ok());
}

TEST(RequestValidation, ToolsAndInvitations) {
    EXPECT_TRUE(validate_tool_id("tool_id", "org.grove.discussion").ok());
    EXPECT_TRUE(validate_tool_id("tool_id", "org.example.my-tool_2").ok());
    EXPECT_FALSE(validate_tool_id("tool_id", "").ok());
    EXPECT_FALSE(validate_tool_id("tool_id", "../etc").ok());
    EXPECT_FALSE(validate_tool_id("tool_id", "org grove").ok());
    EXPECT_FALSE(validate_tool_id("tool_id", std::string(201, 'a')).ok());
    const auto refused = validate_tool_id("tool_id", "a/b");
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::InvalidArgument);
    EXPECT_NE(refused.error().message.find("tool_id"), std::string::npos);

    EXPECT_TRUE(validate_instance_ref("instance", "Design talk").ok());
    EXPECT_TRUE(validate_instance_ref("instance", "9af1").ok());
    EXPECT_FALSE(validate_instance_ref("instance", "").ok());
    EXPECT_FALSE(validate_instance_ref("instance", "a\nb").ok());
    EXPECT_FALSE(validate_instance_ref("instance", std::string(257, 'i')).ok());

    EXPECT_TRUE(validate_optional_name("name", "").ok());
    EXPECT_TRUE(validate_optional_name("name", "Planning").ok());
    EXPECT_FALSE(validate_optional_name("name", "   ").ok());
    EXPECT_FALSE(validate_optional_name("name", std::string(201, 'n')).ok());

    EXPECT_TRUE(validate_invitation_code("code", "grove-invite:abc").ok());
    EXPECT_FALSE(validate_invitation_code("code", "").ok());
    EXPECT_FALSE(validate_invitation_code("code", std::string(4097, 'c')).ok());
}

TEST(StatusMapping, EveryCodeKeepsItsMessage) {
    EXPECT_EQ(to_grpc_status(make_error(ErrorCode::NotFound, "no space x")).error_code(),
              grpc::StatusCode::NOT_FOUND);
    EXPECT_EQ(to_grpc_status(make_error(ErrorCode::NotFound, "no space x")).error_message(),
              "no space x");
    EXPECT_EQ(to_grpc_code(ErrorCode::Unauthenticated), grpc::StatusCode::UNAUTHENTICATED);
    EXPECT_EQ(to_grpc_code(ErrorCode::FailedPrecondition), grpc::StatusCode::FAILED_PRECONDITION);
    EXPECT_EQ(to_grpc_code(ErrorCode::DataLoss), grpc::StatusCode::DATA_LOSS);
    EXPECT_EQ(to_grpc_status(make_error(ErrorCode::Internal, "")).error_message(),
              "internal error");
}

class TempDir {
public:
    TempDir() {
        char pattern[] = "/tmp/grove-api-test-XXXXXX";
        path_ = ::mkdtemp(pattern);
    }
    ~TempDir() { fs::remove_all(path_); }
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

mode_t mode_of(const fs::path& path) {
    struct stat st {};
    ::stat(path.c_str(), &st);
    return st.st_mode & 07777;
}

TEST(ApiToken, CreatesOnceWithMode0600AndKeeps) {
    TempDir dir;
    const auto file = dir.path() / "api-token";
    auto first = ApiToken::load_or_create(file);
    ASSERT_TRUE(first.ok()) << first.error().message;
    EXPECT_EQ(first->size(), 64u);
    EXPECT_EQ(first->find_first_not_of("0123456789abcdef"), std::string::npos);
    EXPECT_EQ(mode_of(file), 0600u);
    auto again = ApiToken::load_or_create(file);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again, *first);
    auto read = ApiToken::read(file);
    ASSERT_TRUE(read.ok());
    EXPECT_EQ(*read, *first);
    EXPECT_NE(ApiToken::generate(), ApiToken::generate());
    // No temporary file left behind.
    EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 1);
}

TEST(ApiToken, TightensLooseModeAndRejectsJunk) {
    TempDir dir;
    const auto file = dir.path() / "api-token";
    ASSERT_TRUE(ApiToken::load_or_create(file).ok());
    ::chmod(file.c_str(), 0644);
    ASSERT_TRUE(ApiToken::load_or_create(file).ok());
    EXPECT_EQ(mode_of(file), 0600u);

    std::ofstream(file, std::ios::trunc) << "short\n";
    auto junk = ApiToken::load_or_create(file);
    ASSERT_FALSE(junk.ok());
    EXPECT_NE(junk.error().message.find("delete the file"), std::string::npos);

    auto missing = ApiToken::read(dir.path() / "absent");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
}

TEST(TokenStore, ScopesSpacesPersistenceAndRevocation) {
    TempDir dir;
    const auto file = dir.path() / "api-tokens";
    const std::string profile = ApiToken::generate();
    auto store = TokenStore::open(file, profile);
    ASSERT_TRUE(store.ok()) << store.error().message;
    EXPECT_FALSE(fs::exists(file));  // nothing written until a token exists
    auto caller = (*store)->authenticate(profile);
    ASSERT_TRUE(caller.ok());
    EXPECT_EQ(caller->token_name, "profile");
    EXPECT_TRUE(caller->has(Scope::Admin));
    EXPECT_FALSE(caller->limited());

    const std::string space(32, 'a');
    auto created = (*store)->create("bot", Scope::Write, {space, space});
    ASSERT_TRUE(created.ok()) << created.error().message;
    const std::string secret = created->second;
    EXPECT_EQ(created->first.spaces, std::vector<std::string>{space});  // deduplicated
    EXPECT_EQ(mode_of(file), 0600u);
    auto bot = (*store)->authenticate(secret);
    ASSERT_TRUE(bot.ok());
    EXPECT_TRUE(bot->has(Scope::Read));
    EXPECT_TRUE(bot->has(Scope::Write));
    EXPECT_FALSE(bot->has(Scope::Admin));
    EXPECT_TRUE(bot->allows_space(space));
    EXPECT_FALSE(bot->allows_space(std::string(32, 'b')));

    // Refusals: taken or reserved names, bad names and scopes, bad space ids.
    EXPECT_EQ((*store)->create("bot", Scope::Read, {}).error().code, ErrorCode::AlreadyExists);
    EXPECT_EQ((*store)->create("profile", Scope::Read, {}).error().code, ErrorCode::AlreadyExists);
    EXPECT_EQ((*store)->create("", Scope::Read, {}).error().code, ErrorCode::InvalidArgument);
    EXPECT_EQ((*store)->create("a b", Scope::Read, {}).error().code, ErrorCode::InvalidArgument);
    EXPECT_EQ((*store)->create(std::string(65, 'x'), Scope::Read, {}).error().code,
              ErrorCode::InvalidArgument);
    EXPECT_EQ((*store)->create("x", Scope::Read, {"not-an-id"}).error().code,
              ErrorCode::InvalidArgument);
    EXPECT_EQ(scope_from_string("root"), std::nullopt);

    // Reopened from disk: same tokens, secrets not in the file.
    std::string content;
    {
        std::ifstream in(file);
        content.assign(std::istreambuf_iterator<char>(in), {});
    }
    EXPECT_EQ(content.find(secret), std::string::npos);
    EXPECT_EQ(content.find(profile), std::string::npos);
    auto reopened = TokenStore::open(file, profile);
    ASSERT_TRUE(reopened.ok());
    ASSERT_TRUE((*reopened)->authenticate(secret).ok());
    EXPECT_EQ((*reopened)->list().size(), 2u);

    // Revocation tells the listeners, and the token is refused as revoked (not unknown).
    std::vector<std::uint64_t> told;
    const auto id = (*reopened)->on_revoke([&](std::uint64_t serial) { told.push_back(serial); });
    const auto serial = (*reopened)->authenticate(secret)->serial;
    ASSERT_TRUE((*reopened)->revoke("bot").ok());
    EXPECT_EQ(told, std::vector<std::uint64_t>{serial});
    auto refused = (*reopened)->authenticate(secret);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::Unauthenticated);
    EXPECT_EQ(refused.error().message, "the API token was revoked");
    EXPECT_EQ((*reopened)->revoke("bot").error().code, ErrorCode::NotFound);
    EXPECT_EQ((*reopened)->revoke("profile").error().code, ErrorCode::FailedPrecondition);
    (*reopened)->remove_listener(id);
    EXPECT_EQ((*reopened)->authenticate("nonsense").error().message, "invalid API token");
}

TEST(TokenStore, DamagedFileIsAnErrorNotSilence) {
    TempDir dir;
    const auto file = dir.path() / "api-tokens";
    for (const char* content : {"", "something else\n",
                                "grove-api-tokens v1\nbot read 1 0 0 zz -\n",
                                "grove-api-tokens v1\nbot root 1 0 0 " /* bad scope */}) {
        std::ofstream(file, std::ios::trunc) << content;
        auto store = TokenStore::open(file, ApiToken::generate());
        ASSERT_FALSE(store.ok()) << content;
        EXPECT_EQ(store.error().code, ErrorCode::DataLoss);
    }
}

TEST(BlockingExecutor, RunsEverythingQueuedBeforeShutdownAndRefusesAfter) {
    std::atomic<int> ran{0};
    BlockingExecutor executor(2, 100);
    for (int i = 0; i < 50; ++i)
        ASSERT_TRUE(executor.submit([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
            ++ran;
        }));
    executor.shutdown();
    EXPECT_EQ(ran.load(), 50);
    EXPECT_FALSE(executor.submit([] {}));
}

TEST(BlockingExecutor, BoundsThePendingQueue) {
    std::atomic<bool> release{false};
    BlockingExecutor executor(1, 2);
    ASSERT_TRUE(executor.submit([&] {
        while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }));
    // Wait until the worker took the blocking task, then fill the queue.
    bool accepted_all = true;
    for (int attempt = 0; attempt < 1000 && accepted_all; ++attempt) {
        accepted_all = executor.submit([] {});
    }
    EXPECT_FALSE(accepted_all) << "the queue never filled up";
    release = true;
    executor.shutdown();
}

}  // namespace
}  // namespace grove::platform::api
