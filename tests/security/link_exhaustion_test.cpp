// Thread exhaustion against the accepting side of links (the relay, a Peer's listener): links
// whose threads cannot be started leave nothing behind; the process keeps serving, waking its
// links and shuts down.
#include <gtest/gtest.h>

#include <future>

#include "grove/net/v1/relay.grpc.pb.h"
#include "net/peer_node.h"
#include "net/relay_server.h"
#include "net/thread_start.h"
#include "security_support.h"

using namespace grove;
using namespace grove::test;
using namespace grove::platform::net;
namespace nv = grove::net::v1;

namespace {

bool eventually(const std::function<bool()>& done,
                std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return done();
}

// `count` dialers that each open a link and send a ClientHello, as many links do at once.
struct Dialers {
    std::shared_ptr<grpc::Channel> channel;
    struct One {
        std::unique_ptr<grpc::ClientContext> context;
        std::unique_ptr<grpc::ClientReaderWriter<nv::LinkFrame, nv::LinkFrame>> stream;
    };
    std::vector<One> links;

    Dialers(const std::string& address, int count, bool relay) {
        channel = grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
        for (int i = 0; i < count; ++i) {
            One one;
            one.context = std::make_unique<grpc::ClientContext>();
            one.context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
            one.stream = relay ? nv::Relay::NewStub(channel)->Open(one.context.get())
                               : nv::PeerLink::NewStub(channel)->Open(one.context.get());
            auto key = crypto::SigningKeyPair::generate();
            platform::net::LinkHandshake hs(key.public_key, [](ByteView) {
                return Result<crypto::Signature>(crypto::Signature{});
            });
            nv::LinkFrame hello;
            *hello.mutable_client_hello() = hs.client_hello();
            one.stream->Write(hello);
            links.push_back(std::move(one));
        }
    }
    // Waits for each link's first answer (a ServerHello, or the end of the call).
    void await_answers() {
        for (auto& one : links) {
            nv::LinkFrame in;
            (void)one.stream->Read(&in);
        }
    }
    ~Dialers() {
        for (auto& one : links) one.context->TryCancel();
    }
};

// Runs `steps` on another thread; a hang (the process stopped serving) fails the test and ends
// the process, since the stuck thread cannot be joined.
void within(std::chrono::seconds limit, const std::function<void()>& steps) {
    auto done = std::async(std::launch::async, steps);
    if (done.wait_for(limit) != std::future_status::ready) {
        ADD_FAILURE() << "the process stopped serving (hung for " << limit.count() << " s)";
        std::_Exit(1);
    }
    done.get();
}

}  // namespace

TEST(LinkExhaustion, RelaySurvivesLinksWhoseThreadsCannotStart) {
    TempDir relay_dir;
    RelayOptions ro;
    ro.data = relay_dir.path();
    ro.listen = "127.0.0.1:0";
    ro.tick = std::chrono::milliseconds(100);
    ro.links = {10'000, 10'000, 10'000};  // every dialer reaches the handshake
    auto relay = RelayServer::start(ro);
    ASSERT_TRUE(relay.ok()) << relay.error().message;
    const std::string address = (*relay)->listen_address();

    auto ada = make_account("Ada");
    auto space = ada.peer->create_space("Exhausted");
    ASSERT_TRUE(space.ok());
    PeerNodeOptions oa;
    oa.relays = {address};
    oa.tick = std::chrono::milliseconds(100);
    auto node = PeerNode::start(*ada.peer, oa);
    ASSERT_TRUE(node.ok());
    ASSERT_TRUE(eventually([&] { return (*relay)->status().connected_devices() == 1; }));

    // The process is out of threads while 300 devices dial.
    fail_thread_starts_for_testing(true);
    {
        Dialers dialers(address, 300, true);
        dialers.await_answers();
        fail_thread_starts_for_testing(false);

        within(std::chrono::seconds(60), [&] {
            // New deltas wake every link; status walks every link.
            for (int i = 0; i < 20; ++i) {
                ASSERT_TRUE(ada.peer->post_chat(space->id, "after " + std::to_string(i)).ok());
                (void)(*relay)->status();
            }
            EXPECT_TRUE(eventually([&] { return (*relay)->status().stored_deltas() >= 21; }))
                << (*relay)->status().stored_deltas();
            EXPECT_EQ((*relay)->status().connected_devices(), 1u);
        });
    }
    within(std::chrono::seconds(30), [&] {
        (*node)->stop();
        (*relay)->stop();
    });
}

TEST(LinkExhaustion, PeerListenerSurvivesLinksWhoseThreadsCannotStart) {
    auto ada = make_account("Ada");
    auto space = ada.peer->create_space("Exhausted");
    ASSERT_TRUE(space.ok());
    PeerNodeOptions oa;
    oa.listen = "127.0.0.1:0";
    oa.tick = std::chrono::milliseconds(100);
    oa.links = {10'000, 10'000, 10'000};
    auto node = PeerNode::start(*ada.peer, oa);
    ASSERT_TRUE(node.ok());
    const std::string address = (*node)->listen_address();

    fail_thread_starts_for_testing(true);
    {
        Dialers dialers(address, 300, false);
        dialers.await_answers();
        fail_thread_starts_for_testing(false);
        within(std::chrono::seconds(60), [&] {
            for (int i = 0; i < 20; ++i) {
                ASSERT_TRUE(ada.peer->post_chat(space->id, "after " + std::to_string(i)).ok());
                (void)(*node)->links();
            }
        });
    }
    within(std::chrono::seconds(30), [&] { (*node)->stop(); });
}
