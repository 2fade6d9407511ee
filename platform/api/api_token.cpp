#include "api/api_token.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/bytes.h"
#include "crypto/primitives.h"

namespace grove::platform::api {
namespace {

constexpr std::size_t kTokenBytes = 32;
constexpr std::size_t kMaxTokenFileBytes = 4096;

Error io_error(const std::string& what, const std::filesystem::path& file) {
    return make_error(ErrorCode::Unavailable,
                      what + " " + file.string() + ": " + std::strerror(errno));
}

bool is_token_char(char c) {
    return c > 0x20 && c < 0x7f;
}

Result<std::string> parse(std::string content, const std::filesystem::path& file) {
    while (!content.empty() && (content.back() == '\n' || content.back() == '\r' ||
                                content.back() == ' ' || content.back() == '\t'))
        content.pop_back();
    std::size_t start = 0;
    while (start < content.size() && (content[start] == ' ' || content[start] == '\t')) ++start;
    content.erase(0, start);
    if (content.size() < 16)
        return make_error(ErrorCode::FailedPrecondition,
                          "the API token in " + file.string() +
                              " is missing or too short; delete the file and restart groved to "
                              "generate a new one");
    for (char c : content)
        if (!is_token_char(c))
            return make_error(ErrorCode::FailedPrecondition,
                              "the API token in " + file.string() +
                                  " contains invalid characters; delete the file and restart "
                                  "groved to generate a new one");
    return content;
}

Result<std::string> read_open_file(int fd, const std::filesystem::path& file) {
    std::string content;
    char buffer[512];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0) {
            if (errno == EINTR) continue;
            return io_error("cannot read", file);
        }
        if (n == 0) break;
        content.append(buffer, static_cast<std::size_t>(n));
        if (content.size() > kMaxTokenFileBytes)
            return make_error(ErrorCode::FailedPrecondition,
                              file.string() + " is too large to be an API token file");
    }
    return parse(std::move(content), file);
}

class FileDescriptor {
public:
    explicit FileDescriptor(int fd) : fd_(fd) {}
    ~FileDescriptor() {
        if (fd_ >= 0) ::close(fd_);
    }
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    int get() const { return fd_; }

private:
    int fd_;
};

bool write_all(int fd, const std::string& data) {
    std::size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        done += static_cast<std::size_t>(n);
    }
    return true;
}

}  // namespace

std::string ApiToken::generate() {
    crypto::initialize();
    return to_hex(crypto::random_array<kTokenBytes>());
}

Result<std::string> ApiToken::read(const std::filesystem::path& file) {
    FileDescriptor fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
    if (fd.get() < 0) {
        if (errno == ENOENT)
            return make_error(ErrorCode::NotFound, "no API token file at " + file.string());
        return io_error("cannot open", file);
    }
    return read_open_file(fd.get(), file);
}

Result<std::string> ApiToken::load_or_create(const std::filesystem::path& file) {
    for (int attempt = 0; attempt < 2; ++attempt) {
        FileDescriptor fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
        if (fd.get() >= 0) {
            struct stat st {};
            if (::fstat(fd.get(), &st) != 0) return io_error("cannot stat", file);
            if (!S_ISREG(st.st_mode))
                return make_error(ErrorCode::FailedPrecondition,
                                  file.string() + " is not a regular file");
            if (st.st_uid != ::geteuid())
                return make_error(ErrorCode::PermissionDenied,
                                  file.string() + " is owned by another user");
            if ((st.st_mode & 077) != 0 && ::fchmod(fd.get(), 0600) != 0)
                return io_error("cannot restrict the permissions of", file);
            return read_open_file(fd.get(), file);
        }
        if (errno != ENOENT) return io_error("cannot open", file);

        // Absent: write a fresh token to a temporary file, make it durable, then link it into
        // place (fails if another process got there first; then we read theirs).
        const std::string token = generate();
        std::filesystem::path temp = file;
        temp += ".tmp-" + std::to_string(::getpid());
        ::unlink(temp.c_str());
        {
            FileDescriptor out(
                ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
            if (out.get() < 0) return io_error("cannot create", temp);
            if (::fchmod(out.get(), 0600) != 0 || !write_all(out.get(), token + "\n") ||
                ::fsync(out.get()) != 0) {
                const Error error = io_error("cannot write", temp);
                ::unlink(temp.c_str());
                return error;
            }
        }
        const int linked = ::link(temp.c_str(), file.c_str());
        const int link_errno = errno;
        ::unlink(temp.c_str());
        if (linked == 0) {
            const std::filesystem::path dir = file.has_parent_path() ? file.parent_path() : ".";
            FileDescriptor dir_fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
            if (dir_fd.get() >= 0) ::fsync(dir_fd.get());
            return token;
        }
        if (link_errno != EEXIST) {
            errno = link_errno;
            return io_error("cannot create", file);
        }
    }
    return make_error(ErrorCode::Unavailable, "cannot create or read " + file.string());
}

}  // namespace grove::platform::api
