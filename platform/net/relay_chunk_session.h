// RelayChunkSession: the chunk side of one device's relay link — answers which chunks the relay
// holds, serves them and takes new ones, all only for spaces whose roster admits the device.
#pragma once

#include <deque>
#include <map>
#include <optional>

#include "net/link_session.h"
#include "net/relay_chunks.h"
#include "net/relay_store.h"

namespace grove::platform::net {

class RelayChunkSession {
public:
    RelayChunkSession(RelayChunkStore& chunks, const RelayStore& rosters,
                      crypto::SignPublicKey device, LinkSession::Sender send)
        : chunks_(chunks), rosters_(rosters), device_(device), send_(std::move(send)) {}
    ~RelayChunkSession();

    static bool claims(const grove::net::v1::LinkMessage& message);
    Result<void> handle(grove::net::v1::LinkMessage&& message);
    // Sends pieces of the chunks asked for, a few per call; true when more is waiting.
    bool pump();

    // Chunks being received on one link at once, and wants queued (more are refused BUSY).
    static constexpr std::size_t kReceivingPerLink = 2;
    static constexpr std::size_t kQueuedWantsPerLink = 16;
    static constexpr std::size_t kPieceSize = 256 * 1024;
    static constexpr std::size_t kPiecesPerPump = 4;

private:
    struct Serve {
        std::uint64_t request = 0;
        SpaceId space{};
        sdk::BlobId id{};
        std::uint32_t offset = 0;
    };
    struct Receiving {
        SpaceId space{};
        sdk::BlobId id{};
        std::uint32_t sealed_size = 0;
        Bytes data;
    };
    bool admitted(const SpaceId& space) const;
    void refuse(std::uint64_t request, grove::net::v1::ChunkRefusalReason reason,
                std::string text = {});
    void on_have(const grove::net::v1::ChunkHave& have);
    void on_want(const grove::net::v1::ChunkWant& want);
    void on_put(grove::net::v1::ChunkPut& put);
    void give_up(std::uint64_t request);

    RelayChunkStore& chunks_;
    const RelayStore& rosters_;
    crypto::SignPublicKey device_;
    LinkSession::Sender send_;
    std::deque<Serve> queue_;
    std::optional<Serve> serving_;
    Bytes serving_bytes_;
    std::map<std::uint64_t, Receiving> receiving_;
};

}  // namespace grove::platform::net
