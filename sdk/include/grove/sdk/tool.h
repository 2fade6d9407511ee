// Tool: the entry object of a tool library — it creates the model of each instance and,
// optionally, a gRPC service. Including this header gives a tool the whole SDK.
#pragma once

#include <grove/sdk/abi.h>
#include <grove/sdk/blobstore.h>
#include <grove/sdk/ephemeralmessage.h>
#include <grove/sdk/localmember.h>
#include <grove/sdk/manifest.h>
#include <grove/sdk/member.h>
#include <grove/sdk/operation.h>
#include <grove/sdk/result.h>
#include <grove/sdk/semanticversion.h>
#include <grove/sdk/toolcontext.h>
#include <grove/sdk/toolinstance.h>
#include <grove/sdk/toolservicecontext.h>
#include <grove/sdk/types.h>

#include <memory>

namespace grpc {
class Service;
}

namespace grove::sdk {

// One Tool object per loaded library and host, created through GROVE_TOOL_EXPORT's factory,
// used and destroyed on the host thread. Its constructor should be cheap and must not touch
// other tools; if it throws, the tool is shown as failed and nothing else is affected.
class Tool {
public:
    virtual ~Tool() = default;

    // Creates the (empty) model of a new or reopened instance. The context outlives the
    // instance. The host then restores a snapshot and/or applies the instance's operations.
    virtual Result<std::unique_ptr<ToolInstance>> create_instance(ToolContext& context) = 0;

    // An optional gRPC service (e.g. grove.tools.discussion.v1.DiscussionService) the host
    // registers on the local API for integrators. Called at most once; the Tool owns the service
    // and keeps it alive until the Tool is destroyed; `context` lives as long as the Tool.
    virtual grpc::Service* service(ToolServiceContext& /*context*/) { return nullptr; }
};

}  // namespace grove::sdk
