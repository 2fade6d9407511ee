// FakeBridge: the test double of the platform core's side of one tool instance — submit stamps
// the op on its FakeSpace peer, applies it locally through the ToolHost and queues it for others.
#pragma once

#include <toolhost/instancebridge.h>

#include <functional>
#include <string>
#include <vector>

namespace grove::tests {

class FakeSpace;

class FakeBridge final : public platform::InstanceBridge {
public:
    FakeBridge(FakeSpace& space, std::size_t peer, platform::InstanceAddress address)
        : space_(space), peer_(peer), address_(address) {}

    Result<sdk::OpId> submit(sdk::ByteView payload) override;
    sdk::LocalMember me() const override;
    std::vector<sdk::Member> members() const override;
    bool permits(const sdk::IdentityId& who, sdk::Permission what) const override;
    Result<void> send_ephemeral(sdk::ByteView payload) override;
    void log(sdk::LogLevel level, std::string_view message) override;

private:
    FakeSpace& space_;
    std::size_t peer_;
    platform::InstanceAddress address_;
};

}  // namespace grove::tests
