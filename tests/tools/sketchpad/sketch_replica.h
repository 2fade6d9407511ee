// SketchReplica: one Sketchpad instance on an in-memory context (operations stamped and kept,
// ephemeral messages kept in an outbox) so tests can deliver both to other replicas in any order.
#pragma once

#include <grove/sdk/toolcontext.h>
#include <gtest/gtest.h>
#include <toolhost/memoryblobstore.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "sketchinstance.h"

namespace grove::tests {

struct SketchOpRecord {
    sdk::Operation header;  // payload empty; see bytes
    sdk::Bytes bytes;
    sdk::Operation view() const {
        sdk::Operation op = header;
        op.payload = bytes;
        return op;
    }
};

class SketchTestContext final : public sdk::ToolContext {
public:
    SketchTestContext(std::string name, std::uint8_t key, sdk::Role role,
                      platform::MemoryBlobStore& blobs)
        : name_(std::move(name)), role_(role), blobs_(blobs) {
        identity_.fill(key);
        device_.fill(static_cast<std::uint8_t>(key + 100));
    }

    void attach(sdk::ToolInstance* instance) { instance_ = instance; }
    std::vector<SketchOpRecord>& submitted() { return submitted_; }
    std::vector<sdk::Bytes>& outbox() { return outbox_; }
    std::uint64_t& lamport() { return lamport_; }

    sdk::SpaceId space_id() const override { return {}; }
    sdk::InstanceId instance_id() const override { return {}; }
    std::string instance_name() const override { return "Board"; }
    Result<sdk::OpId> submit(sdk::ByteView payload) override {
        if (role_ == sdk::Role::Guest) return make_error(ErrorCode::PermissionDenied, "guest");
        SketchOpRecord op;
        op.bytes.assign(payload.begin(), payload.end());
        op.header.lamport = ++lamport_;
        op.header.author_device = device_;
        op.header.author_identity = identity_;
        op.header.author_role = role_;
        op.header.wall_time_ms = 1'700'000'000'000 + static_cast<std::int64_t>(lamport_);
        ++seq_;
        op.header.id.fill(0);
        op.header.id[0] = device_[0];
        for (int i = 0; i < 8; ++i)
            op.header.id[24 + i] = static_cast<std::uint8_t>(seq_ >> (8 * i));
        submitted_.push_back(op);
        auto applied = instance_->apply(submitted_.back().view());
        if (!applied) return applied.error();
        return op.header.id;
    }
    sdk::LocalMember me() const override { return {identity_, device_, name_, role_}; }
    std::vector<sdk::Member> members() const override { return members_; }
    void set_members(std::vector<sdk::Member> members) { members_ = std::move(members); }
    bool permits(const sdk::IdentityId& who, sdk::Permission what) const override {
        if (what == sdk::Permission::Read) return true;
        return who != identity_ || role_ != sdk::Role::Guest;
    }
    Result<void> send_ephemeral(sdk::ByteView payload) override {
        if (payload.size() > sdk::kMaxEphemeralPayload)
            return make_error(ErrorCode::InvalidArgument, "too large");
        outbox_.emplace_back(payload.begin(), payload.end());
        return {};
    }
    sdk::BlobStore& blobs() override { return blobs_; }
    void log(sdk::LogLevel, std::string_view) override {}

private:
    std::string name_;
    sdk::IdentityId identity_{};
    sdk::DeviceId device_{};
    sdk::Role role_;
    platform::MemoryBlobStore& blobs_;
    std::uint64_t lamport_ = 0;
    std::uint64_t seq_ = 0;
    sdk::ToolInstance* instance_ = nullptr;
    std::vector<sdk::Member> members_;
    std::vector<SketchOpRecord> submitted_;
    std::vector<sdk::Bytes> outbox_;
};

struct SketchReplica {
    SketchReplica(std::string name, std::uint8_t key, platform::MemoryBlobStore& blobs,
                  sdk::Role role = sdk::Role::Participant)
        : context(std::move(name), key, role, blobs) {
        instance = std::make_unique<tools::sketchpad::SketchInstance>(context);
        context.attach(instance.get());
        model().set_clock([this] { return now_ms; });
        model().set_live_interval(0);  // one message per point, unless a test says otherwise
    }

    tools::sketchpad::SketchModel& model() { return instance->sketch(); }
    const tools::sketchpad::SketchState& state() const { return instance->state(); }

    Result<void> receive(const SketchOpRecord& op) {
        context.lamport() = std::max(context.lamport(), op.header.lamport);
        return instance->apply(op.view());
    }
    // Delivers every operation `from` made that this replica has not seen (in order).
    void receive_all_from(SketchReplica& from) {
        std::size_t& next = seen[&from];
        for (; next < from.context.submitted().size(); ++next) {
            auto applied = receive(from.context.submitted()[next]);
            EXPECT_TRUE(applied.ok()) << (applied.ok() ? "" : applied.error().describe());
        }
    }
    void receive_live(SketchReplica& from, const sdk::Bytes& payload) {
        sdk::EphemeralMessage message;
        message.from_device = from.context.me().device;
        message.from_identity = from.context.me().identity;
        message.payload = payload;
        message.received_ms = now_ms;
        instance->receive_ephemeral(message);
    }

    SketchTestContext context;
    std::unique_ptr<tools::sketchpad::SketchInstance> instance;
    std::int64_t now_ms = 1000;
    std::map<SketchReplica*, std::size_t> seen;
};

}  // namespace grove::tests
