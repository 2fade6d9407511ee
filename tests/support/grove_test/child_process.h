// ChildProcess: a spawned helper process (test node, benchmark node, grove-relay) with line-based
// stdin/stdout, bounded reads, kill9() for crash tests and quit() for a clean, bounded exit.
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

namespace grove::test {

class ChildProcess {
public:
    // What destruction does with a process still running: Kill — SIGKILL at once (tests: nothing
    // may outlive them); Quit — quit() first, SIGKILL only after its grace (benchmarks: let the
    // process close its stores).
    enum class OnDestroy { Kill, Quit };

    explicit ChildProcess(std::vector<std::string> argv, OnDestroy on_destroy = OnDestroy::Kill)
        : on_destroy_(on_destroy) {
        int in[2], out[2];
        if (::pipe(in) != 0) return;
        if (::pipe(out) != 0) {
            ::close(in[0]);
            ::close(in[1]);
            return;
        }
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
        if (pid_ < 0) {
            ::close(in[1]);
            ::close(out[0]);
            return;
        }
        in_ = in[1];
        out_ = out[0];
    }
    ~ChildProcess() {
        if (on_destroy_ == OnDestroy::Quit) quit();
        kill9();
        close_pipes();
    }
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    bool running() const { return pid_ > 0; }
    pid_t pid() const { return pid_; }

    void send(const std::string& line) {
        if (in_ < 0) return;
        std::string l = line + "\n";
        (void)!::write(in_, l.data(), l.size());
    }
    // One line of output, or nullopt after `timeout` (or when the output is closed).
    std::optional<std::string> read_line(
        std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
        auto deadline = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            auto nl = buffer_.find('\n');
            if (nl != std::string::npos) {
                std::string line = buffer_.substr(0, nl);
                buffer_.erase(0, nl + 1);
                return line;
            }
            if (out_ < 0) return std::nullopt;
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
    // Sends a command and returns its one-line answer ("" on timeout).
    std::string ask(const std::string& line,
                    std::chrono::milliseconds timeout = std::chrono::seconds(60)) {
        send(line);
        return read_line(timeout).value_or("");
    }
    void kill9() {
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
            pid_ = -1;
        }
    }
    // Sends "quit", closes stdin (a process reading it sees EOF) and waits up to `grace` for the
    // exit; SIGKILL after that. The output stays readable until destruction.
    void quit(std::chrono::milliseconds grace = std::chrono::seconds(10)) {
        if (pid_ <= 0) return;
        send("quit");
        if (in_ >= 0) ::close(in_), in_ = -1;
        auto deadline = std::chrono::steady_clock::now() + grace;
        while (std::chrono::steady_clock::now() < deadline) {
            if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
                pid_ = -1;
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        kill9();
    }

private:
    void close_pipes() {
        if (in_ >= 0) ::close(in_), in_ = -1;
        if (out_ >= 0) ::close(out_), out_ = -1;
    }

    OnDestroy on_destroy_;
    pid_t pid_ = -1;
    int in_ = -1, out_ = -1;
    std::string buffer_;
};

}  // namespace grove::test
