// DirectPair: two SyncSessions joined back to back with perfect in-memory delivery — for
// invitation flows and focused tests that need no faults.
#pragma once

#include <deque>

#include "core/invitation_code.h"
#include "core/replicator.h"
#include "net/sync_session.h"
#include "replication_support.h"

namespace grove::test {

class DirectPair {
public:
    DirectPair(platform::Peer& a, platform::Peer& b, platform::net::SyncOptions options = {})
        : ra_(a), rb_(b) {
        auto binding = platform::crypto::random_array<32>();
        sa_ = std::make_unique<platform::net::SyncSession>(
            ra_, rb_.device(), binding,
            [this](grove::net::v1::LinkMessage&& m) { to_b_.push_back(std::move(m)); }, options);
        sb_ = std::make_unique<platform::net::SyncSession>(
            rb_, ra_.device(), binding,
            [this](grove::net::v1::LinkMessage&& m) { to_a_.push_back(std::move(m)); }, options);
    }
    platform::net::SyncSession& a() { return *sa_; }
    platform::net::SyncSession& b() { return *sb_; }
    std::deque<grove::net::v1::LinkMessage>& to_a() { return to_a_; }
    std::deque<grove::net::v1::LinkMessage>& to_b() { return to_b_; }

    // Pumps and delivers until quiet (bounded).
    void run(int max_rounds = 1000) {
        for (int i = 0; i < max_rounds; ++i) {
            auto pa = sa_->pump();
            auto pb = sb_->pump();
            bool more = (pa.ok() && *pa) || (pb.ok() && *pb);
            if (to_a_.empty() && to_b_.empty() && !more) return;
            while (!to_b_.empty()) {
                auto m = std::move(to_b_.front());
                to_b_.pop_front();
                EXPECT_TRUE(sb_->handle(m).ok());
            }
            while (!to_a_.empty()) {
                auto m = std::move(to_a_.front());
                to_a_.pop_front();
                EXPECT_TRUE(sa_->handle(m).ok());
            }
        }
        ADD_FAILURE() << "DirectPair did not go quiet";
    }

    // b joins with `code` through a; returns the join's result.
    Result<platform::SpaceSummary> join(const std::string& code) {
        auto parsed = platform::decode_invitation_code(code);
        if (!parsed.ok()) return parsed.error();
        std::optional<Result<platform::SpaceSummary>> outcome;
        auto started = sb_->start_join(*parsed, [&](Result<platform::SpaceSummary> r) {
            outcome = std::move(r);
        });
        if (!started.ok()) return started.error();
        run();
        if (!outcome) return make_error(ErrorCode::Unavailable, "no join response");
        return *outcome;
    }

private:
    platform::Replicator ra_, rb_;
    std::unique_ptr<platform::net::SyncSession> sa_, sb_;
    std::deque<grove::net::v1::LinkMessage> to_a_, to_b_;
};

}  // namespace grove::test
