#include "toolhost/manifestreader.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace grove::platform {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

Error invalid(std::string message) {
    return make_error(ErrorCode::InvalidArgument, std::move(message));
}

Result<std::string> string_field(const json& object, const char* key, bool required) {
    auto it = object.find(key);
    if (it == object.end()) {
        if (required) return invalid(std::string("missing field '") + key + "'");
        return std::string();
    }
    if (!it->is_string()) return invalid(std::string("field '") + key + "' must be a string");
    return it->get<std::string>();
}

Result<sdk::SemanticVersion> version_field(const json& object, const char* key) {
    auto text = string_field(object, key, true);
    if (!text) return text.error();
    auto version = sdk::SemanticVersion::parse(*text);
    if (!version)
        return invalid(std::string("field '") + key + "' is not a semantic version: '" + *text +
                       "'");
    return *version;
}

bool plain_file_name(const std::string& name) {
    return !name.empty() && name.find('/') == std::string::npos && name != "." && name != "..";
}

}  // namespace

bool ManifestReader::valid_tool_id(std::string_view id) {
    int parts = 0;
    std::size_t start = 0;
    while (true) {
        auto dot = id.find('.', start);
        std::string_view part =
            id.substr(start, dot == std::string_view::npos ? id.npos : dot - start);
        if (part.empty()) return false;
        char first = part.front();
        if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'))) return false;
        for (char c : part) {
            bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '_';
            if (!ok) return false;
        }
        ++parts;
        if (dot == std::string_view::npos) break;
        start = dot + 1;
    }
    return parts >= 2;
}

Result<sdk::ToolManifest> ManifestReader::parse(std::string_view text) {
    json root;
    try {
        root = json::parse(text);
    } catch (const json::parse_error& e) {
        return invalid(std::string("not valid JSON: ") + e.what());
    }
    if (!root.is_object()) return invalid("the manifest must be a JSON object");

    sdk::ToolManifest manifest;
    auto format = root.find("manifestVersion");
    if (format == root.end() || !format->is_number_unsigned())
        return invalid("missing or non-numeric field 'manifestVersion'");
    manifest.manifest_version = format->get<std::uint32_t>();
    if (manifest.manifest_version != sdk::kManifestFormatVersion)
        return invalid("manifest format " + std::to_string(manifest.manifest_version) +
                       " is not the one this Grove reads (" +
                       std::to_string(sdk::kManifestFormatVersion) + ")");

    auto id = string_field(root, "id", true);
    if (!id) return id.error();
    if (!valid_tool_id(*id))
        return invalid("field 'id' must be reverse-DNS like org.example.tool, not '" + *id + "'");
    manifest.id = *id;

    auto name = string_field(root, "name", true);
    if (!name) return name.error();
    if (name->empty()) return invalid("field 'name' is empty");
    manifest.name = *name;

    auto description = string_field(root, "description", false);
    if (!description) return description.error();
    manifest.description = *description;
    auto publisher = string_field(root, "publisher", false);
    if (!publisher) return publisher.error();
    manifest.publisher = *publisher;

    auto version = version_field(root, "version");
    if (!version) return version.error();
    manifest.version = *version;
    auto compat = version_field(root, "compatVersion");
    if (!compat) return compat.error();
    manifest.compat_version = *compat;
    if (manifest.version < manifest.compat_version)
        return invalid("compatVersion " + manifest.compat_version.to_string() +
                       " is newer than version " + manifest.version.to_string());

    auto abi = root.find("sdkAbi");
    if (abi == root.end() || !abi->is_number_unsigned())
        return invalid("missing or non-numeric field 'sdkAbi'");
    manifest.sdk_abi = abi->get<std::uint32_t>();

    auto library = string_field(root, "library", true);
    if (!library) return library.error();
    if (!plain_file_name(*library))
        return invalid("field 'library' must be a file name in the tool's directory");
    manifest.library = *library;

    auto icon = string_field(root, "icon", false);
    if (!icon) return icon.error();
    if (!icon->empty() && !plain_file_name(*icon))
        return invalid("field 'icon' must be a file name in the tool's directory");
    manifest.icon = *icon;

    if (auto views = root.find("views"); views != root.end()) {
        if (!views->is_array()) return invalid("field 'views' must be an array");
        for (const json& view : *views) {
            if (!view.is_object()) return invalid("each entry of 'views' must be an object");
            sdk::ViewDescriptor descriptor;
            auto view_id = string_field(view, "id", true);
            auto view_name = string_field(view, "name", false);
            auto url = string_field(view, "url", true);
            if (!view_id) return invalid("views: " + view_id.error().message);
            if (!view_name) return invalid("views: " + view_name.error().message);
            if (!url) return invalid("views: " + url.error().message);
            if (url->rfind("qrc:/", 0) != 0)
                return invalid("views: url '" + *url + "' must be a qrc:/ URL inside the tool");
            manifest.views.push_back({*view_id, *view_name, *url});
        }
    }
    if (auto services = root.find("services"); services != root.end()) {
        if (!services->is_array()) return invalid("field 'services' must be an array");
        for (const json& service : *services) {
            if (!service.is_string()) return invalid("each entry of 'services' must be a string");
            manifest.services.push_back(service.get<std::string>());
        }
    }
    return manifest;
}

Result<sdk::ToolManifest> ManifestReader::read_directory(const fs::path& directory) {
    fs::path file = directory / sdk::kManifestFileName;
    std::ifstream in(file, std::ios::binary);
    if (!in) return make_error(ErrorCode::NotFound, "cannot read " + file.string());
    std::ostringstream text;
    text << in.rdbuf();
    if (text.str().size() > 1024 * 1024) return invalid(file.string() + " is larger than 1 MiB");
    auto manifest = parse(text.str());
    if (!manifest) return invalid(file.string() + ": " + manifest.error().message);
    return manifest;
}

}  // namespace grove::platform
