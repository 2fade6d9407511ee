// Finds the tool instance a command names — by id, id prefix (4+ digits) or name, in a space —
// through ToolService.List: the one lookup every tool's grovectl commands share.
#pragma once

#include <ostream>
#include <string>

#include "api_client.h"

namespace grove::apps::grovectl {

struct ToolInstanceIds {
    std::string space_id;
    std::string instance_id;
};

// An exit code: kExitOk with `out` set, or the failure said on `err` — the call failed (`doing`
// names what was being done), no instance matches (kExitNotFound) or several do (kExitUsage).
int find_tool_instance(ApiClient& client, std::ostream& err, const std::string& space,
                       const std::string& instance, const std::string& doing, ToolInstanceIds& out);

// The same, into a tool service's InstanceRef message (any with space_id and instance_id).
template <class InstanceRef>
int find_tool_instance(ApiClient& client, std::ostream& err, const std::string& space,
                       const std::string& instance, const std::string& doing, InstanceRef& out) {
    ToolInstanceIds ids;
    if (int code = find_tool_instance(client, err, space, instance, doing, ids)) return code;
    out.set_space_id(ids.space_id);
    out.set_instance_id(ids.instance_id);
    return 0;
}

}  // namespace grove::apps::grovectl
