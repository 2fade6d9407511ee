// LAN discovery: the announcement codec and its refusals, tags only members can match (salted,
// rotating), real multicast on loopback (hostile datagrams, rate limit, own datagrams), and two
// PeerNodes with no configured peers that find each other and converge — or, switched off, don't.
#include "net/lan_discovery.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <mutex>
#include <random>
#include <set>

#include "direct_pair.h"
#include "net/peer_node.h"
#include "replication_support.h"

using namespace grove;
using namespace grove::platform;
using namespace grove::platform::net;
using grove::test::in_days;
using grove::test::make_account;
using grove::test::wait_until;

namespace {

DiscoveryKey key_for(const SpaceId& space, const crypto::SymmetricKey& epoch_key,
                     std::uint32_t epoch = 7, bool current = true) {
    return DiscoveryKey{space, current, derive_discovery_key(epoch_key, space, epoch)};
}

std::vector<DiscoveryKey> one(DiscoveryKey k) {
    std::vector<DiscoveryKey> v;
    v.push_back(std::move(k));
    return v;
}

Announcement announcement_of(const std::vector<DiscoveryKey>& keys, std::uint64_t bucket,
                             std::size_t offset = 0) {
    Announcement a;
    a.port = 4242;
    a.salt = crypto::random_array<kAnnouncementSaltSize>();
    a.tags = announcement_tags(keys, bucket, a.salt, offset);
    return a;
}

// A UDP port for this test run: GROVE_TEST_DISCOVERY_PORT, else one the kernel says is free.
std::uint16_t test_port() {
    if (const char* env = std::getenv("GROVE_TEST_DISCOVERY_PORT"))
        return static_cast<std::uint16_t>(std::atoi(env));
    int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    ::close(fd);
    return ntohs(a.sin_port);
}

LanDiscoveryOptions loopback_options(std::uint16_t port) {
    LanDiscoveryOptions o;
    o.port = port;
    o.interfaces = {"127.0.0.1"};
    o.period = std::chrono::milliseconds(200);
    return o;
}

// Sends raw bytes to the discovery group on loopback (a LAN stranger).
void send_raw(std::uint16_t port, ByteView bytes) {
    int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    in_addr lo{};
    ::inet_pton(AF_INET, "127.0.0.1", &lo);
    ::setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &lo, sizeof lo);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    ::inet_pton(AF_INET, LanDiscoveryOptions{}.group.c_str(), &to.sin_addr);
    to.sin_port = htons(port);
    (void)::sendto(fd, bytes.data(), bytes.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
    ::close(fd);
}

struct Found {
    std::mutex mutex;
    std::vector<std::pair<std::string, SpaceId>> calls;
    LanDiscovery::FoundFn fn() {
        return [this](const std::string& address, const SpaceId& space) {
            std::lock_guard lock(mutex);
            calls.emplace_back(address, space);
        };
    }
    std::size_t size() {
        std::lock_guard lock(mutex);
        return calls.size();
    }
};

#define START_OR_SKIP(var, expr)                                           \
    auto var##_r = (expr);                                                 \
    if (!var##_r.ok() && var##_r.error().code == ErrorCode::Unavailable)   \
        GTEST_SKIP() << "IPv4 multicast on loopback is unavailable here: " \
                     << var##_r.error().message;                           \
    ASSERT_TRUE(var##_r.ok()) << var##_r.error().message;                  \
    auto var = std::move(var##_r).value()

}  // namespace

TEST(LanDiscoveryCodec, RoundTrips) {
    Announcement a;
    a.port = 47000;
    a.salt = crypto::random_array<kAnnouncementSaltSize>();
    for (int i = 0; i < 8; ++i) a.tags.push_back(crypto::random_array<kAnnouncementTagSize>());
    Bytes bytes = encode_announcement(a);
    EXPECT_EQ(bytes.size(), kAnnouncementHeaderSize + 8 * kAnnouncementTagSize);
    EXPECT_EQ(std::string(bytes.begin(), bytes.begin() + 4), "GRVD");
    auto back = decode_announcement(bytes);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->port, 47000);
    EXPECT_EQ(back->salt, a.salt);
    EXPECT_EQ(back->tags, a.tags);
}

TEST(LanDiscoveryCodec, RefusesMalformedDatagrams) {
    Announcement a;
    a.port = 1;
    a.tags.resize(4);
    const Bytes good = encode_announcement(a);
    ASSERT_TRUE(decode_announcement(good).ok());
    auto refused = [](Bytes b, const std::string& why) {
        auto r = decode_announcement(b);
        EXPECT_FALSE(r.ok()) << why;
        if (!r.ok()) {
            EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument) << why;
        }
    };
    refused({}, "empty");
    refused(Bytes(good.begin(), good.begin() + kAnnouncementHeaderSize - 1), "truncated header");
    refused(Bytes(good.begin(), good.end() - 1), "truncated tag");
    Bytes longer = good;
    longer.push_back(0);
    refused(longer, "trailing byte");
    Bytes magic = good;
    magic[0] = 'X';
    refused(magic, "magic");
    Bytes version = good;
    version[4] = 2;
    refused(version, "future version");
    Bytes flags = good;
    flags[5] = 1;
    refused(flags, "unknown flags");
    Bytes port0 = good;
    port0[6] = port0[7] = 0;
    refused(port0, "port 0");
    Bytes none = good;
    none[kAnnouncementHeaderSize - 1] = 0;
    refused(Bytes(none.begin(), none.begin() + kAnnouncementHeaderSize), "no tags");
    Announcement big;
    big.port = 1;
    big.tags.resize(kMaxAnnouncementTags + 1);
    refused(encode_announcement(big), "too many tags");
    refused(Bytes(65'000, 0x47), "huge");

    // Random bytes and random mutations of a good datagram: refused or exact, never a crash.
    std::mt19937_64 rng(7);
    for (int i = 0; i < 20'000; ++i) {
        Bytes b = i % 2 ? good : Bytes(rng() % 900);
        if (i % 2) {
            for (int k = 0; k < 3; ++k) b[rng() % b.size()] = static_cast<std::uint8_t>(rng());
        } else {
            for (auto& x : b) x = static_cast<std::uint8_t>(rng());
        }
        auto r = decode_announcement(b);
        if (r.ok()) {
            EXPECT_EQ(encode_announcement(*r), b);
        }
    }
}

TEST(LanDiscoveryTags, OnlyHoldersOfTheSpaceKeyMatch) {
    const SpaceId space = crypto::random_array<kSpaceIdSize>();
    const SpaceId other_space = crypto::random_array<kSpaceIdSize>();
    auto epoch_key = crypto::random_symmetric_key();
    const std::uint64_t bucket = 123456;
    auto keys = one(key_for(space, epoch_key));
    auto a = announcement_of(keys, bucket);
    EXPECT_EQ(a.tags.size(), kAnnouncementTagGranule) << "one real tag, padded with decoys";
    ASSERT_TRUE(decode_announcement(encode_announcement(a)).ok());

    TagMatcher member;
    member.rebuild(one(key_for(space, epoch_key)), bucket);
    EXPECT_EQ(member.match(a), std::vector<SpaceId>{space});

    // Another key, the same key for another space or another epoch: no match.
    for (auto k : {0, 1, 2}) {
        TagMatcher stranger;
        if (k == 0) stranger.rebuild(one(key_for(space, crypto::random_symmetric_key())), bucket);
        if (k == 1) stranger.rebuild(one(key_for(other_space, epoch_key)), bucket);
        if (k == 2) stranger.rebuild(one(key_for(space, epoch_key, 8)), bucket);
        EXPECT_TRUE(stranger.match(a).empty()) << k;
    }
    // A receiver holding an old epoch's key too still matches the current one.
    std::vector<DiscoveryKey> held;
    held.push_back(key_for(space, crypto::random_symmetric_key(), 3, false));
    held.push_back(key_for(space, epoch_key));
    TagMatcher both;
    both.rebuild(held, bucket);
    EXPECT_EQ(both.match(a), std::vector<SpaceId>{space});
    // Only the current epoch is announced.
    std::vector<DiscoveryKey> old_only;
    old_only.push_back(key_for(space, epoch_key, 7, false));
    EXPECT_TRUE(announcement_tags(old_only, bucket, a.salt).empty());
}

TEST(LanDiscoveryTags, SaltedTagsDoNotLinkAnnouncements) {
    const SpaceId space = crypto::random_array<kSpaceIdSize>();
    auto epoch_key = crypto::random_symmetric_key();
    auto keys = one(key_for(space, epoch_key));
    // Two announcements of the same space in the same bucket (one device twice, or two devices)
    // share no tag: a stranger cannot tell they concern the same space.
    auto a = announcement_of(keys, 99);
    auto b = announcement_of(keys, 99);
    std::set<DiscoveryTag> in_a(a.tags.begin(), a.tags.end());
    for (const auto& t : b.tags) EXPECT_FALSE(in_a.count(t));
    TagMatcher member;
    member.rebuild(keys, 99);
    EXPECT_EQ(member.match(a).size(), 1u);
    EXPECT_EQ(member.match(b).size(), 1u);
    // The same salt and bucket: the same tag (deterministic for members).
    auto k = discovery_bucket_key(keys[0].key, 99);
    EXPECT_EQ(discovery_tag(k, a.salt), discovery_tag(k, a.salt));
}

TEST(LanDiscoveryTags, RotateWithTheBucket) {
    EXPECT_EQ(discovery_bucket(0, std::chrono::seconds(600)), 0u);
    EXPECT_EQ(discovery_bucket(599'999, std::chrono::seconds(600)), 0u);
    EXPECT_EQ(discovery_bucket(600'000, std::chrono::seconds(600)), 1u);
    const SpaceId space = crypto::random_array<kSpaceIdSize>();
    auto keys = one(key_for(space, crypto::random_symmetric_key()));
    const std::uint64_t now = 5000;
    TagMatcher matcher;
    matcher.rebuild(keys, now);
    // The previous, current and next buckets match (a few minutes of clock difference); others
    // do not — yesterday's tags are useless today.
    for (std::uint64_t b : {now - 1, now, now + 1})
        EXPECT_EQ(matcher.match(announcement_of(keys, b)).size(), 1u) << b;
    for (std::uint64_t b : {now - 2, now + 2, now - 144})
        EXPECT_TRUE(matcher.match(announcement_of(keys, b)).empty()) << b;
    // Same salt, next bucket: a different tag.
    auto salt = crypto::random_array<kAnnouncementSaltSize>();
    EXPECT_NE(discovery_tag(discovery_bucket_key(keys[0].key, now), salt),
              discovery_tag(discovery_bucket_key(keys[0].key, now + 1), salt));
}

TEST(LanDiscoveryTags, ManySpacesAreAnnouncedInTurn) {
    std::vector<DiscoveryKey> keys;
    for (int i = 0; i < 100; ++i)
        keys.push_back(
            key_for(crypto::random_array<kSpaceIdSize>(), crypto::random_symmetric_key()));
    TagMatcher matcher;
    matcher.rebuild(keys, 1);
    std::set<SpaceId> seen;
    for (std::size_t offset = 0; offset < 3 * kMaxAnnouncementTags;
         offset += kMaxAnnouncementTags) {
        auto a = announcement_of(keys, 1, offset);
        EXPECT_EQ(a.tags.size(), kMaxAnnouncementTags);
        EXPECT_LE(encode_announcement(a).size(), kMaxAnnouncementBytes);
        for (const auto& s : matcher.match(a)) seen.insert(s);
    }
    EXPECT_EQ(seen.size(), 100u);
}

TEST(LanDiscoveryLive, MembersFindEachOtherStrangersAndGarbageAreIgnored) {
    const auto port = test_port();
    const SpaceId space = crypto::random_array<kSpaceIdSize>();
    auto epoch_key = crypto::random_symmetric_key();
    auto shared = [&] { return one(key_for(space, epoch_key)); };
    Found found_a, found_b, found_c;
    START_OR_SKIP(
        a, LanDiscovery::start(loopback_options(port), 40001, "127.0.0.1", shared, found_a.fn()));
    START_OR_SKIP(
        b, LanDiscovery::start(loopback_options(port), 40002, "0.0.0.0", shared, found_b.fn()));
    // C holds another space only: hears both, matches neither, and announces nothing (no port).
    auto other = crypto::random_symmetric_key();
    START_OR_SKIP(c, LanDiscovery::start(
                         loopback_options(port), 0, "", [&] { return one(key_for(space, other)); },
                         found_c.fn()));
    EXPECT_EQ(a->announce_interfaces(), std::vector<std::string>{"127.0.0.1"});
    EXPECT_TRUE(c->announce_interfaces().empty());
    ASSERT_TRUE(wait_until([&] { return found_a.size() > 0 && found_b.size() > 0; }));
    {
        std::lock_guard lock(found_a.mutex);
        for (const auto& [address, s] : found_a.calls) {
            EXPECT_EQ(address, "127.0.0.1:40002");
            EXPECT_EQ(s, space);
        }
    }
    {
        std::lock_guard lock(found_b.mutex);
        for (const auto& [address, s] : found_b.calls) EXPECT_EQ(address, "127.0.0.1:40001");
    }
    // A and B finding each other says nothing about C's receive thread: wait for it too.
    EXPECT_TRUE(wait_until([&] { return a->stats().own > 0; }))
        << "its own looped-back datagrams are recognised";
    EXPECT_TRUE(wait_until([&] { return c->stats().unmatched > 0; }))
        << "a stranger hears the announcements and matches none";
    EXPECT_EQ(c->stats().sent, 0u);

    // Hostile datagrams: garbage, a future version, a replay of nothing real — counted, ignored.
    const auto before_b = found_b.size();
    const auto malformed = b->stats().malformed;
    send_raw(port, to_bytes("hello"));
    Bytes future = encode_announcement(announcement_of(shared(), 1));
    future[4] = 9;
    send_raw(port, future);
    Bytes oversize(2000, 0x41);
    send_raw(port, oversize);
    Announcement random_tags;
    random_tags.port = 9;
    random_tags.tags.resize(8);
    for (auto& t : random_tags.tags) t = crypto::random_array<kAnnouncementTagSize>();
    send_raw(port, encode_announcement(random_tags));
    ASSERT_TRUE(wait_until([&] { return b->stats().malformed >= malformed + 3; }));
    ASSERT_TRUE(wait_until([&] { return b->stats().unmatched > 0; }));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    {
        std::lock_guard lock(found_b.mutex);
        for (std::size_t i = before_b; i < found_b.calls.size(); ++i)
            EXPECT_EQ(found_b.calls[i].first, "127.0.0.1:40001") << "only A is ever suggested";
    }
}

TEST(LanDiscoveryLive, AFloodIsRateLimited) {
    const auto port = test_port();
    auto opts = loopback_options(port);
    opts.max_datagrams_per_second = 5;
    opts.period = std::chrono::hours(1);
    Found found;
    START_OR_SKIP(d, LanDiscovery::start(
                         opts, 0, "", [] { return std::vector<DiscoveryKey>{}; }, found.fn()));
    for (int i = 0; i < 200; ++i) send_raw(port, to_bytes("flood"));
    ASSERT_TRUE(wait_until([&] { return d->stats().received >= 150; }, std::chrono::seconds(5)));
    auto st = d->stats();
    EXPECT_GT(st.rate_limited, 100u);
    EXPECT_LE(st.malformed, 10u) << "only the allowed few were even decoded";
    EXPECT_EQ(found.size(), 0u);
}

// Well-formed datagrams cost a tag computation per key held: that CPU is budgeted too.
TEST(LanDiscoveryLive, MatchingWorkIsBudgeted) {
    const auto port = test_port();
    auto opts = loopback_options(port);
    opts.period = std::chrono::hours(1);
    opts.max_tag_checks_per_second = 300;  // 50 keys × 3 buckets = 150 per datagram: 2 per second
    std::vector<std::pair<SpaceId, Bytes>> held;
    for (int i = 0; i < 50; ++i) {
        auto k = crypto::random_symmetric_key();
        held.emplace_back(crypto::random_array<kSpaceIdSize>(),
                          Bytes(k.view().begin(), k.view().end()));
    }
    auto keys = [&] {
        std::vector<DiscoveryKey> out;
        for (const auto& [space, key] : held)
            out.push_back(DiscoveryKey{space, true, crypto::symmetric_key_from(key)});
        return out;
    };
    Found found;
    START_OR_SKIP(d, LanDiscovery::start(opts, 0, "", keys, found.fn()));
    Announcement stranger;
    stranger.port = 9;
    stranger.tags.resize(4);
    for (int i = 0; i < 40; ++i) {
        stranger.salt = crypto::random_array<kAnnouncementSaltSize>();
        send_raw(port, encode_announcement(stranger));
    }
    ASSERT_TRUE(wait_until([&] { return d->stats().received >= 40; }, std::chrono::seconds(5)));
    auto st = d->stats();
    EXPECT_LE(st.unmatched, 8u) << "at most the budget's worth was matched";
    EXPECT_GE(st.rate_limited, 32u);
    EXPECT_EQ(st.malformed, 0u);
    EXPECT_EQ(found.size(), 0u);
}

TEST(LanDiscoveryLive, RefusesBadOptions) {
    auto keys = [] { return std::vector<DiscoveryKey>{}; };
    auto found = [](const std::string&, const SpaceId&) {};
    LanDiscoveryOptions o;
    o.group = "192.168.1.1";
    EXPECT_EQ(LanDiscovery::start(o, 0, "", keys, found).error().code, ErrorCode::InvalidArgument);
    o = {};
    o.port = 0;
    EXPECT_EQ(LanDiscovery::start(o, 0, "", keys, found).error().code, ErrorCode::InvalidArgument);
    o = {};
    o.interfaces = {"eth0"};
    EXPECT_EQ(LanDiscovery::start(o, 0, "", keys, found).error().code, ErrorCode::InvalidArgument);
}

namespace {

// Ada and Bob share a space (joined in memory); returns its id.
std::string share_space(grove::test::TestAccount& ada, grove::test::TestAccount& bob) {
    auto space = ada.peer->create_space("LAN");
    EXPECT_TRUE(space.ok());
    auto inv = ada.peer->create_invitation(space->id, Role::Participant, in_days(1), {"x:1"});
    EXPECT_TRUE(inv.ok());
    grove::test::DirectPair pair(*ada.peer, *bob.peer);
    auto joined = pair.join(inv->code);
    EXPECT_TRUE(joined.ok()) << joined.error().message;
    pair.run();
    return space->id;
}

PeerNodeOptions node_options(std::uint16_t port, bool discovery) {
    PeerNodeOptions o;
    o.listen = "127.0.0.1:0";
    o.tick = std::chrono::milliseconds(200);
    o.discovery = discovery;
    o.discovery_options = loopback_options(port);
    return o;
}

std::size_t established(const PeerNode& n) {
    std::size_t k = 0;
    for (const auto& l : n.links()) k += l.established ? 1 : 0;
    return k;
}

}  // namespace

TEST(LanDiscoveryNodes, TwoNodesWithNoPeersFindEachOtherAndConverge) {
    const auto port = test_port();
    auto ada = make_account("Ada");
    auto bob = make_account("Bob");
    auto cy = make_account("Cy");  // a node on the same LAN holding nothing in common
    auto space = share_space(ada, bob);
    ASSERT_TRUE(cy.peer->create_space("Cy's own").ok());
    auto a = PeerNode::start(*ada.peer, node_options(port, true));
    auto b = PeerNode::start(*bob.peer, node_options(port, true));
    auto c = PeerNode::start(*cy.peer, node_options(port, true));
    ASSERT_TRUE(a.ok() && b.ok() && c.ok());
    if (!(*a)->discovery())
        GTEST_SKIP() << "IPv4 multicast on loopback is unavailable here: "
                     << (*a)->discovery_error();
    ASSERT_TRUE(ada.peer->post_chat(space, "found you").ok());
    ASSERT_TRUE(bob.peer->post_chat(space, "and you").ok());
    auto equal = [&] {
        auto sa = ada.peer->sync_status(space), sb = bob.peer->sync_status(space);
        return sa.ok() && sb.ok() && sa->state_digest == sb->state_digest &&
               sa->heads_digest == sb->heads_digest && ada.peer->list_chat(space)->size() == 2;
    };
    ASSERT_TRUE(wait_until(equal));
    // Live over the discovered link.
    ASSERT_TRUE(bob.peer->post_chat(space, "live").ok());
    ASSERT_TRUE(wait_until([&] { return ada.peer->list_chat(space)->size() == 3; }));
    // Both dialed each other: one of the two links is closed, for good.
    ASSERT_TRUE(wait_until([&] { return established(**a) == 1 && established(**b) == 1; }));
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    EXPECT_EQ(established(**a), 1u);
    EXPECT_EQ(established(**b), 1u);
    // Cy heard them and they heard Cy, but nobody shares a space with Cy: no link, no dial.
    EXPECT_EQ((*c)->links().size(), 0u);
    EXPECT_GT((*c)->discovery()->stats().unmatched, 0u);
    EXPECT_EQ((*c)->discovery()->stats().matched, 0u);
    EXPECT_GT((*a)->discovery()->stats().unmatched, 0u) << "Cy's announcements";
}

TEST(LanDiscoveryNodes, SwitchedOffSendsAndAcceptsNothing) {
    const auto port = test_port();
    auto ada = make_account("Ada");
    auto bob = make_account("Bob");
    auto space = share_space(ada, bob);
    auto a = PeerNode::start(*ada.peer, node_options(port, false));
    ASSERT_TRUE(a.ok());
    EXPECT_EQ((*a)->discovery(), nullptr);
    EXPECT_EQ((*a)->discovery_error(), "");
    // A listener holding the shared space's keys hears nothing from Ada…
    Found heard;
    Replicator bob_keys(*bob.peer);
    START_OR_SKIP(probe, LanDiscovery::start(
                             loopback_options(port), 0, "",
                             [&] { return bob_keys.discovery_keys(); }, heard.fn()));
    // …and Bob's node announcing the space to her is not dialed.
    auto b = PeerNode::start(*bob.peer, node_options(port, true));
    ASSERT_TRUE(b.ok());
    ASSERT_NE((*b)->discovery(), nullptr);
    ASSERT_TRUE(
        wait_until([&] { return (*b)->discovery()->stats().sent >= 5 && heard.size() > 0; }));
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    {
        std::lock_guard lock(heard.mutex);
        for (const auto& [address, s] : heard.calls)
            EXPECT_EQ(address, (*b)->listen_address()) << "only Bob announces";
    }
    EXPECT_EQ((*a)->links().size(), 0u);
    EXPECT_EQ((*b)->links().size(), 0u);
    ASSERT_TRUE(ada.peer->post_chat(space, "unheard").ok());
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    EXPECT_EQ(bob.peer->list_chat(space)->size(), 0u);
}
