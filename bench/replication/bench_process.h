// BenchProcess: a spawned benchmark process with line-based stdin/stdout (one command, one
// answer). Destruction asks it to quit, then kills (SIGKILL) and reaps it if it lingers.
#pragma once

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace grove::bench {

class BenchProcess {
public:
    explicit BenchProcess(std::vector<std::string> argv) {
        int in[2], out[2];
        if (::pipe(in) != 0 || ::pipe(out) != 0) return;
        pid_ = ::fork();
        if (pid_ == 0) {
            ::dup2(in[0], 0);
            ::dup2(out[1], 1);
            ::close(in[1]);
            ::close(out[0]);
            std::vector<char*> args;
            for (auto& a : argv) args.push_back(a.data());
            args.push_back(nullptr);
            ::execv(args[0], args.data());
            ::_exit(127);
        }
        ::close(in[0]);
        ::close(out[1]);
        in_ = in[1];
        out_ = out[0];
    }
    ~BenchProcess() { stop(); }
    BenchProcess(const BenchProcess&) = delete;
    BenchProcess& operator=(const BenchProcess&) = delete;

    pid_t pid() const { return pid_; }

    // Sends "quit" and waits up to `grace` for a clean exit, then SIGKILL.
    void stop(std::chrono::milliseconds grace = std::chrono::seconds(10)) {
        if (pid_ <= 0) return;
        send("quit");
        if (in_ >= 0) ::close(in_), in_ = -1;
        auto deadline = std::chrono::steady_clock::now() + grace;
        int status = 0;
        while (::waitpid(pid_, &status, WNOHANG) == 0) {
            if (std::chrono::steady_clock::now() > deadline) {
                ::kill(pid_, SIGKILL);
                ::waitpid(pid_, &status, 0);
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        pid_ = -1;
        if (out_ >= 0) ::close(out_), out_ = -1;
    }

    void send(const std::string& line) {
        if (in_ < 0) return;
        std::string l = line + "\n";
        (void)!::write(in_, l.data(), l.size());
    }
    std::optional<std::string> read_line(std::chrono::milliseconds timeout) {
        auto deadline = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            auto nl = buffer_.find('\n');
            if (nl != std::string::npos) {
                std::string line = buffer_.substr(0, nl);
                buffer_.erase(0, nl + 1);
                return line;
            }
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) return std::nullopt;
            pollfd p{out_, POLLIN, 0};
            if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
            char chunk[4096];
            auto n = ::read(out_, chunk, sizeof chunk);
            if (n <= 0) return std::nullopt;
            buffer_.append(chunk, static_cast<std::size_t>(n));
        }
    }
    std::string ask(const std::string& line,
                    std::chrono::milliseconds timeout = std::chrono::seconds(120)) {
        send(line);
        return read_line(timeout).value_or("");
    }

private:
    pid_t pid_ = -1;
    int in_ = -1, out_ = -1;
    std::string buffer_;
};

}  // namespace grove::bench
