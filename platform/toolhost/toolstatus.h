// ToolStatus: what the host knows about one installed tool — its manifest, where it was found and
// where it stands in the lifecycle (read → resolved → loaded → running, or failed with a reason).
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
    Failed,    // see ToolStatus::error; the stage it failed at is in the text
};

const char* to_string(ToolState state);

struct ToolStatus {
    sdk::ToolManifest manifest;       // as far as it could be read (id may be empty)
    std::filesystem::path directory;  // the tool's directory (holds grove-tool.json)
    ToolState state = ToolState::Read;
    std::string error;  // non-empty exactly when state == Failed
    // Failed because the profile disabled it (it crashed Grove): ToolHost::enable lifts that.
    bool disabled = false;
};

}  // namespace grove::platform
