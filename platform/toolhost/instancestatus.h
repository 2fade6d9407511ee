// InstanceStatus: the visible state of one tool instance on this peer — running, a placeholder
// waiting for its tool ("needs Discussion ≥ 1.2"), or failed with its own error text.
#pragma once

#include <cstddef>
#include <string>

#include "toolhost/instanceaddress.h"

namespace grove::platform {

enum class InstanceState {
    Running,      // the tool's model is live
    Placeholder,  // no installed tool can open it; operations are kept and replayed later
    Failed,       // the tool failed on it (constructor, apply or snapshot threw, …)
};

const char* to_string(InstanceState state);

struct InstanceStatus {
    InstanceAddress address;
    std::string tool_id;
    std::string name;
    std::string required_version;  // AddToolInstance.min_version
    InstanceState state = InstanceState::Placeholder;
    // Empty when running; "needs Discussion ≥ 1.2" for a placeholder; the error when failed.
    std::string message;
    // Operations kept for replay while the instance is not running.
    std::size_t kept_operations = 0;
};

}  // namespace grove::platform
