// ToolManifest: what a tool's grove-tool.json says about it, read by the host before any of the
// tool's code runs. grove_add_tool() generates the file from its CMake arguments.
#pragma once

#include <grove/sdk/semanticversion.h>

#include <cstdint>
#include <string>
#include <vector>

namespace grove::sdk {

// The manifest format itself; the host refuses a manifestVersion it does not know.
inline constexpr std::uint32_t kManifestFormatVersion = 1;
// The manifest's file name inside a tool's directory.
inline constexpr const char* kManifestFileName = "grove-tool.json";

// One QML view a tool offers ("main", "Discussion",
// "qrc:/org/grove/discussion/DiscussionView.qml"). The URL resolves once the library is loaded (its
// resources are registered at load time).
struct ViewDescriptor {
    std::string id;
    std::string name;
    std::string url;
};

struct ToolManifest {
    std::uint32_t manifest_version = kManifestFormatVersion;
    std::string id;    // reverse-DNS, e.g. org.grove.discussion; also the QML module URI
    std::string name;  // shown to people, e.g. Discussion
    std::string description;
    std::string publisher;
    SemanticVersion version;
    SemanticVersion compat_version;  // oldest version this one can stand in for
    std::uint32_t sdk_abi = 0;
    std::string library;  // file name of the shared library, next to the manifest
    std::string icon;     // file name next to the manifest, or empty
    std::vector<ViewDescriptor> views;
    std::vector<std::string> services;  // full gRPC service names the tool may provide

    // Qt Creator's rule: this tool can open data made for `wanted` when
    // compat_version <= wanted <= version.
    bool provides(const SemanticVersion& wanted) const {
        return sdk::provides(compat_version, version, wanted);
    }
};

}  // namespace grove::sdk
