// ManifestReader: parses a tool's grove-tool.json into an sdk::ToolManifest without loading any
// of the tool's code, and says precisely what is wrong with a broken one.
#pragma once

#include <grove/sdk/manifest.h>
#include <grove/sdk/result.h>

#include <filesystem>
#include <string_view>

namespace grove::platform {

class ManifestReader {
public:
    // Reads and parses <directory>/grove-tool.json.
    static Result<sdk::ToolManifest> read_directory(const std::filesystem::path& directory);
    // Parses manifest text. Unknown keys are ignored (newer manifests stay readable); missing or
    // mistyped required keys, invalid ids or versions, and library or icon names that are not
    // plain file names are InvalidArgument errors naming the field.
    static Result<sdk::ToolManifest> parse(std::string_view json);
    // Whether `id` is reverse-DNS: two or more dot-separated [A-Za-z][A-Za-z0-9_]* parts.
    static bool valid_tool_id(std::string_view id);
};

}  // namespace grove::platform
