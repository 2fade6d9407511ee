// Readiness and shutdown notifications to the service manager (systemd's sd_notify protocol), so
// that a Type=notify unit is "active" only once the daemon serves and "deactivating" while it
// stops.
#pragma once

#include <string_view>

namespace grove::service {

// Each call is a no-op when the process was not started by a service manager (no NOTIFY_SOCKET),
// and returns whether a notification was sent.

// The daemon is serving; `status` is the one-line state `systemctl status` shows.
bool notify_ready(std::string_view status);
// The daemon has begun a clean shutdown.
bool notify_stopping();
// A new one-line state for `systemctl status`.
bool notify_status(std::string_view status);

}  // namespace grove::service
