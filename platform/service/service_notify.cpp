#include "service/service_notify.h"

#include <systemd/sd-daemon.h>

#include <string>

namespace grove::service {
namespace {

// A status line is one line: newlines would start new (unknown) assignments.
std::string one_line(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c == '\n' || c == '\r') c = ' ';
    return out;
}

bool send(const std::string& state) {
    return sd_notify(0, state.c_str()) > 0;
}

}  // namespace

bool notify_ready(std::string_view status) {
    return send("READY=1\nSTATUS=" + one_line(status));
}

bool notify_stopping() {
    return send("STOPPING=1\nSTATUS=Shutting down");
}

bool notify_status(std::string_view status) {
    return send("STATUS=" + one_line(status));
}

}  // namespace grove::service
