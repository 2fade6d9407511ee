// LocalMember: who "me" is for a tool instance — the identity, the device this peer runs as,
// and the role the identity holds now. Returned by ToolContext::me().
#pragma once

#include <grove/sdk/types.h>

#include <string>

namespace grove::sdk {

struct LocalMember {
    IdentityId identity{};
    DeviceId device{};
    std::string display_name;
    Role role = Role::Guest;
};

}  // namespace grove::sdk
