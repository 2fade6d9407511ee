// TempDir: a fresh directory under the system's temporary directory, removed with everything in
// it when the object goes — the tests' profiles, blob roots and stores live in one.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

namespace grove::test {

class TempDir {
public:
    // `prefix` names the directory ("<prefix>-XXXXXX") so that a leftover one tells its suite.
    explicit TempDir(const std::string& prefix = "grove-test") {
        std::string templ = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
        path_ = ::mkdtemp(templ.data());
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

}  // namespace grove::test
