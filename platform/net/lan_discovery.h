// LanDiscovery: peers that share a space find each other on the local network by themselves —
// IPv4 UDP multicast announcements of salted, rotating per-space tags only members can match.
#pragma once

#include <grove/sdk/result.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/replicator.h"  // DiscoveryKey

namespace grove::platform::net {

// ---- the datagram (docs/protocol-sync.md#lan-discovery) ----
//   "GRVD" | version u8 = 1 | flags u8 = 0 | port u16be | salt [16] | n u8 | n × tag [16]
// tag = BLAKE2b-128 keyed with bucket_key(discovery key, bucket) over "grove.lan.tag.v1" || salt;
// n is 4 to 48 and a multiple of 4 (random decoy tags pad the real ones).
inline constexpr std::uint8_t kAnnouncementVersion = 1;
inline constexpr std::size_t kAnnouncementSaltSize = 16;
inline constexpr std::size_t kAnnouncementTagSize = 16;
inline constexpr std::size_t kAnnouncementTagGranule = 4;
inline constexpr std::size_t kMaxAnnouncementTags = 48;
inline constexpr std::size_t kAnnouncementHeaderSize = 4 + 1 + 1 + 2 + kAnnouncementSaltSize + 1;
inline constexpr std::size_t kMaxAnnouncementBytes =
    kAnnouncementHeaderSize + kMaxAnnouncementTags * kAnnouncementTagSize;  // 793

using DiscoveryTag = FixedBytes<kAnnouncementTagSize>;
using DiscoverySalt = FixedBytes<kAnnouncementSaltSize>;

struct Announcement {
    std::uint16_t port = 0;  // where the announcer accepts peer links (1–65535)
    DiscoverySalt salt{};
    std::vector<DiscoveryTag> tags;
};

// The datagram's bytes. `tags` must hold 1 to kMaxAnnouncementTags tags (already padded).
Bytes encode_announcement(const Announcement& announcement);
// Refuses (InvalidArgument, with the reason) anything but an exact, well-formed version-1 datagram.
Result<Announcement> decode_announcement(ByteView datagram);

// The time bucket of a Unix time (ms): tags change every `bucket` (default 10 minutes).
std::uint64_t discovery_bucket(std::int64_t unix_ms, std::chrono::seconds bucket);
// Per (space epoch, bucket): keyed BLAKE2b of the discovery key over "grove.lan.bucket.v1" ||
// u64le(bucket).
crypto::SymmetricKey discovery_bucket_key(const crypto::SymmetricKey& discovery_key,
                                          std::uint64_t bucket);
DiscoveryTag discovery_tag(const crypto::SymmetricKey& bucket_key, const DiscoverySalt& salt);

// The tags of an announcement: one per current discovery key (at most kMaxAnnouncementTags,
// starting at `offset` in `keys`' current ones, wrapping), padded with random tags to a
// multiple of kAnnouncementTagGranule. Empty when there is nothing to announce.
std::vector<DiscoveryTag> announcement_tags(const std::vector<DiscoveryKey>& keys,
                                            std::uint64_t bucket, const DiscoverySalt& salt,
                                            std::size_t offset = 0);

// What a receiver matches announcements against: bucket keys of every discovery key it holds,
// for the buckets before, at and after now (a few minutes of clock difference still match).
class TagMatcher {
public:
    void rebuild(const std::vector<DiscoveryKey>& keys, std::uint64_t bucket);
    // The spaces (at most one entry each) whose tags appear in `announcement`.
    std::vector<SpaceId> match(const Announcement& announcement) const;
    std::optional<std::uint64_t> bucket() const { return bucket_; }
    std::size_t size() const { return entries_.size(); }

private:
    struct Entry {
        SpaceId space{};
        crypto::SymmetricKey bucket_key;
    };
    std::vector<Entry> entries_;
    std::optional<std::uint64_t> bucket_;
};

struct LanDiscoveryOptions {
    std::string group = "239.255.71.82";  // administratively scoped (RFC 2365)
    std::uint16_t port = 47182;
    // IPv4 addresses of the interfaces to join and announce on; empty = every interface that is
    // up and multicast-capable, and loopback (so that two peers on one host find each other).
    std::vector<std::string> interfaces;
    std::chrono::milliseconds period{5000};      // between announcements
    std::chrono::seconds bucket{600};            // tag rotation
    std::size_t max_datagrams_per_second = 100;  // received; the excess is dropped and counted
    // Tag computations while matching (3 per discovery key held, per datagram): bounds the CPU a
    // flood of well-formed datagrams can take; the excess is dropped and counted too.
    std::size_t max_tag_checks_per_second = 30'000;
    // Unix ms; empty = the system clock (tests move it to see tags rotate).
    std::function<std::int64_t()> clock;
};

struct LanDiscoveryStats {
    std::uint64_t sent = 0;  // datagrams sent (one per interface per announcement)
    std::uint64_t send_errors = 0;
    std::uint64_t received = 0;      // datagrams read from the socket
    std::uint64_t own = 0;           // our own, looped back: ignored
    std::uint64_t malformed = 0;     // not a well-formed version-1 announcement: ignored
    std::uint64_t rate_limited = 0;  // over either budget: not matched
    std::uint64_t matched = 0;       // announcements naming a space held here
    std::uint64_t unmatched = 0;     // well-formed, but no space of ours (strangers, other spaces)
};

class LanDiscovery {
public:
    using KeysFn = std::function<std::vector<DiscoveryKey>()>;
    // A member of `space` accepts links at `address` ("a.b.c.d:port"). Runs on the discovery
    // thread: keep it short. The address is only a suggestion: the link authenticates the device.
    using FoundFn = std::function<void(const std::string& address, const SpaceId& space)>;

    // Joins the group on the interfaces and starts the thread. `announce_port` 0 = listen only
    // (no listener to announce). `announce_host`: the host the listener is bound to; a specific
    // IPv4 address limits announcing to that interface ("", "0.0.0.0", "::" = every interface).
    // Unavailable (with the reason) when no interface could join the group.
    static Result<std::unique_ptr<LanDiscovery>> start(LanDiscoveryOptions options,
                                                       std::uint16_t announce_port,
                                                       std::string announce_host, KeysFn keys,
                                                       FoundFn found);
    ~LanDiscovery();
    LanDiscovery(const LanDiscovery&) = delete;
    LanDiscovery& operator=(const LanDiscovery&) = delete;

    // Announce now (e.g. a space was just joined) instead of at the next period.
    void announce_soon();
    LanDiscoveryStats stats() const;
    // The interfaces joined and the ones announced on (IPv4 addresses).
    std::vector<std::string> joined_interfaces() const;
    std::vector<std::string> announce_interfaces() const;
    void stop();

    struct State;

private:
    explicit LanDiscovery(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

}  // namespace grove::platform::net
