// The exception boundary between the host and tool code: every call into a tool goes through
// catch_exceptions, so a throwing tool becomes an error text, never an exception in the host.
#pragma once

#include <exception>
#include <optional>
#include <string>
#include <string_view>

namespace grove::platform {

// Runs `call`; returns nullopt when it returned normally, otherwise "<what> threw: <reason>".
template <class Call>
std::optional<std::string> catch_exceptions(std::string_view what, Call&& call) noexcept {
    try {
        call();
        return std::nullopt;
    } catch (const std::exception& e) {
        return std::string(what) + " threw: " + e.what();
    } catch (...) {
        return std::string(what) + " threw an exception that is not a std::exception";
    }
}

}  // namespace grove::platform
