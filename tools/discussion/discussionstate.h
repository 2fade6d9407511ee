// DiscussionState: the replicated state of one Discussion instance — posts and per-member read
// marks — built so that every causal delivery order of the same operations gives the same state.
#pragma once

#include <grove/sdk/operation.h>
#include <grove/sdk/result.h>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "post.h"
#include "statechange.h"
#include "topicsummary.h"

namespace grove::tools::discussion {

class DiscussionState {
public:
    static constexpr std::size_t kMaxTitleBytes = 800;  // ~200 characters of any script
    static constexpr std::size_t kMaxBodyBytes = 64 * 1024;
    static constexpr std::size_t kMaxReadMarksPerOp = 10'000;

    // Decodes a grove.tools.discussion.v1.DiscussionOp and applies it. Errors are deterministic
    // rejections (malformed, unknown target, not allowed for the author's role or identity):
    // nothing changes. An operation kind this version does not know is accepted with no effect.
    Result<StateChange> apply(const sdk::Operation& operation);

    // Checks the author-independent rules a new post or edit must meet (for the UI, before
    // submitting): InvalidArgument with the reason.
    static Result<void> check_title(std::string_view title);
    static Result<void> check_body(std::string_view body);

    const Post* find(const PostId& id) const;
    std::size_t post_count() const { return posts_.size(); }
    // Topics, most recent activity first (ties: id). Kept in order as operations apply: listing
    // them does not sort.
    std::vector<const Post*> topics() const;
    std::size_t topic_count() const { return topic_order_.size(); }
    // At most `limit` topics in topics() order, starting after the topic that had `after`
    // = (activity, id) (from the start without it); `more` says whether topics follow.
    // O(log n + limit): a page costs the same in a large instance.
    std::vector<const Post*> topics_page(const std::optional<std::pair<std::uint64_t, PostId>>& after,
                                         std::size_t limit, bool& more) const;
    std::uint64_t activity_of(const PostId& topic) const;
    // The position of `topic` in topics() (walks the order up to it); topic_count() if unknown.
    std::size_t topic_rank(const PostId& topic) const;
    // The thread depth-first: the topic (depth 0), then each reply after its parent, siblings in
    // creation order.
    std::vector<std::pair<const Post*, int>> thread(const PostId& topic) const;
    TopicSummary summary(const PostId& topic, const sdk::IdentityId& reader) const;
    bool is_read(const sdk::IdentityId& reader, const PostId& post) const;
    // Visible posts whose title or body contains `query` (case-insensitive), newest first.
    std::vector<const Post*> search(std::string_view query) const;
    // The posts of `topic` that `reader` would see as unread.
    std::vector<PostId> unread_in(const PostId& topic, const sdk::IdentityId& reader) const;

    sdk::Bytes snapshot() const;
    Result<void> restore(sdk::ByteView snapshot);
    // Equal exactly when the visible state (posts, tombstones, edits, read marks) is equal (up to
    // hash collisions: a diagnostic, not a security check). A hash of the sum of one hash per
    // post and per read mark, kept up to date as operations apply: O(1) to read.
    sdk::Digest digest() const;

private:
    Result<StateChange> apply_op(const sdk::Operation& operation);
    void link_child(Post& parent, const PostId& child);
    // Keep item_sum_ equal to the sum of the hashes of every post and read mark.
    void rehash_post(const PostId& post);
    void add_read_mark(const sdk::IdentityId& reader, const PostId& post);

    std::map<PostId, Post> posts_;
    std::map<sdk::IdentityId, std::set<PostId>> read_;
    std::map<PostId, std::vector<PostId>> thread_posts_;  // topic → every post in it (incl. itself)
    std::map<PostId, std::uint64_t> activity_;            // topic → highest created_lamport
    struct MostActiveFirst {
        bool operator()(const std::pair<std::uint64_t, PostId>& a,
                        const std::pair<std::uint64_t, PostId>& b) const {
            if (a.first != b.first) return a.first > b.first;
            return a.second < b.second;
        }
    };
    // (activity, topic) for every topic, in topics() order; changes with activity_.
    std::set<std::pair<std::uint64_t, PostId>, MostActiveFirst> topic_order_;
    void record_activity(const PostId& topic, std::uint64_t lamport);

    std::map<PostId, sdk::Digest> post_hashes_;  // each post's current hash, as summed
    sdk::Digest item_sum_{};                     // Σ post and read-mark hashes, mod 2^256
    std::uint64_t read_mark_count_ = 0;
};

}  // namespace grove::tools::discussion
