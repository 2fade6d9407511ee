// DisabledTools: the tools this profile does not load, each with the reason (a tool that crashed
// Grove is put here at the next start), kept in a small file in the profile until re-enabled.
#pragma once

#include <grove/sdk/result.h>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace grove::platform {

class DisabledTools {
public:
    // Remembers nothing across restarts (a host without a profile).
    DisabledTools() = default;
    // Reads `file` (one "<tool id>\t<reason>" per line); a missing file is an empty list.
    explicit DisabledTools(std::filesystem::path file);

    std::optional<std::string> reason(std::string_view tool_id) const;
    const std::map<std::string, std::string, std::less<>>& all() const { return tools_; }

    // Both write the file at once (a new file renamed over the old, synced, mode 0600); on a write
    // error the list in memory is unchanged and the error says why.
    Result<void> disable(const std::string& tool_id, const std::string& reason);
    // NotFound when the tool is not disabled.
    Result<void> enable(std::string_view tool_id);

private:
    Result<void> save(const std::map<std::string, std::string, std::less<>>& tools) const;

    std::filesystem::path file_;
    std::map<std::string, std::string, std::less<>> tools_;
};

}  // namespace grove::platform
