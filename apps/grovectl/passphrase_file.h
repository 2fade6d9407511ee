// Reads a passphrase from a file or stdin for the commands that take --passphrase-file.
#pragma once

#include <optional>
#include <string>

namespace grove::apps::grovectl {

// The file's content without one trailing newline; "-" reads stdin. Nothing (after saying why on
// stderr) when the file cannot be read or is empty.
std::optional<std::string> read_passphrase_file(const std::string& file);

}  // namespace grove::apps::grovectl
