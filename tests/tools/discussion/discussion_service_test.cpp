// The Discussion tool's gRPC service as an integrator sees it: registered from ToolHost::services()
// on a real server, called with a generic client (message types from the plugin's descriptors),
// authenticated by the host's authorizer, reaching the instance through the host thread.
#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/text_format.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/impl/codegen/client_unary_call.h>
#include <grpcpp/impl/codegen/sync_stream.h>
#include <grpcpp/support/byte_buffer.h>
#include <gtest/gtest.h>
#include <toolhost/toolhost.h>

#include <QAbstractItemModel>
#include <QCoreApplication>
#include <QObject>
#include <QVariant>
#include <atomic>
#include <functional>
#include <thread>

#include "fake_space.h"

using namespace grove;
namespace pb = google::protobuf;

namespace {

const std::filesystem::path kTools = GROVE_TEST_TOOL_DIR;
const std::string kService = "/grove.tools.discussion.v1.DiscussionService/";

// Messages built from the descriptors the plugin registered: this process links no Discussion code.
std::unique_ptr<pb::Message> message(const std::string& type, const std::string& text = "") {
    const pb::Descriptor* descriptor =
        pb::DescriptorPool::generated_pool()->FindMessageTypeByName(type);
    EXPECT_NE(descriptor, nullptr) << type;
    if (!descriptor) return nullptr;
    std::unique_ptr<pb::Message> out(
        pb::MessageFactory::generated_factory()->GetPrototype(descriptor)->New());
    EXPECT_TRUE(pb::TextFormat::ParseFromString(text, out.get())) << text;
    return out;
}

grpc::ByteBuffer to_buffer(const pb::Message& m) {
    std::string bytes = m.SerializeAsString();
    grpc::Slice slice(bytes);
    return grpc::ByteBuffer(&slice, 1);
}

std::unique_ptr<pb::Message> from_buffer(const grpc::ByteBuffer& buffer, const std::string& type) {
    auto out = message(type);
    std::vector<grpc::Slice> slices;
    EXPECT_TRUE(buffer.Dump(&slices).ok());
    std::string bytes;
    for (const auto& s : slices) bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
    EXPECT_TRUE(out->ParseFromString(bytes));
    return out;
}

// The field at a dotted path, printed (strings as themselves).
std::string field(const pb::Message& m, const std::string& path) {
    const pb::Message* at = &m;
    std::string rest = path;
    while (true) {
        auto dot = rest.find('.');
        std::string name = rest.substr(0, dot);
        const pb::FieldDescriptor* f = at->GetDescriptor()->FindFieldByName(name);
        if (!f) return "<no field " + name + ">";
        if (dot == std::string::npos) {
            std::string out;
            if (f->type() == pb::FieldDescriptor::TYPE_STRING)
                return at->GetReflection()->GetString(*at, f);
            pb::TextFormat::PrintFieldValueToString(*at, f, -1, &out);
            return out;
        }
        at = &at->GetReflection()->GetMessage(*at, f);
        rest = rest.substr(dot + 1);
    }
}

int repeated_size(const pb::Message& m, const std::string& name) {
    return m.GetReflection()->FieldSize(m, m.GetDescriptor()->FindFieldByName(name));
}

class ServiceFixture : public ::testing::Test {
protected:
    void SetUp() override {
        space_ = std::make_unique<tests::FakeSpace>(std::vector<std::filesystem::path>{kTools},
                                                    std::vector<sdk::Role>{sdk::Role::Manager}, 77);
        address_ = space_->add_instance("org.grove.discussion", "Talk", "1.0.0");
        host().set_call_authorizer([](const grpc::ServerContextBase& call,
                                      const sdk::ToolServiceContext::CallAccess&) -> Result<void> {
            auto it = call.client_metadata().find("authorization");
            if (it == call.client_metadata().end() || it->second != "Bearer sesame")
                return make_error(ErrorCode::Unauthenticated, "missing or wrong token");
            return {};
        });
        // Every built-in tool with a service is installed beside Discussion (Files, Notepad, …):
        // all are served, as groved does, and the tests below call Discussion's.
        auto services = host().services();
        ASSERT_FALSE(services.empty());
        grpc::ServerBuilder builder;
        builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
        for (auto* service : services) builder.RegisterService(service);
        server_ = builder.BuildAndStart();
        ASSERT_TRUE(server_);
        channel_ = grpc::CreateChannel("127.0.0.1:" + std::to_string(port_),
                                       grpc::InsecureChannelCredentials());
        ref_ = "instance { space_id: \"" + sdk::to_hex(address_.space) + "\" instance_id: \"" +
               sdk::to_hex(address_.instance) + "\" } ";
    }
    void TearDown() override {
        if (server_) server_->Shutdown();
        server_.reset();
        space_.reset();
    }

    platform::ToolHost& host() { return space_->host(0); }

    // Runs `client` on another thread while this (host) thread serves the event loop.
    void run_client(const std::function<void()>& client) {
        std::atomic<bool> done = false;
        std::thread thread([&] {
            client();
            done = true;
        });
        while (!done) QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        thread.join();
    }

    grpc::Status unary(const std::string& method, const pb::Message& request,
                       const std::string& response_type, std::unique_ptr<pb::Message>& response,
                       const std::string& token = "sesame") {
        grpc::ClientContext context;
        if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
        grpc::ByteBuffer out;
        grpc::Status status = grpc::internal::BlockingUnaryCall<grpc::ByteBuffer, grpc::ByteBuffer>(
            channel_.get(),
            grpc::internal::RpcMethod((kService + method).c_str(), nullptr,
                                      grpc::internal::RpcMethod::NORMAL_RPC),
            &context, to_buffer(request), &out);
        if (status.ok()) response = from_buffer(out, response_type);
        return status;
    }

    std::unique_ptr<tests::FakeSpace> space_;
    platform::InstanceAddress address_;
    int port_ = 0;
    std::unique_ptr<grpc::Server> server_;
    std::shared_ptr<grpc::Channel> channel_;
    std::string ref_;
};

const std::string kV1 = "grove.tools.discussion.v1.";

}  // namespace

TEST_F(ServiceFixture, PostReplyListReadSearch) {
    std::string topic_id, reply_id;
    run_client([&] {
        std::unique_ptr<pb::Message> response;
        auto post = message(kV1 + "PostRequest",
                            ref_ + "title: \"From a bot\" body: \"*hello* <script>x</script>\"");
        ASSERT_TRUE(unary("Post", *post, kV1 + "PostResponse", response).ok());
        topic_id = field(*response, "post.id");
        EXPECT_EQ(topic_id.size(), 64u);
        EXPECT_EQ(field(*response, "post.title"), "From a bot");
        EXPECT_NE(field(*response, "post.body_html").find("<em>hello</em>"), std::string::npos);
        EXPECT_EQ(field(*response, "post.body_html").find("<script"), std::string::npos);

        auto reply = message(kV1 + "ReplyRequest",
                             ref_ + "parent_id: \"" + topic_id + "\" body: \"a reply\"");
        ASSERT_TRUE(unary("Reply", *reply, kV1 + "PostResponse", response).ok());
        reply_id = field(*response, "post.id");
        EXPECT_EQ(field(*response, "post.depth"), "1");

        ASSERT_TRUE(unary("ListTopics", *message(kV1 + "ListTopicsRequest", ref_),
                          kV1 + "ListTopicsResponse", response)
                        .ok());
        EXPECT_EQ(repeated_size(*response, "topics"), 1);

        auto thread = message(kV1 + "GetThreadRequest", ref_ + "topic_id: \"" + topic_id + "\"");
        ASSERT_TRUE(unary("GetThread", *thread, kV1 + "GetThreadResponse", response).ok());
        EXPECT_EQ(repeated_size(*response, "posts"), 2);

        auto search = message(kV1 + "SearchRequest", ref_ + "query: \"REPLY\"");
        ASSERT_TRUE(unary("Search", *search, kV1 + "SearchResponse", response).ok());
        EXPECT_EQ(repeated_size(*response, "posts"), 1);
    });
    // The local model saw the bot's posts, through the ordinary apply path.
    QObject* model = host().model(address_);
    auto* topics = qvariant_cast<QAbstractItemModel*>(model->property("topics"));
    ASSERT_EQ(topics->rowCount(), 1);
    EXPECT_EQ(topics->index(0, 0).data(topics->roleNames().key("postId")).toString().toStdString(),
              topic_id);
    EXPECT_EQ(space_->log().size(), 2u);
}

TEST_F(ServiceFixture, RefusesBadTokensUnknownInstancesAndBadIds) {
    run_client([&] {
        std::unique_ptr<pb::Message> response;
        auto list = message(kV1 + "ListTopicsRequest", ref_);
        EXPECT_EQ(unary("ListTopics", *list, kV1 + "ListTopicsResponse", response, "").error_code(),
                  grpc::StatusCode::UNAUTHENTICATED);
        EXPECT_EQ(
            unary("ListTopics", *list, kV1 + "ListTopicsResponse", response, "wrong").error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
        auto elsewhere = message(kV1 + "ListTopicsRequest",
                                 "instance { space_id: \"" + std::string(32, 'a') +
                                     "\" instance_id: \"" + std::string(32, 'b') + "\" }");
        EXPECT_EQ(
            unary("ListTopics", *elsewhere, kV1 + "ListTopicsResponse", response).error_code(),
            grpc::StatusCode::NOT_FOUND);
        auto malformed = message(kV1 + "ListTopicsRequest", "instance { space_id: \"xyz\" }");
        EXPECT_EQ(
            unary("ListTopics", *malformed, kV1 + "ListTopicsResponse", response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
        auto empty = message(kV1 + "PostRequest", ref_ + "title: \"\" body: \"x\"");
        EXPECT_EQ(unary("Post", *empty, kV1 + "PostResponse", response).error_code(),
                  grpc::StatusCode::INVALID_ARGUMENT);
    });
    EXPECT_TRUE(space_->log().empty());
}

TEST_F(ServiceFixture, WatchStreamsPostsMadeInTheView) {
    std::atomic<bool> subscribed = false;
    std::atomic<bool> finished = false;
    std::string seen_title, seen_kind;
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer sesame");
    std::thread watcher([&] {
        auto request = message(kV1 + "WatchRequest", ref_);
        std::unique_ptr<grpc::ClientReader<grpc::ByteBuffer>> reader(
            grpc::internal::ClientReaderFactory<grpc::ByteBuffer>::Create(
                channel_.get(),
                grpc::internal::RpcMethod((kService + "Watch").c_str(), nullptr,
                                          grpc::internal::RpcMethod::SERVER_STREAMING),
                &context, to_buffer(*request)));
        reader->WaitForInitialMetadata();
        subscribed = true;
        grpc::ByteBuffer event;
        if (reader->Read(&event)) {
            auto decoded = from_buffer(event, kV1 + "DiscussionEvent");
            seen_title = field(*decoded, "post.title");
            seen_kind = field(*decoded, "kind");
        }
        context.TryCancel();
        reader->Finish();
        finished = true;
    });
    while (!subscribed) QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    // Someone posts in the view (the QML path).
    QString id;
    ASSERT_TRUE(
        QMetaObject::invokeMethod(host().model(address_), "postTopic", Q_RETURN_ARG(QString, id),
                                  Q_ARG(QString, "Seen by the watcher"), Q_ARG(QString, "body")));
    EXPECT_FALSE(id.isEmpty());
    while (!finished) QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    watcher.join();
    EXPECT_EQ(seen_title, "Seen by the watcher");
    EXPECT_EQ(seen_kind, "KIND_POSTED");
}

TEST_F(ServiceFixture, WatchEndsWhenTheInstanceIsRemoved) {
    std::atomic<bool> subscribed = false;
    std::atomic<bool> finished = false;
    grpc::Status final_status;
    std::thread watcher([&] {
        grpc::ClientContext context;
        context.AddMetadata("authorization", "Bearer sesame");
        auto request = message(kV1 + "WatchRequest", ref_);
        std::unique_ptr<grpc::ClientReader<grpc::ByteBuffer>> reader(
            grpc::internal::ClientReaderFactory<grpc::ByteBuffer>::Create(
                channel_.get(),
                grpc::internal::RpcMethod((kService + "Watch").c_str(), nullptr,
                                          grpc::internal::RpcMethod::SERVER_STREAMING),
                &context, to_buffer(*request)));
        reader->WaitForInitialMetadata();
        subscribed = true;
        grpc::ByteBuffer event;
        while (reader->Read(&event)) {
        }
        final_status = reader->Finish();
        finished = true;
    });
    while (!subscribed) QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    ASSERT_TRUE(host().remove_instance(address_).ok());
    while (!finished) QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    watcher.join();
    EXPECT_EQ(final_status.error_code(), grpc::StatusCode::NOT_FOUND);
}
