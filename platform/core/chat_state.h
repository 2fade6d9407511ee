// ChatState: the host-level chat of one space as a CRDT. Messages are keyed by the id of their
// posting delta; edits are last-writer-wins by (lamport, device); deletes are final tombstones.
#pragma once

#include <grove/sdk/result.h>

#include <map>
#include <string>
#include <vector>

#include "core/delta_envelope.h"
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

class ChatState {
public:
    enum class Effect { Posted, Edited, Deleted, None };

    // Validates and applies one chat operation. Invalid ones (edit of someone else's message,
    // unknown message) are rejected with PermissionDenied/NotFound and change nothing.
    Result<Effect> apply(const grove::space::v1::ChatOp& op, const OpOrigin& origin,
                         DeltaId* affected);

    const ChatMessage* find(const DeltaId& id) const;
    // Messages in display order: (post lamport, id) — the same on every peer.
    std::vector<const ChatMessage*> ordered() const;
    std::size_t size() const { return messages_.size(); }
    void digest_into(crypto::Hasher& hasher) const;

private:
    std::map<DeltaId, ChatMessage> messages_;
};

}  // namespace grove::platform
