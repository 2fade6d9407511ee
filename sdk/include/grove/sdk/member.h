// Member: an identity in a space as a tool sees it — display name, role, devices.
// Returned by ToolContext::members(); identities are compared by their id, never by name.
#pragma once

#include <grove/sdk/types.h>

#include <string>
#include <vector>

namespace grove::sdk {

struct Member {
    IdentityId identity{};
    std::string display_name;
    Role role = Role::Guest;
    std::vector<DeviceId> devices;
};

}  // namespace grove::sdk
