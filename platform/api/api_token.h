// The API token file of a profile (`DIR/api-token`): 32 random bytes as 64 hex digits, mode 0600.
// groved creates or keeps it; grovectl and integrators read it to authenticate.
#pragma once

#include <grove/sdk/result.h>

#include <filesystem>
#include <string>

namespace grove::platform::api {

class ApiToken {
public:
    // The token in `file`, creating the file (atomically, mode 0600) with a fresh token if absent.
    // An existing file readable by group or others is tightened to 0600.
    static Result<std::string> load_or_create(const std::filesystem::path& file);
    // Reads a token file without changing it (surrounding whitespace ignored).
    static Result<std::string> read(const std::filesystem::path& file);
    // 32 random bytes, hex.
    static std::string generate();
};

}  // namespace grove::platform::api
