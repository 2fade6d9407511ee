// Thousands of links to one relay in one process: all established and served on a bounded
// number of threads (links own none), and all gone after they close.
#include <gtest/gtest.h>

#include "grove_test/idle_links.h"
#include "net/peer_node.h"
#include "net/relay_server.h"
#include "replication_support.h"

using namespace grove;
using namespace grove::platform;
using namespace grove::platform::net;
using grove::test::make_account;
using grove::test::wait_until;

TEST(ManyLinks, TwoThousandIdleLinksToOneRelayOnABoundedNumberOfThreads) {
    constexpr std::size_t kLinks = 2000;
    grove::test::TempDir relay_dir;
    RelayOptions ro;
    ro.data = relay_dir.path();
    ro.listen = "127.0.0.1:0";
    ro.links.max_links_per_source = 10'000;  // all from 127.0.0.1
    auto relay = RelayServer::start(ro);
    ASSERT_TRUE(relay.ok()) << relay.error().message;
    const std::string address = (*relay)->listen_address();

    // A member that uses the relay the whole time.
    auto ada = make_account("Ada");
    auto space = ada.peer->create_space("Crowded");
    ASSERT_TRUE(space.ok());
    PeerNodeOptions oa;
    oa.relays = {address};
    oa.tick = std::chrono::milliseconds(300);
    auto node = PeerNode::start(*ada.peer, oa);
    ASSERT_TRUE(node.ok());

    const std::size_t threads_before = grove::test::process_threads();
    {
        grove::test::IdleLinks idle(address, kLinks);
        ASSERT_TRUE(
            wait_until([&] { return idle.established() == kLinks; }, std::chrono::seconds(120)))
            << idle.established() << " of " << kLinks << " established";
        EXPECT_TRUE(wait_until([&] {
            return (*relay)->status().connected_devices() == kLinks + 1;
        })) << (*relay)->status().connected_devices();
        // Both ends of 2,001 links live in this process, on the same fixed pool.
        const std::size_t threads = grove::test::process_threads();
        std::printf("threads: %zu before the links, %zu with %zu links; RSS %zu MB\n",
                    threads_before, threads, kLinks, grove::test::process_rss_bytes() >> 20);
        EXPECT_LE(threads, 64u);
        EXPECT_LE(threads, threads_before + 16);

        // Served: the member's new deltas still reach the relay's store at once.
        const auto stored = (*relay)->status().stored_deltas();
        for (int i = 0; i < 10; ++i)
            ASSERT_TRUE(ada.peer->post_chat(space->id, "among many " + std::to_string(i)).ok());
        EXPECT_TRUE(wait_until([&] { return (*relay)->status().stored_deltas() >= stored + 10; }))
            << (*relay)->status().stored_deltas();
    }
    // Closed on this side: the relay lets every one of them go.
    EXPECT_TRUE(wait_until([&] { return (*relay)->status().connected_devices() == 1; }))
        << (*relay)->status().connected_devices();
    (*node)->stop();
    (*relay)->stop();
}
