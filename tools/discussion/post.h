// Post: one topic or reply of a Discussion instance — its place in the thread, its author, and
// its title and body as last-writer-wins registers; deletion is a tombstone that wins over edits.
#pragma once

#include <grove/sdk/crdt/lww_register.h>
#include <grove/sdk/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace grove::tools::discussion {

using PostId = sdk::OpId;

struct Post {
    PostId id{};                   // the id of the operation that created it
    std::optional<PostId> parent;  // none for a topic
    PostId topic{};                // the thread's root (itself for a topic)
    sdk::IdentityId author_identity{};
    sdk::DeviceId author_device{};
    std::uint64_t created_lamport = 0;
    std::int64_t created_ms = 0;
    sdk::crdt::LwwRegister<std::string> title{sdk::crdt::ReplicaId{}};
    sdk::crdt::LwwRegister<std::string> body{sdk::crdt::ReplicaId{}};
    sdk::crdt::Stamp edited_stamp;  // the greatest edit applied; lamport 0 when never edited
    std::int64_t edited_ms = 0;     // that edit's wall time
    bool deleted = false;
    std::vector<PostId> children;  // ordered by (created_lamport, id)

    bool is_topic() const { return !parent; }
    // What everyone sees: empty once deleted.
    std::string title_text() const { return deleted ? std::string() : title.value().value_or(""); }
    std::string body_text() const { return deleted ? std::string() : body.value().value_or(""); }
};

}  // namespace grove::tools::discussion
