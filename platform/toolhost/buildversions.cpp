#include "toolhost/buildversions.h"

#include <google/protobuf/stubs/common.h>

#include <QLibraryInfo>
#include <QVersionNumber>
#include <cstdint>

namespace grove::platform {
namespace {

std::string qt_text(std::uint32_t version) {
    return std::to_string(version >> 16) + "." + std::to_string((version >> 8) & 0xff) + "." +
           std::to_string(version & 0xff);
}

// GOOGLE_PROTOBUF_VERSION is major * 1000000 + minor * 1000 + patch.
std::string protobuf_text(std::uint32_t version) {
    return std::to_string(version / 1000000) + "." + std::to_string(version / 1000 % 1000) + "." +
           std::to_string(version % 1000);
}

std::optional<std::uint32_t> ask(const boost::dll::shared_library& library, const char* name) {
    if (!library.has(name)) return std::nullopt;
    return library.get_alias<std::uint32_t()>(name)();
}

}  // namespace

std::optional<std::string> build_versions_refusal(const boost::dll::shared_library& library,
                                                  std::string_view tool_name) {
    const std::string name(tool_name);
    if (auto qt = ask(library, kQtVersionEntryPoint)) {
        const QVersionNumber running = QLibraryInfo::version();
        const std::uint32_t host =
            static_cast<std::uint32_t>((running.majorVersion() << 16) |
                                       (running.minorVersion() << 8) | running.microVersion());
        if ((*qt >> 16) != (host >> 16) || (*qt >> 8) > (host >> 8))
            return name + " was built with Qt " + qt_text(*qt) + ", which this Grove (Qt " +
                   qt_text(host) + ") cannot run: rebuild it against Qt " +
                   std::to_string(host >> 16) + "." + std::to_string((host >> 8) & 0xff) +
                   " or an older " + std::to_string(host >> 16) + ".x";
    }
    if (auto protobuf = ask(library, kProtobufVersionEntryPoint); protobuf && *protobuf != 0) {
        constexpr std::uint32_t host = GOOGLE_PROTOBUF_VERSION;
        if (*protobuf / 1000 != host / 1000)
            return name + " was built with protobuf " + protobuf_text(*protobuf) +
                   ", but this Grove runs protobuf " + protobuf_text(host) +
                   " (one protobuf runtime serves the whole process): rebuild it against " +
                   "protobuf " + protobuf_text(host).substr(0, protobuf_text(host).rfind('.'));
    }
    return std::nullopt;
}

}  // namespace grove::platform
