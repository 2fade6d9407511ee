// The Peer's state-owning components on their own: the event bus (routing by space, stored-
// watchers woken once per stored batch, unsubscribing), the ephemeral hub and the pairing codes.
#include <gtest/gtest.h>

#include "core/ephemeral_hub.h"
#include "core/event_bus.h"
#include "core/pairing_codes.h"
#include "core/replicator.h"

namespace grove::platform {
namespace {

SpaceEvent event_in(const std::string& space) {
    SpaceEvent ev;
    ev.space_id = space;
    return ev;
}

TEST(EventBus, RoutesBySpaceAndStopsWhenTheSubscriptionEnds) {
    EventBus bus;
    EXPECT_FALSE(bus.observed());
    std::vector<std::string> all, only_b;
    auto sub_all = bus.subscribe("", [&](const SpaceEvent& e) { all.push_back(e.space_id); });
    auto sub_b = bus.subscribe("b", [&](const SpaceEvent& e) { only_b.push_back(e.space_id); });
    EXPECT_TRUE(bus.observed());
    bus.dispatch({event_in("a"), event_in("b")});
    EXPECT_EQ(all, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(only_b, (std::vector<std::string>{"b"}));
    sub_b.reset();
    bus.dispatch({event_in("b")});
    EXPECT_EQ(only_b.size(), 1u);
    EXPECT_EQ(all.size(), 3u);
    sub_all.reset();
    EXPECT_FALSE(bus.observed());
}

TEST(EventBus, StoredWatchersWakeOncePerStoredBatch) {
    EventBus bus;
    int wakes = 0;
    auto sub = bus.subscribe_stored([&] { ++wakes; });
    bus.dispatch({});  // nothing stored yet
    EXPECT_EQ(wakes, 0);
    bus.note_stored();
    bus.note_stored();
    bus.dispatch({});
    EXPECT_EQ(wakes, 1);
    bus.dispatch({});
    EXPECT_EQ(wakes, 1);
}

TEST(EphemeralHub, SendersRunBeforeWakersAndSubscribersFilterBySpace) {
    EphemeralHub hub;
    std::vector<std::string> order;
    auto waker = hub.add_sink([&](const EphemeralOut&) { order.push_back("waker"); }, true);
    auto sender = hub.add_sink([&](const EphemeralOut& o) { order.push_back(o.channel); }, false);
    EphemeralOut out;
    out.channel = "presence";
    hub.send(out);
    EXPECT_EQ(order, (std::vector<std::string>{"presence", "waker"}));
    sender.reset();
    hub.send(out);
    EXPECT_EQ(order.back(), "waker");
    EXPECT_EQ(order.size(), 3u);

    int seen = 0;
    auto sub = hub.subscribe("s1", [&](const EphemeralMessageView&) { ++seen; });
    EphemeralMessageView view;
    view.space_id = "s2";
    hub.deliver(view);
    view.space_id = "s1";
    hub.deliver(view);
    EXPECT_EQ(seen, 1);
}

TEST(EphemeralHub, RemembersTheLatestHeardDeviceAndTyping) {
    EphemeralHub hub;
    crypto::SignPublicKey d1{}, d2{}, who{};
    d1[0] = 1;
    d2[0] = 2;
    who[0] = 9;
    SpaceId space{};
    EXPECT_EQ(hub.last_heard_ms(std::vector{d1, d2}), 0);
    hub.note_heard(d1, 100);
    hub.note_heard(d2, 250);
    hub.note_heard(d1, 200);
    EXPECT_EQ(hub.last_heard_ms(std::vector{d1}), 200);
    EXPECT_EQ(hub.last_heard_ms(std::vector{d1, d2}), 250);
    EXPECT_EQ(hub.typing_until_ms(space, who), 0);
    hub.note_typing(space, who, 5'000);
    EXPECT_EQ(hub.typing_until_ms(space, who), 5'000);
}

TEST(PairingCodes, RefusesUnknownExpiredAndUsedCodes) {
    PairingCodes codes;
    PairingCodes::CodeId id{};
    id[0] = 7;
    crypto::SignPublicKey key{};
    key[0] = 42;
    const std::string raw(reinterpret_cast<const char*>(id.data()), id.size());
    EXPECT_EQ(codes.verify_key(raw, 0).error().code, ErrorCode::NotFound);
    codes.issue(id, key, 1'000);
    auto ok = codes.verify_key(raw, 1'000);
    ASSERT_TRUE(ok.ok());
    EXPECT_EQ(*ok, key);
    EXPECT_EQ(codes.verify_key(raw, 1'001).error().code, ErrorCode::PermissionDenied);
    EXPECT_EQ(codes.verify_key("short", 0).error().code, ErrorCode::NotFound);
    codes.consume(raw);
    EXPECT_EQ(codes.verify_key(raw, 0).error().code, ErrorCode::PermissionDenied);
}

}  // namespace
}  // namespace grove::platform
