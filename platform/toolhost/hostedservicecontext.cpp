#include "toolhost/hostedservicecontext.h"

#include "toolhost/boundary.h"
#include "toolhost/toolhost_p.h"

namespace grove::platform {

HostedServiceContext::HostedServiceContext(ToolHost::Private& host, std::string tool_id)
    : host_(host), tool_id_(std::move(tool_id)) {}

Result<void> HostedServiceContext::authorize(const grpc::ServerContextBase& call) {
    return authorize_access(call, CallAccess{true, {}});
}

Result<void> HostedServiceContext::authorize_access(const grpc::ServerContextBase& call,
                                                    CallAccess access) {
    if (!host_.authorizer)
        return make_error(ErrorCode::Unauthenticated, "tool services are closed: no authorizer");
    std::optional<Result<void>> result;
    auto thrown = catch_exceptions("the call authorizer",
                                   [&] { result.emplace(host_.authorizer(call, access)); });
    if (thrown) return make_error(ErrorCode::Internal, *thrown);
    return std::move(*result);
}

Result<void> HostedServiceContext::with_instance(
    std::string_view space_id, std::string_view instance_id,
    const std::function<void(sdk::ToolInstance&)>& work) {
    InstanceAddress address;
    if (!sdk::from_hex(space_id, address.space) || !sdk::from_hex(instance_id, address.instance))
        return make_error(ErrorCode::InvalidArgument,
                          "space id must be 32 and instance id 32 hex digits");
    Result<void> result;
    bool ran = host_.dispatch([&] {
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
    if (!ran) return make_error(ErrorCode::Unavailable, "the tool host is busy or shutting down");
    return result;
}

std::vector<sdk::ToolServiceContext::InstanceEntry> HostedServiceContext::instances() {
    std::vector<InstanceEntry> out;
    (void)host_.dispatch([&] {
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
