// ChatState: the host-level chat of one space as a CRDT. Messages are keyed by the id of their
// posting delta; edits are last-writer-wins by (lamport, device); deletes are final tombstones.
#pragma once

#include <grove/sdk/result.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/delta_envelope.h"
#include "core/delta_index.h"
#include "crypto/primitives.h"
#include "grove/space/v1/ops.pb.h"

namespace grove::platform {

// Who wrote an operation and where it sits in the space's causal order.
struct OpOrigin {
    DeltaId delta_id{};
    crypto::SignPublicKey device{};
    crypto::SignPublicKey identity{};
    std::uint64_t lamport = 0;
    std::int64_t wall_time_ms = 0;
    bool author_is_manager = false;
};

// One message as callers see it (a copy; ChatState stores messages compactly).
struct ChatMessage {
    DeltaId id{};
    crypto::SignPublicKey author_identity{};
    std::string text;
    std::int64_t posted_ms = 0;
    std::int64_t edited_ms = 0;
    std::uint64_t post_lamport = 0;
    // The winning edit so far, ordered by (lamport, device).
    std::uint64_t edit_lamport = 0;
    crypto::SignPublicKey edit_device{};
    bool deleted = false;
};

inline constexpr std::size_t kMaxChatTextBytes = 64 * 1024;

// Memory: a space of a million messages must fit a peer's budget, so a message is one 88-byte
// record in a DeltaIndex (keys interned to 32-bit indices), its text in a chunked arena (no
// per-message allocation), listed through a vector of record numbers sorted lazily by
// (post lamport, id). Not thread-safe: like
// the rest of a Space it is used under its Peer's lock.
class ChatState {
public:
    enum class Effect { Posted, Edited, Deleted, None };

    ChatState();
    ~ChatState();
    ChatState(ChatState&&) noexcept;
    ChatState& operator=(ChatState&&) noexcept;

    // Validates and applies one chat operation. Invalid ones (edit of someone else's message,
    // unknown message) are rejected with PermissionDenied/NotFound and change nothing.
    Result<Effect> apply(const grove::space::v1::ChatOp& op, const OpOrigin& origin,
                         DeltaId* affected);

    std::optional<ChatMessage> find(const DeltaId& id) const;
    // The last `limit` messages (all with 0) in display order: (post lamport, id) — the same on
    // every peer.
    std::vector<ChatMessage> latest(std::size_t limit) const;
    std::size_t size() const { return records_.size(); }
    // Hashes every message in display order (id, deleted, text).
    void digest_into(crypto::Hasher& hasher) const;

    // Bytes held for message texts, and how many of them are dead (replaced by edits, deleted).
    std::size_t text_bytes() const;
    std::size_t dead_text_bytes() const { return dead_text_bytes_; }

private:
    struct TextRef {
        std::uint32_t chunk = 0;
        std::uint32_t offset = 0;
        std::uint32_t size = 0;
    };
    struct Record {
        DeltaId id{};
        std::uint32_t author = 0;       // index into keys_
        std::uint32_t edit_device = 0;  // index into keys_ (kNoKey before any edit)
        TextRef text{};
        bool deleted = false;
        std::int64_t posted_ms = 0;
        std::int64_t edited_ms = 0;
        std::uint64_t post_lamport = 0;
        std::uint64_t edit_lamport = 0;
    };
    static constexpr std::uint32_t kNoKey = 0xFFFFFFFFu;

    std::uint32_t intern(const crypto::SignPublicKey& key);
    const crypto::SignPublicKey& key(std::uint32_t index) const;
    TextRef store_text(std::string_view text);
    void drop_text(TextRef& ref);
    void compact_texts();
    std::string_view text_of(const TextRef& ref) const;
    ChatMessage materialize(const Record& r) const;
    bool displayed_before(std::uint32_t a, std::uint32_t b) const;
    const std::vector<std::uint32_t>& display_order() const;

    DeltaIndex<Record> records_;
    std::vector<crypto::SignPublicKey> keys_;
    std::map<crypto::SignPublicKey, std::uint32_t> key_index_;
    std::vector<std::unique_ptr<char[]>> chunks_;
    std::vector<std::uint32_t> chunk_sizes_;  // capacity of each chunk
    std::uint32_t chunk_used_ = 0;            // bytes used in the last chunk
    std::size_t live_text_bytes_ = 0;
    std::size_t dead_text_bytes_ = 0;
    mutable std::vector<std::uint32_t> order_;  // record numbers, sorted when !order_dirty_
    mutable bool order_dirty_ = false;
};

}  // namespace grove::platform
