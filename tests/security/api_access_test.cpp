// The local API under attack: calls with no, unknown, revoked, wrong-scope or
// other-space tokens; a non-loopback listener without TLS; oversized requests; too many streams.
// A real ApiServer over a real Peer, reached through gRPC on a Unix socket or TCP.
#include <gtest/gtest.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <thread>

#include "api/api_server.h"
#include "api/api_token.h"
#include "api/token_store.h"
#include "grove/api/v1/api.grpc.pb.h"
#include "security_support.h"

using namespace grove;
using namespace grove::test;
namespace v1 = ::grove::api::v1;
namespace gapi = grove::platform::api;

namespace {

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::unique_ptr<grpc::ClientContext> with_token(const std::string& token) {
    auto context = std::make_unique<grpc::ClientContext>();
    if (!token.empty()) context->AddMetadata("authorization", "Bearer " + token);
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    return context;
}

// Ada's peer with spaces A and B, served by an ApiServer on a Unix socket; the token store is
// the one groved uses (DIR/api-tokens next to the profile token).
class ApiAccess : public ::testing::Test {
protected:
    void SetUp() override {
        ada_ = make_account("Ada");
        space_a_ = ada_.peer->create_space("Space A")->id;
        space_b_ = ada_.peer->create_space("Space B")->id;
        profile_token_ = gapi::ApiToken::generate();
        auto store = gapi::TokenStore::open(dir_.path() / "api-tokens", profile_token_);
        ASSERT_TRUE(store.ok()) << store.error().message;
        store_ = *store;
        start_server("unix:" + (dir_.path() / "api.sock").string());
    }

    void start_server(const std::string& listen, std::size_t max_watch_streams = 256) {
        gapi::ApiServer::Options options;
        options.listen = listen;
        options.tokens = store_;
        options.max_watch_streams = max_watch_streams;
        auto server = gapi::ApiServer::start(*ada_.peer, options);
        ASSERT_TRUE(server.ok()) << server.error().message;
        server_ = std::move(server).value();
        channel_ = grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials());
    }

    // A token made through the API itself (TokenService, with the profile token).
    std::string create_token(const std::string& name, const std::string& scope,
                             std::vector<std::string> spaces = {}) {
        v1::CreateTokenRequest request;
        request.set_name(name);
        request.set_scope(scope);
        for (auto& space : spaces) request.add_spaces(space);
        v1::CreatedToken created;
        auto context = with_token(profile_token_);
        const auto status = tokens().Create(context.get(), request, &created);
        EXPECT_TRUE(status.ok()) << status.error_message();
        return created.secret();
    }

    grpc::Status post(const std::string& token, const std::string& space,
                      const std::string& text = "hello") {
        v1::PostChatRequest request;
        request.set_space(space);
        request.set_text(text);
        v1::ChatMessage reply;
        auto context = with_token(token);
        return chat().Post(context.get(), request, &reply);
    }
    grpc::Status list_spaces(const std::string& token, v1::ListSpacesResponse* out = nullptr) {
        v1::ListSpacesResponse reply;
        auto context = with_token(token);
        auto status = spaces().List(context.get(), {}, &reply);
        if (out) *out = reply;
        return status;
    }

    v1::SpaceService::Stub& spaces() { return *(spaces_ ? spaces_ : spaces_ = v1::SpaceService::NewStub(channel_)); }
    v1::ChatService::Stub& chat() { return *(chat_ ? chat_ : chat_ = v1::ChatService::NewStub(channel_)); }
    v1::TokenService::Stub& tokens() { return *(tokens_ ? tokens_ : tokens_ = v1::TokenService::NewStub(channel_)); }
    v1::EventService::Stub& events() { return *(events_ ? events_ : events_ = v1::EventService::NewStub(channel_)); }
    v1::AccountService::Stub& accounts() { return *(accounts_ ? accounts_ : accounts_ = v1::AccountService::NewStub(channel_)); }
    v1::SyncService::Stub& sync() { return *(sync_ ? sync_ : sync_ = v1::SyncService::NewStub(channel_)); }
    v1::MemberService::Stub& members() { return *(members_ ? members_ : members_ = v1::MemberService::NewStub(channel_)); }

    TempDir dir_;
    Account ada_;
    std::string space_a_, space_b_, profile_token_;
    std::shared_ptr<gapi::TokenStore> store_;
    std::unique_ptr<gapi::ApiServer> server_;
    std::shared_ptr<grpc::Channel> channel_;
    std::unique_ptr<v1::SpaceService::Stub> spaces_;
    std::unique_ptr<v1::ChatService::Stub> chat_;
    std::unique_ptr<v1::TokenService::Stub> tokens_;
    std::unique_ptr<v1::EventService::Stub> events_;
    std::unique_ptr<v1::AccountService::Stub> accounts_;
    std::unique_ptr<v1::SyncService::Stub> sync_;
    std::unique_ptr<v1::MemberService::Stub> members_;
};

}  // namespace

TEST_F(ApiAccess, CallWithoutTokenIsUnauthenticated) {
    EXPECT_EQ(list_spaces("").error_code(), grpc::StatusCode::UNAUTHENTICATED);
    EXPECT_EQ(post("", space_a_).error_code(), grpc::StatusCode::UNAUTHENTICATED);
    // Another scheme, or an empty bearer, is no token either.
    grpc::ClientContext basic;
    basic.AddMetadata("authorization", "Basic " + profile_token_);
    v1::ListSpacesResponse reply;
    EXPECT_EQ(spaces().List(&basic, {}, &reply).error_code(), grpc::StatusCode::UNAUTHENTICATED);
    // A stream, too: refused before anything is sent.
    grpc::ClientContext watch;
    v1::WatchRequest request;
    auto reader = events().Watch(&watch, request);
    v1::SpaceEvent event;
    EXPECT_FALSE(reader->Read(&event));
    EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::UNAUTHENTICATED);
    EXPECT_EQ(ada_.peer->list_chat(space_a_)->size(), 0u);
}

TEST_F(ApiAccess, UnknownTokenIsUnauthenticated) {
    const auto status = list_spaces(gapi::ApiToken::generate());
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
    EXPECT_EQ(status.error_message(), "invalid API token");
    // One character off the real one.
    std::string near = profile_token_;
    near.back() = near.back() == '0' ? '1' : '0';
    EXPECT_EQ(post(near, space_a_).error_code(), grpc::StatusCode::UNAUTHENTICATED);
    EXPECT_TRUE(list_spaces(profile_token_).ok());
}

TEST_F(ApiAccess, RevokedTokenIsUnauthenticatedAndItsWatchEnds) {
    const std::string bot = create_token("bot", "write");
    ASSERT_TRUE(post(bot, space_a_).ok());
    // Only the hash is at rest, in an owner-only file.
    const auto file = dir_.path() / "api-tokens";
    EXPECT_EQ(read_file(file).find(bot), std::string::npos);
    struct stat st {};
    ASSERT_EQ(::stat(file.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);

    // A Watch stream open with the token when it is revoked.
    grpc::ClientContext watch;
    watch.AddMetadata("authorization", "Bearer " + bot);
    v1::WatchRequest request;
    request.set_space(space_a_);
    auto reader = events().Watch(&watch, request);
    reader->WaitForInitialMetadata();

    v1::RevokeTokenRequest revoke;
    revoke.set_name("bot");
    v1::Empty empty;
    auto context = with_token(profile_token_);
    ASSERT_TRUE(tokens().Revoke(context.get(), revoke, &empty).ok());

    const auto status = post(bot, space_a_);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
    EXPECT_EQ(status.error_message(), "the API token was revoked");
    v1::SpaceEvent event;
    while (reader->Read(&event)) {
    }
    EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::UNAUTHENTICATED);

    // Still revoked after a restart (the store is reread from disk).
    auto reopened = gapi::TokenStore::open(file, profile_token_);
    ASSERT_TRUE(reopened.ok());
    EXPECT_FALSE((*reopened)->authenticate(bot).ok());
    EXPECT_EQ((*reopened)->list().size(), 1u);  // the profile token only
    // The profile token cannot be revoked through the API.
    revoke.set_name("profile");
    auto again = with_token(profile_token_);
    EXPECT_EQ(tokens().Revoke(again.get(), revoke, &empty).error_code(),
              grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(ApiAccess, WrongScopeIsPermissionDenied) {
    const std::string reader = create_token("reader", "read");
    const std::string writer = create_token("writer", "write");
    EXPECT_TRUE(list_spaces(reader).ok());
    EXPECT_EQ(post(reader, space_a_).error_code(), grpc::StatusCode::PERMISSION_DENIED);
    EXPECT_TRUE(post(writer, space_a_).ok());
    EXPECT_EQ(ada_.peer->list_chat(space_a_)->size(), 1u);

    // Admin calls with a write token: tokens, account, invitations, membership.
    v1::CreateTokenRequest create;
    create.set_name("escalated");
    create.set_scope("admin");
    v1::CreatedToken created;
    auto c1 = with_token(writer);
    const auto denied = tokens().Create(c1.get(), create, &created);
    EXPECT_EQ(denied.error_code(), grpc::StatusCode::PERMISSION_DENIED);
    EXPECT_NE(denied.error_message().find("scope admin"), std::string::npos);
    v1::ListTokensResponse listed;
    auto c2 = with_token(reader);
    EXPECT_EQ(tokens().List(c2.get(), {}, &listed).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
    v1::Account account;
    auto c3 = with_token(writer);
    EXPECT_EQ(accounts().Lock(c3.get(), {}, &account).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
    v1::CreateInvitationRequest invite;
    invite.set_space(space_a_);
    v1::Invitation invitation;
    auto c4 = with_token(writer);
    EXPECT_EQ(sync().CreateInvitation(c4.get(), invite, &invitation).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
    v1::RemoveMemberRequest remove;
    remove.set_space(space_a_);
    remove.set_member("Ada");
    v1::Empty empty;
    auto c5 = with_token(writer);
    EXPECT_EQ(members().Remove(c5.get(), remove, &empty).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
    // Reading the account is a read call.
    auto c6 = with_token(reader);
    EXPECT_TRUE(accounts().Get(c6.get(), {}, &account).ok());
    EXPECT_TRUE(account.unlocked());
}

TEST_F(ApiAccess, TokenForSpaceACannotTouchSpaceB) {
    const std::string bot = create_token("space-a-admin", "admin", {"Space A"});
    EXPECT_TRUE(post(bot, space_a_).ok());
    EXPECT_TRUE(post(bot, space_a_.substr(0, 8)).ok());
    for (const std::string& ref : {space_b_, std::string("Space B"), space_b_.substr(0, 8)}) {
        const auto status = post(bot, ref);
        EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << ref;
        EXPECT_NE(status.error_message().find("limited to other spaces"), std::string::npos);
    }
    EXPECT_EQ(ada_.peer->list_chat(space_b_)->size(), 0u);

    v1::ListChatRequest read_b;
    read_b.set_space(space_b_);
    v1::ListChatResponse messages;
    auto c1 = with_token(bot);
    EXPECT_EQ(chat().List(c1.get(), read_b, &messages).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
    v1::ListMembersRequest members_b;
    members_b.set_space(space_b_);
    v1::ListMembersResponse member_list;
    auto c2 = with_token(bot);
    EXPECT_EQ(members().List(c2.get(), members_b, &member_list).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);

    // Listing shows only space A.
    v1::ListSpacesResponse listed;
    ASSERT_TRUE(list_spaces(bot, &listed).ok());
    ASSERT_EQ(listed.spaces_size(), 1);
    EXPECT_EQ(listed.spaces(0).id(), space_a_);

    // No way out of the list: no new spaces, no broader tokens.
    v1::CreateSpaceRequest create_space;
    create_space.set_name("Space C");
    v1::Space space;
    auto c3 = with_token(bot);
    EXPECT_EQ(spaces().Create(c3.get(), create_space, &space).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
    v1::CreateTokenRequest create_token_request;
    create_token_request.set_name("wider");
    create_token_request.set_scope("admin");
    v1::CreatedToken created;
    auto c4 = with_token(bot);
    EXPECT_EQ(tokens().Create(c4.get(), create_token_request, &created).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);

    // Watching B is refused; watching everything shows A's events only.
    {
        grpc::ClientContext watch;
        watch.AddMetadata("authorization", "Bearer " + bot);
        v1::WatchRequest request;
        request.set_space(space_b_);
        auto reader = events().Watch(&watch, request);
        v1::SpaceEvent event;
        EXPECT_FALSE(reader->Read(&event));
        EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::PERMISSION_DENIED);
    }
    grpc::ClientContext watch;
    watch.AddMetadata("authorization", "Bearer " + bot);
    v1::WatchRequest request;  // every space
    request.set_include_existing(true);
    auto reader = events().Watch(&watch, request);
    reader->WaitForInitialMetadata();
    ASSERT_TRUE(post(profile_token_, space_b_, "secret of B").ok());
    ASSERT_TRUE(post(profile_token_, space_a_, "news of A").ok());
    v1::SpaceEvent event;
    std::vector<std::string> seen;
    while (reader->Read(&event)) {
        EXPECT_EQ(event.space_id(), space_a_);
        if (event.has_chat()) seen.push_back(event.chat().text());
        if (event.has_chat() && event.chat().text() == "news of A") break;
    }
    watch.TryCancel();
    reader->Finish();
    EXPECT_EQ(std::count(seen.begin(), seen.end(), "secret of B"), 0);
    EXPECT_EQ(seen.back(), "news of A");
}

// The account belongs to no space: an admin token limited to space A must not lock it (a denial
// of service for every other client), unlock it, or change the passphrase that protects it.
TEST_F(ApiAccess, SpaceLimitedAdminTokenCannotLockUnlockOrRekeyTheAccount) {
    const std::string bot = create_token("space-a-admin", "admin", {"Space A"});
    auto expect_denied = [](const grpc::Status& status, const char* call) {
        EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << call;
        EXPECT_NE(status.error_message().find("not limited to spaces"), std::string::npos)
            << call << ": " << status.error_message();
    };
    v1::Account account;
    auto c1 = with_token(bot);
    expect_denied(accounts().Lock(c1.get(), {}, &account), "Lock");
    EXPECT_EQ(ada_.peer->account_state(), platform::AccountState::Unlocked);

    v1::ChangePassphraseRequest rekey;
    rekey.set_old_passphrase(kPassphrase);
    rekey.set_new_passphrase("the bot's passphrase now");
    auto c2 = with_token(bot);
    expect_denied(accounts().ChangePassphrase(c2.get(), rekey, &account), "ChangePassphrase");

    v1::CreateAccountRequest create;
    create.set_display_name("Bot");
    create.set_passphrase("the bot's passphrase now");
    auto c3 = with_token(bot);
    expect_denied(accounts().Create(c3.get(), create, &account), "Create");

    // Locked by an unrestricted client, it stays locked for the bot.
    ASSERT_TRUE(ada_.peer->lock().ok());
    v1::UnlockAccountRequest unlock;
    unlock.set_passphrase(kPassphrase);
    auto c4 = with_token(bot);
    expect_denied(accounts().Unlock(c4.get(), unlock, &account), "Unlock");
    EXPECT_EQ(ada_.peer->account_state(), platform::AccountState::Locked);

    // The passphrase did not change; the profile token unlocks with it. Reading the account
    // (unlocked or not, nothing secret) stays a read call for any token.
    auto c5 = with_token(profile_token_);
    EXPECT_TRUE(accounts().Unlock(c5.get(), unlock, &account).ok());
    auto c6 = with_token(bot);
    EXPECT_TRUE(accounts().Get(c6.get(), {}, &account).ok());
    EXPECT_TRUE(account.unlocked());
}

TEST_F(ApiAccess, OversizedMessageRefused) {
    const std::string huge(gapi::limits::kMaxReceiveMessageBytes + 1024, 'x');
    const auto status = post(profile_token_, space_a_, huge);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
    // Within the gRPC limit but over the chat limit: refused by validation.
    EXPECT_EQ(post(profile_token_, space_a_, std::string(gapi::limits::kMaxChatTextBytes + 1, 'y'))
                  .error_code(),
              grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_TRUE(post(profile_token_, space_a_, "still serving").ok());
    EXPECT_EQ(ada_.peer->list_chat(space_a_)->size(), 1u);
}

TEST_F(ApiAccess, ConcurrentWatchStreamsAreBounded) {
    server_.reset();
    spaces_.reset();
    chat_.reset();
    events_.reset();
    start_server("unix:" + (dir_.path() / "api2.sock").string(), 2);
    std::vector<std::unique_ptr<grpc::ClientContext>> contexts;
    std::vector<std::unique_ptr<grpc::ClientReader<v1::SpaceEvent>>> readers;
    for (int i = 0; i < 2; ++i) {
        contexts.push_back(with_token(profile_token_));
        readers.push_back(events().Watch(contexts.back().get(), v1::WatchRequest{}));
        readers.back()->WaitForInitialMetadata();
    }
    auto third_context = with_token(profile_token_);
    auto third = events().Watch(third_context.get(), v1::WatchRequest{});
    v1::SpaceEvent event;
    EXPECT_FALSE(third->Read(&event));
    const auto status = third->Finish();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
    EXPECT_NE(status.error_message().find("too many watch streams"), std::string::npos);
    for (auto& context : contexts) context->TryCancel();
    for (auto& reader : readers) reader->Finish();
}

// ---- TLS ------------------------------------------------------------------------------------

namespace {

bool have_openssl() {
    return std::system("openssl version > /dev/null 2>&1") == 0;
}

// A self-signed certificate for localhost / 127.0.0.1 (a CA too, so clients can trust it as one).
bool make_certificate(const std::filesystem::path& dir, const std::string& name,
                      const std::string& subject_alt) {
    const std::string command =
        "cd '" + dir.string() +
        "' && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 "
        "-keyout " + name + "-key.pem -out " + name + ".pem -subj /CN=" + name +
        " -addext 'subjectAltName=" + subject_alt + "' > /dev/null 2>&1";
    return std::system(command.c_str()) == 0;
}

// A client certificate signed by the CA `ca` (made by make_certificate).
bool make_client_certificate(const std::filesystem::path& dir, const std::string& ca) {
    const std::string command =
        "cd '" + dir.string() +
        "' && openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
        "-keyout client-key.pem -out client.csr -subj /CN=client > /dev/null 2>&1 && "
        "openssl x509 -req -in client.csr -CA " + ca + ".pem -CAkey " + ca +
        "-key.pem -CAcreateserial -days 1 -out client.pem > /dev/null 2>&1";
    return std::system(command.c_str()) == 0;
}

}  // namespace

TEST_F(ApiAccess, NonLoopbackListenerWithoutTlsRefused) {
    for (const std::string address : {"0.0.0.0:0", "[::]:0", "192.0.2.1:7000", "example.com:7000"}) {
        gapi::ApiServer::Options options;
        options.listen = address;
        options.tokens = store_;
        auto refused = gapi::ApiServer::start(*ada_.peer, options);
        ASSERT_FALSE(refused.ok()) << address;
        EXPECT_EQ(refused.error().code, ErrorCode::InvalidArgument);
        EXPECT_NE(refused.error().message.find("not a loopback address"), std::string::npos);
        EXPECT_NE(refused.error().message.find("--tls-cert"), std::string::npos)
            << refused.error().message;
    }
    // Half the material, or TLS on a Unix socket, is refused too.
    gapi::ApiServer::Options half;
    half.listen = "0.0.0.0:0";
    half.tokens = store_;
    half.tls.cert_pem = "-----BEGIN CERTIFICATE-----\n";
    EXPECT_FALSE(gapi::ApiServer::start(*ada_.peer, half).ok());
    half.listen = "unix:" + (dir_.path() / "tls.sock").string();
    half.tls.key_pem = "-----BEGIN PRIVATE KEY-----\n";
    EXPECT_FALSE(gapi::ApiServer::start(*ada_.peer, half).ok());
}

TEST_F(ApiAccess, NonLoopbackListenerWithTlsServesTlsOnly) {
    if (!have_openssl()) GTEST_SKIP() << "openssl is not installed (scripts/setup.sh installs it)";
    ASSERT_TRUE(make_certificate(dir_.path(), "server", "DNS:localhost,IP:127.0.0.1"));
    ASSERT_TRUE(make_certificate(dir_.path(), "clientca", "DNS:clientca"));
    ASSERT_TRUE(make_client_certificate(dir_.path(), "clientca"));
    const std::string cert = read_file(dir_.path() / "server.pem");
    const std::string key = read_file(dir_.path() / "server-key.pem");

    for (const bool mutual : {false, true}) {
        SCOPED_TRACE(mutual ? "mutual TLS" : "server TLS");
        gapi::ApiServer::Options options;
        options.listen = "0.0.0.0:0";
        options.tokens = store_;
        options.tls.cert_pem = cert;
        options.tls.key_pem = key;
        if (mutual) options.tls.client_ca_pem = read_file(dir_.path() / "clientca.pem");
        auto server = gapi::ApiServer::start(*ada_.peer, options);
        ASSERT_TRUE(server.ok()) << server.error().message;
        const std::string port = (*server)->address().substr((*server)->address().rfind(':') + 1);
        const std::string target = "127.0.0.1:" + port;

        auto list_over = [&](std::shared_ptr<grpc::ChannelCredentials> credentials,
                             const std::string& token) {
            auto channel = grpc::CreateChannel(target, credentials);
            auto stub = v1::SpaceService::NewStub(channel);
            v1::ListSpacesResponse reply;
            auto context = with_token(token);
            context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
            return stub->List(context.get(), {}, &reply);
        };
        grpc::SslCredentialsOptions ssl;
        ssl.pem_root_certs = cert;
        if (mutual) {
            // Without a client certificate: the handshake fails.
            EXPECT_EQ(list_over(grpc::SslCredentials(ssl), profile_token_).error_code(),
                      grpc::StatusCode::UNAVAILABLE);
            ssl.pem_cert_chain = read_file(dir_.path() / "client.pem");
            ssl.pem_private_key = read_file(dir_.path() / "client-key.pem");
        }
        EXPECT_TRUE(list_over(grpc::SslCredentials(ssl), profile_token_).ok());
        // TLS does not replace the token.
        EXPECT_EQ(list_over(grpc::SslCredentials(ssl), "").error_code(),
                  grpc::StatusCode::UNAUTHENTICATED);
        // Plaintext to the TLS port gets nowhere.
        EXPECT_EQ(list_over(grpc::InsecureChannelCredentials(), profile_token_).error_code(),
                  grpc::StatusCode::UNAVAILABLE);
        // A client that does not trust the certificate refuses it.
        grpc::SslCredentialsOptions untrusting;
        untrusting.pem_root_certs = read_file(dir_.path() / "clientca.pem");
        EXPECT_EQ(list_over(grpc::SslCredentials(untrusting), profile_token_).error_code(),
                  grpc::StatusCode::UNAVAILABLE);
        (*server)->shutdown();
    }
}
