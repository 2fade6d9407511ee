// ToolSpec: one tool found on the search path, walking the visible lifecycle
// read → resolved → loaded → running (or failed, with its own error text) — as in Qt Creator.
#pragma once

#include <grove/sdk/toolservicecontext.h>

#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "toolhost/boundary.h"
#include "toolhost/crashguard.h"
#include "toolhost/toolstatus.h"

namespace grpc {
class Service;
}
namespace grove::sdk {
class Tool;
}

namespace grove::platform {

class ToolLibrary;

class ToolSpec {
public:
    // `rank`: the position of its search directory (0 = highest priority). Every call into the
    // tool's code is made inside a scope of `guard`.
    ToolSpec(std::filesystem::path directory, std::size_t rank, CrashGuard& guard);
    ~ToolSpec();
    ToolSpec(const ToolSpec&) = delete;
    ToolSpec& operator=(const ToolSpec&) = delete;

    // Each step runs only from the state before it and moves on or to Failed.
    void read();     // → Read: the manifest parsed
    void resolve();  // → Resolved: manifest ABI supported, library file present
    void load();     // → Loaded: library loaded, ABI entry point agrees, factory found
    void start();    // → Running: the Tool object exists
    // → Failed at `stage` (the stage it did not reach), with `error` saying why.
    void fail(ToolState stage, std::string error);
    // Failed at Resolved because another tool of the same id is used instead.
    void fail_as_duplicate(std::string error);
    // → Failed without loading anything: the profile disabled the tool (it crashed Grove).
    void disable(const std::string& reason);
    // Marks the calling thread as inside this tool's code at `stage` (see CrashGuard).
    [[nodiscard]] CrashGuard::Scope guard(std::string_view stage) const;
    // Calls into the tool's code: `call` runs inside guard(stage) and catch_exceptions, so it
    // returns nullopt, or "<tool id> <stage> threw: …".
    template <class Call>
    std::optional<std::string> call_guarded(std::string_view stage, Call&& call) const {
        auto scope = guard(stage);
        return catch_exceptions(status_.manifest.id + " " + std::string(stage),
                                std::forward<Call>(call));
    }

    const ToolStatus& status() const { return status_; }
    ToolState state() const { return status_.state; }
    const sdk::ToolManifest& manifest() const { return status_.manifest; }
    std::size_t rank() const { return rank_; }
    // Whether code of this tool was ever loaded (then the spec is kept across rescans).
    bool code_loaded() const { return library_ != nullptr; }
    // The running Tool (its deleter keeps the library referenced), or null.
    const std::shared_ptr<sdk::Tool>& tool() const { return tool_; }

    // The tool's gRPC service, asked for once (exceptions caught: then none). `context` is kept
    // by the spec and outlives the service.
    grpc::Service* service(std::unique_ptr<sdk::ToolServiceContext> context);
    bool service_requested() const { return service_requested_; }

private:
    ToolStatus status_;
    std::size_t rank_ = 0;
    CrashGuard& guard_;
    std::shared_ptr<ToolLibrary> library_;
    // Declared before tool_: destroyed after the Tool, which owns the service using it.
    std::unique_ptr<sdk::ToolServiceContext> service_context_;
    std::shared_ptr<sdk::Tool> tool_;
    grpc::Service* service_ = nullptr;
    bool service_requested_ = false;
};

}  // namespace grove::platform
