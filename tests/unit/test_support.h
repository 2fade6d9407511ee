// Helpers shared by the unit tests: temporary directories that clean up after themselves.
// Kept tiny so each test file reads on its own.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

namespace grove::test {

class TempDir {
public:
    TempDir() {
        std::string templ = (std::filesystem::temp_directory_path() / "grove-test-XXXXXX").string();
        path_ = ::mkdtemp(templ.data());
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

}  // namespace grove::test
