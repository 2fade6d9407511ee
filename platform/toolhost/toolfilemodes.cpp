#include "toolhost/toolfilemodes.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <system_error>

namespace grove::platform {
namespace fs = std::filesystem;
namespace {

std::string octal_mode(mode_t mode) {
    char text[8];
    std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
    return text;
}

enum class Parent { Strict, StickyAllowed };

Result<void> check_one(const fs::path& path, const fs::path& library, Parent parent) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        return make_error(ErrorCode::PermissionDenied, "refusing to load " + library.string() +
                                                           ": cannot check " + path.string() +
                                                           ": " + std::strerror(errno));
    const uid_t me = ::geteuid();
    if (st.st_uid != 0 && st.st_uid != me)
        return make_error(ErrorCode::PermissionDenied,
                          "refusing to load " + library.string() + ": " + path.string() +
                              " belongs to another user (uid " + std::to_string(st.st_uid) +
                              "), who could replace the tool's code; install the tool as "
                              "yourself or as root");
    const bool writable_by_others = (st.st_mode & (S_IWGRP | S_IWOTH)) != 0;
    const bool sticky_directory = S_ISDIR(st.st_mode) && (st.st_mode & S_ISVTX) != 0;
    if (writable_by_others && !(parent == Parent::StickyAllowed && sticky_directory))
        return make_error(ErrorCode::PermissionDenied,
                          "refusing to load " + library.string() + ": " + path.string() +
                              " is writable by group or others (mode " + octal_mode(st.st_mode) +
                              "), so they could replace the tool's code; fix it with "
                              "chmod go-w " +
                              path.string());
    return {};
}

}  // namespace

Result<void> check_tool_file_modes(const fs::path& library, const fs::path& tool_directory) {
    std::error_code ec;
    const fs::path real = fs::canonical(library, ec);
    if (ec)
        return make_error(ErrorCode::PermissionDenied,
                          "refusing to load " + library.string() + ": " + ec.message());
    GROVE_TRY(check_one(real, library, Parent::Strict));
    GROVE_TRY(check_one(real.parent_path(), library, Parent::Strict));
    GROVE_TRY(check_one(real.parent_path().parent_path(), library, Parent::StickyAllowed));
    const fs::path manifest_dir = fs::canonical(tool_directory, ec);
    if (!ec && manifest_dir != real.parent_path())
        GROVE_TRY(check_one(manifest_dir, library, Parent::Strict));
    return {};
}

}  // namespace grove::platform
