// Writing a secret (an API token, a service account's credential) to a new file only its owner
// may read, so that it never passes through a terminal or a shell history.
#pragma once

#include <string>

namespace grove::apps::grovectl {

// Writes `secret` and a newline to a new file of mode 0600 (never over an existing one, never
// through a symbolic link) and syncs it. False with `why` otherwise; nothing is left behind.
bool write_secret_file(const std::string& path, const std::string& secret, std::string& why);

}  // namespace grove::apps::grovectl
