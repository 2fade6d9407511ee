// ToolStatus: one installed tool as the host knows it — its manifest, its directory and its stage
// in the lifecycle (read → resolved → loaded → running), or failed: at which stage, and why.
#pragma once

#include <grove/sdk/manifest.h>

#include <filesystem>
#include <string>

namespace grove::platform {

enum class ToolState {
    Read,      // manifest parsed, nothing checked yet
    Resolved,  // ABI, version and id checked, library file present; no code loaded
    Loaded,    // library loaded, ABI entry point agreed, factory found
    Running,   // Tool object created: instances can be opened
    Failed,    // see ToolStatus::failed_stage and ToolStatus::error
};

const char* to_string(ToolState state);

struct ToolStatus {
    sdk::ToolManifest manifest;       // as far as it could be read (id may be empty)
    std::filesystem::path directory;  // the tool's directory (holds grove-tool.json)
    ToolState state = ToolState::Read;
    // When failed, the stage it did not reach — Read (the manifest), Resolved (ABI, library file,
    // duplicate id, disabled), Loaded (loading), Running (starting) — kept apart from the text.
    ToolState failed_stage = ToolState::Read;
    std::string error;  // non-empty exactly when state == Failed
    // Failed at Resolved because another tool with the same id is used instead.
    bool duplicate = false;
    // Failed because the profile disabled it (it crashed Grove): ToolHost::enable lifts that.
    bool disabled = false;
};

}  // namespace grove::platform
