// StateChange: what one applied Discussion operation changed, so the model refreshes only the
// affected topic and thread, and the gRPC Watch stream can report it.
#pragma once

#include <vector>

#include "post.h"

namespace grove::tools::discussion {

struct StateChange {
    enum class Kind { None, Posted, Edited, Deleted, Read };
    Kind kind = Kind::None;
    PostId post{};                    // Posted / Edited / Deleted
    PostId topic{};                   // its thread
    sdk::IdentityId reader{};         // Read: whose marks changed
    std::vector<PostId> topics_read;  // Read: the threads whose unread counts may have changed
};

}  // namespace grove::tools::discussion
