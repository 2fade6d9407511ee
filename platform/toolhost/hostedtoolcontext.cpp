#include "toolhost/hostedtoolcontext.h"

#include <grove/sdk/ephemeralmessage.h>
#include <grove/sdk/operation.h>

#include "toolhost/boundary.h"
#include "toolhost/hostedinstance.h"

namespace grove::platform {

sdk::SpaceId HostedToolContext::space_id() const {
    return instance_.status().address.space;
}

sdk::InstanceId HostedToolContext::instance_id() const {
    return instance_.status().address.instance;
}

std::string HostedToolContext::instance_name() const {
    return instance_.status().name;
}

Result<sdk::OpId> HostedToolContext::submit(sdk::ByteView operation) {
    if (instance_.removed())
        return make_error(ErrorCode::FailedPrecondition, "the tool instance was removed");
    if (!instance_.running())
        return make_error(ErrorCode::FailedPrecondition, "the tool instance is not running");
    if (operation.size() > sdk::kMaxOperationPayload)
        return make_error(ErrorCode::ResourceExhausted,
                          "operation of " + std::to_string(operation.size()) +
                              " bytes is over the limit of " +
                              std::to_string(sdk::kMaxOperationPayload) + ": use the blob store");
    if (!permits(me().identity, sdk::Permission::Write))
        return make_error(ErrorCode::PermissionDenied, "you may not change this tool instance");
    std::optional<Result<sdk::OpId>> result;
    auto thrown = catch_exceptions("the platform's submit",
                                   [&] { result.emplace(instance_.bridge().submit(operation)); });
    if (thrown) return make_error(ErrorCode::Internal, *thrown);
    return std::move(*result);
}

sdk::LocalMember HostedToolContext::me() const {
    return instance_.bridge().me();
}

std::vector<sdk::Member> HostedToolContext::members() const {
    return instance_.bridge().members();
}

bool HostedToolContext::permits(const sdk::IdentityId& who, sdk::Permission what) const {
    return instance_.bridge().permits(who, what);
}

Result<void> HostedToolContext::send_ephemeral(sdk::ByteView payload) {
    if (!instance_.running() || instance_.removed())
        return make_error(ErrorCode::FailedPrecondition, "the tool instance is not running");
    if (payload.size() > sdk::kMaxEphemeralPayload)
        return make_error(
            ErrorCode::InvalidArgument,
            "ephemeral message over " + std::to_string(sdk::kMaxEphemeralPayload) + " bytes");
    return instance_.bridge().send_ephemeral(payload);
}

sdk::BlobStore& HostedToolContext::blobs() {
    return instance_.blobs();
}

void HostedToolContext::log(sdk::LogLevel level, std::string_view message) {
    const auto& status = instance_.status();
    instance_.bridge().log(level, "[" + status.tool_id + " " + status.address.to_string() + "] " +
                                      std::string(message));
}

Result<bool> HostedToolContext::notify(const sdk::Notification& notification) {
    return instance_.notify_person(notification);
}

}  // namespace grove::platform
