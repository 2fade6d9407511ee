// LoopbackToolContext: a one-replica sdk::ToolContext for driving a Discussion instance without
// the host — submit stamps the op and applies it to the attached instance at once, and keeps it
// so a test can hand it to other replicas.
#pragma once

#include <grove/sdk/toolcontext.h>
#include <grove/sdk/toolinstance.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

namespace grove::tests {

struct RecordedOp {
    sdk::Operation header;  // payload empty; see bytes
    sdk::Bytes bytes;
    sdk::Operation view() const {
        sdk::Operation op = header;
        op.payload = bytes;
        return op;
    }
};

class LoopbackToolContext final : public sdk::ToolContext {
public:
    LoopbackToolContext(std::string name, std::uint8_t identity, std::uint8_t device,
                        sdk::Role role)
        : name_(std::move(name)), role_(role) {
        identity_.fill(identity);
        device_.fill(device);
    }

    void attach(sdk::ToolInstance* instance) { instance_ = instance; }
    void set_members(std::vector<sdk::Member> members) { members_ = std::move(members); }
    void set_role(sdk::Role role) { role_ = role; }
    // The blob store blobs() returns (shared by replicas in tests, as if fetched); none = abort.
    void set_blobs(sdk::BlobStore* blobs) { blobs_ = blobs; }
    std::vector<RecordedOp>& submitted() { return submitted_; }
    std::uint64_t& lamport() { return lamport_; }

    // Applies an op authored elsewhere, advancing this replica's Lamport clock.
    Result<void> receive(const RecordedOp& op) {
        lamport_ = std::max(lamport_, op.header.lamport);
        return instance_->apply(op.view());
    }

    sdk::SpaceId space_id() const override { return {}; }
    sdk::InstanceId instance_id() const override { return {}; }
    std::string instance_name() const override { return "Loopback"; }
    Result<sdk::OpId> submit(sdk::ByteView payload) override {
        if (role_ == sdk::Role::Guest) return make_error(ErrorCode::PermissionDenied, "guest");
        RecordedOp op;
        op.bytes.assign(payload.begin(), payload.end());
        op.header.lamport = ++lamport_;
        op.header.author_device = device_;
        op.header.author_identity = identity_;
        op.header.author_role = role_;
        op.header.wall_time_ms = 1'700'000'000'000 + static_cast<std::int64_t>(lamport_) * 1000;
        ++seq_;
        op.header.id.fill(0);
        op.header.id[0] = device_[0];
        for (int i = 0; i < 8; ++i)
            op.header.id[24 + i] = static_cast<std::uint8_t>(seq_ >> (8 * i));
        submitted_.push_back(op);
        (void)instance_->apply(submitted_.back().view());
        return op.header.id;
    }
    sdk::LocalMember me() const override { return {identity_, device_, name_, role_}; }
    std::vector<sdk::Member> members() const override { return members_; }
    bool permits(const sdk::IdentityId& who, sdk::Permission what) const override {
        sdk::Role role = who == identity_ ? role_ : sdk::Role::Participant;
        for (const auto& m : members_)
            if (m.identity == who) role = m.role;
        if (what == sdk::Permission::Read) return true;
        if (what == sdk::Permission::Write) return role != sdk::Role::Guest;
        return role == sdk::Role::Manager;
    }
    Result<void> send_ephemeral(sdk::ByteView) override { return {}; }
    sdk::BlobStore& blobs() override {
        if (!blobs_) std::abort();
        return *blobs_;
    }
    void log(sdk::LogLevel, std::string_view message) override { log_.emplace_back(message); }
    // As the host does: each key shown once (no expiry here).
    Result<bool> notify(const sdk::Notification& notification) override {
        if (!shown_keys_.insert(notification.key).second) return false;
        notifications_.push_back(notification);
        return true;
    }
    const std::vector<sdk::Notification>& notifications() const { return notifications_; }

    const sdk::IdentityId& identity() const { return identity_; }

private:
    std::string name_;
    sdk::IdentityId identity_{};
    sdk::DeviceId device_{};
    sdk::Role role_;
    std::uint64_t lamport_ = 0;
    std::uint64_t seq_ = 0;
    sdk::ToolInstance* instance_ = nullptr;
    sdk::BlobStore* blobs_ = nullptr;
    std::vector<sdk::Member> members_;
    std::vector<RecordedOp> submitted_;
    std::vector<std::string> log_;
    std::set<std::string> shown_keys_;
    std::vector<sdk::Notification> notifications_;
};

}  // namespace grove::tests
