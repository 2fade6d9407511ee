#include "api/tool_service.h"

#include "api/proto_convert.h"
#include "api/request_validation.h"
#include "api/unary_call.h"

namespace grove::platform::api {

namespace v1 = grove::api::v1;

grpc::ServerUnaryReactor* ToolService::ListInstalled(grpc::CallbackServerContext* call,
                                                     const grpc::ByteBuffer* request,
                                                     grpc::ByteBuffer* response) {
    return serve_unary<v1::ListInstalledToolsRequest>(
        context_, call, request, response, kRead,
        [this](v1::ListInstalledToolsRequest&) -> Result<v1::ListInstalledToolsResponse> {
            auto tools = context_.peer.installed_tools();
            if (!tools) return tools.error();
            v1::ListInstalledToolsResponse out;
            for (const auto& tool : *tools) *out.add_tools() = to_proto(tool);
            return out;
        });
}

grpc::ServerUnaryReactor* ToolService::Add(grpc::CallbackServerContext* call,
                                           const grpc::ByteBuffer* request,
                                           grpc::ByteBuffer* response) {
    return serve_space_unary<v1::AddToolRequest>(
        context_, call, request, response, kWrite, kSpaceField,
        [this](v1::AddToolRequest& r) -> Result<v1::ToolInstance> {
            GROVE_TRY(validate_space_ref("space", r.space()));
            GROVE_TRY(validate_tool_id("tool_id", r.tool_id()));
            GROVE_TRY(validate_optional_name("name", r.name()));
            auto instance = context_.peer.add_tool(r.space(), r.tool_id(), r.name());
            if (!instance) return instance.error();
            return to_proto(*instance);
        });
}

grpc::ServerUnaryReactor* ToolService::List(grpc::CallbackServerContext* call,
                                            const grpc::ByteBuffer* request,
                                            grpc::ByteBuffer* response) {
    return serve_space_unary<v1::ListToolsRequest>(
        context_, call, request, response, kRead, kSpaceField,
        [this](v1::ListToolsRequest& r) -> Result<v1::ListToolsResponse> {
            GROVE_TRY(validate_space_ref("space", r.space()));
            auto instances = context_.peer.list_tools(r.space());
            if (!instances) return instances.error();
            v1::ListToolsResponse out;
            for (const auto& instance : *instances) *out.add_instances() = to_proto(instance);
            return out;
        });
}

grpc::ServerUnaryReactor* ToolService::Rename(grpc::CallbackServerContext* call,
                                              const grpc::ByteBuffer* request,
                                              grpc::ByteBuffer* response) {
    return serve_space_unary<v1::RenameToolRequest>(
        context_, call, request, response, kWrite, kSpaceField,
        [this](v1::RenameToolRequest& r) -> Result<v1::ToolInstance> {
            GROVE_TRY(validate_space_ref("space", r.space()));
            GROVE_TRY(validate_instance_ref("instance", r.instance()));
            GROVE_TRY(validate_name("name", r.name()));
            auto instance = context_.peer.rename_tool(r.space(), r.instance(), r.name());
            if (!instance) return instance.error();
            return to_proto(*instance);
        });
}

grpc::ServerUnaryReactor* ToolService::Remove(grpc::CallbackServerContext* call,
                                              const grpc::ByteBuffer* request,
                                              grpc::ByteBuffer* response) {
    return serve_space_unary<v1::RemoveToolRequest>(
        context_, call, request, response, kWrite, kSpaceField,
        [this](v1::RemoveToolRequest& r) -> Result<v1::Empty> {
            GROVE_TRY(validate_space_ref("space", r.space()));
            GROVE_TRY(validate_instance_ref("instance", r.instance()));
            GROVE_TRY(context_.peer.remove_tool(r.space(), r.instance()));
            return v1::Empty{};
        });
}

grpc::ServerUnaryReactor* ToolService::Enable(grpc::CallbackServerContext* call,
                                              const grpc::ByteBuffer* request,
                                              grpc::ByteBuffer* response) {
    // Runs code that took groved down before: admin, and not a token limited to spaces.
    return serve_unary<v1::EnableToolRequest>(
        context_, call, request, response, kAdminEverySpace,
        [this](v1::EnableToolRequest& r) -> Result<v1::InstalledTool> {
            GROVE_TRY(validate_tool_id("tool_id", r.tool_id()));
            auto tool = context_.peer.enable_tool(r.tool_id());
            if (!tool) return tool.error();
            return to_proto(*tool);
        });
}

}  // namespace grove::platform::api
