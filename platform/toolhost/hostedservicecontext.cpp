#include "toolhost/hostedservicecontext.h"

#include "toolhost/boundary.h"
#include "toolhost/toolhost_p.h"

namespace grove::platform {

HostedServiceContext::HostedServiceContext(ToolHost::Private& host, std::string tool_id)
    : host_(host), tool_id_(std::move(tool_id)) {}

Result<void> HostedServiceContext::with_instance(
    std::string_view space_id, std::string_view instance_id,
    const std::function<void(sdk::ToolInstance&)>& work) {
    InstanceAddress address;
    if (!sdk::from_hex(space_id, address.space) || !sdk::from_hex(instance_id, address.instance))
        return make_error(ErrorCode::InvalidArgument,
                          "space id must be 32 and instance id 32 hex digits");
    Result<void> result;
    host_.dispatch([&] {
        HostedInstance* instance = host_.find(address);
        if (!instance || !instance->running() || !instance->spec() ||
            instance->spec()->manifest().id != tool_id_) {
            result = make_error(ErrorCode::NotFound,
                                "no running " + tool_id_ + " instance " + address.to_string());
            return;
        }
        auto thrown =
            catch_exceptions("the service's work", [&] { work(*instance->tool_instance()); });
        if (thrown) result = make_error(ErrorCode::Internal, *thrown);
    });
    return result;
}

std::vector<sdk::ToolServiceContext::InstanceEntry> HostedServiceContext::instances() {
    std::vector<InstanceEntry> out;
    host_.dispatch([&] {
        for (const auto& [address, instance] : host_.instances) {
            if (!instance->running() || !instance->spec() ||
                instance->spec()->manifest().id != tool_id_)
                continue;
            out.push_back({sdk::to_hex(address.space), sdk::to_hex(address.instance),
                           instance->status().name});
        }
    });
    return out;
}

}  // namespace grove::platform
