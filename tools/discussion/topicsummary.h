// TopicSummary: what a topic list shows about a thread for one reader — replies, unread posts,
// and the latest activity (the highest Lamport time of any post in it, for ordering).
#pragma once

#include <cstdint>

namespace grove::tools::discussion {

struct TopicSummary {
    std::uint32_t reply_count = 0;   // posts in the thread besides the topic, deleted ones too
    std::uint32_t unread_count = 0;  // visible posts by others the reader has not marked read
    std::uint64_t last_activity = 0;
};

}  // namespace grove::tools::discussion
