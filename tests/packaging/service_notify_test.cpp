// sd_notify readiness as systemd receives it: a datagram socket named by NOTIFY_SOCKET gets
// READY=1 with the status line, then STOPPING=1; without NOTIFY_SOCKET nothing is sent.
#include "service/service_notify.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace grove::service {
namespace {

class NotifySocket {
public:
    NotifySocket() {
        path_ = (std::filesystem::temp_directory_path() /
                 ("grove-notify-" + std::to_string(::getpid())))
                    .string();
        ::unlink(path_.c_str());
        fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        path_.copy(address.sun_path, sizeof(address.sun_path) - 1);
        bound_ = ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
        timeval timeout{1, 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    }
    ~NotifySocket() {
        ::close(fd_);
        ::unlink(path_.c_str());
    }
    bool bound() const { return bound_; }
    const std::string& path() const { return path_; }
    std::string receive() {
        char buffer[4096];
        ssize_t n = ::recv(fd_, buffer, sizeof(buffer), 0);
        return n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : std::string();
    }

private:
    std::string path_;
    int fd_ = -1;
    bool bound_ = false;
};

TEST(ServiceNotify, ReadyThenStoppingReachTheServiceManager) {
    NotifySocket manager;
    ASSERT_TRUE(manager.bound());
    ::setenv("NOTIFY_SOCKET", manager.path().c_str(), 1);
    EXPECT_TRUE(notify_ready("Serving on unix:/x\nREADY=0"));
    EXPECT_EQ(manager.receive(), "READY=1\nSTATUS=Serving on unix:/x READY=0");
    EXPECT_TRUE(notify_status("3 links"));
    EXPECT_EQ(manager.receive(), "STATUS=3 links");
    EXPECT_TRUE(notify_stopping());
    EXPECT_EQ(manager.receive(), "STOPPING=1\nSTATUS=Shutting down");
    ::unsetenv("NOTIFY_SOCKET");
}

TEST(ServiceNotify, NothingIsSentOutsideAServiceManager) {
    ::unsetenv("NOTIFY_SOCKET");
    EXPECT_FALSE(notify_ready("x"));
    EXPECT_FALSE(notify_stopping());
}

}  // namespace
}  // namespace grove::service
