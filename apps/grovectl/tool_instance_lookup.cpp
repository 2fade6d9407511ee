#include "tool_instance_lookup.h"

#include <grpcpp/client_context.h>

#include <vector>

#include "exit_codes.h"
#include "grove/api/v1/api.grpc.pb.h"
#include "terminal_text.h"

namespace grove::apps::grovectl {

namespace v1 = grove::api::v1;

int find_tool_instance(ApiClient& client, std::ostream& err, const std::string& space,
                       const std::string& instance, const std::string& doing,
                       ToolInstanceIds& out) {
    v1::ListToolsRequest request;
    request.set_space(space);
    v1::ListToolsResponse response;
    auto context = client.context(ApiClient::kDefaultDeadline);
    const auto status =
        client.stub<v1::ToolService::Stub>().List(context.get(), request, &response);
    if (!status.ok()) {
        err << "grovectl: " << terminal_safe(doing) << ": " << terminal_safe(status.error_message())
            << '\n';
        return exit_code_for(status.error_code());
    }
    std::vector<const v1::ToolInstance*> matches;
    for (const auto& candidate : response.instances())
        if (candidate.id() == instance) matches = {&candidate};
    if (matches.empty())
        for (const auto& candidate : response.instances())
            if (candidate.name() == instance ||
                (instance.size() >= 4 && candidate.id().rfind(instance, 0) == 0))
                matches.push_back(&candidate);
    if (matches.size() != 1) {
        err << "grovectl: " << (matches.empty() ? "no tool instance " : "ambiguous instance ")
            << terminal_safe(instance) << " in " << terminal_safe(space) << '\n';
        return matches.empty() ? kExitNotFound : kExitUsage;
    }
    out.space_id = matches.front()->space_id();
    out.instance_id = matches.front()->id();
    return kExitOk;
}

}  // namespace grove::apps::grovectl
