// Limits the local API enforces on requests and streams (documented in docs/api.md).
// Requests beyond them are refused with INVALID_ARGUMENT or RESOURCE_EXHAUSTED, never truncated.
#pragma once

#include <cstddef>

namespace grove::platform::api::limits {

inline constexpr std::size_t kMaxReceiveMessageBytes = 4 * 1024 * 1024;  // one gRPC request
inline constexpr std::size_t kMaxChatTextBytes = 64 * 1024;              // one chat message
inline constexpr std::size_t kMaxNameBytes = 200;         // display / space name (as the Peer)
inline constexpr std::size_t kMaxPassphraseBytes = 1024;  // as the Peer
inline constexpr std::size_t kMaxSpaceRefBytes = 256;     // a space id, id prefix or name
inline constexpr std::size_t kMaxMessageIdChars = 128;    // hex
inline constexpr std::size_t kMaxToolIdBytes = 200;        // as the Peer
inline constexpr std::size_t kMaxInvitationCodeBytes = 4096;
inline constexpr std::size_t kWatchQueueEvents = 1024;    // events queued for one slow watcher
inline constexpr std::size_t kMaxPendingCalls = 1024;     // unary calls waiting for a worker
inline constexpr unsigned kWorkerThreads = 4;
inline constexpr std::size_t kMaxWatchStreams = 256;     // open Watch streams, all clients
inline constexpr int kMaxConcurrentStreamsPerConnection = 64;  // HTTP/2 streams of one client
inline constexpr int kTlsHandshakeTimeoutMs = 10'000;    // a TCP client must finish TLS by then
inline constexpr int kKeepaliveTimeMs = 60'000;          // ping idle connections (dead clients'
inline constexpr int kKeepaliveTimeoutMs = 20'000;       //  Watch streams end)

}  // namespace grove::platform::api::limits
