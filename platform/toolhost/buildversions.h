// The Qt and protobuf versions a tool library was built with (recorded by grove_add_tool() as
// entry points) against the ones of this process: a build this host cannot run with is refused.
#pragma once

#include <boost/dll/shared_library.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace grove::platform {

// Entry points grove_add_tool() generates: `std::uint32_t()` returning QT_VERSION and
// GOOGLE_PROTOBUF_VERSION (0 when the tool does not link protobuf).
inline constexpr const char* kQtVersionEntryPoint = "grove_tool_qt_version";
inline constexpr const char* kProtobufVersionEntryPoint = "grove_tool_protobuf_version";

// nullopt when the library may run here: built with the same Qt major version and a minor no
// newer than the running Qt's (Qt's own rule for plugins), and — when it links protobuf — with
// the same protobuf major.minor as Grove (one protobuf runtime serves the whole process). A
// library without the entry points (built without grove_add_tool) is not checked. Otherwise why
// not and what to do, naming the tool as `tool_name`.
std::optional<std::string> build_versions_refusal(const boost::dll::shared_library& library,
                                                  std::string_view tool_name);

}  // namespace grove::platform
