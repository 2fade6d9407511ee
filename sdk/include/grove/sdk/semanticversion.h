// SemanticVersion: a tool's version ("1.2.0", "2.0.0-beta.1"), parsed and ordered by SemVer 2.0
// precedence, plus the Qt Creator compatibility rule the host uses to match tools to instances.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace grove::sdk {

class SemanticVersion {
public:
    SemanticVersion() = default;
    SemanticVersion(std::uint32_t major, std::uint32_t minor, std::uint32_t patch)
        : major_(major), minor_(minor), patch_(patch) {}

    // Accepts "MAJOR", "MAJOR.MINOR" and "MAJOR.MINOR.PATCH", each optionally followed by
    // "-prerelease.ids" and "+build". Missing parts are 0. Anything else is nullopt.
    static std::optional<SemanticVersion> parse(std::string_view text) {
        SemanticVersion version;
        std::string_view rest = text;
        if (auto plus = rest.find('+'); plus != std::string_view::npos) {
            if (plus + 1 == rest.size()) return std::nullopt;
            rest = rest.substr(0, plus);
        }
        std::string_view core = rest;
        if (auto dash = rest.find('-'); dash != std::string_view::npos) {
            core = rest.substr(0, dash);
            std::string_view pre = rest.substr(dash + 1);
            if (pre.empty()) return std::nullopt;
            while (true) {
                auto dot = pre.find('.');
                std::string_view part = pre.substr(0, dot);
                if (part.empty()) return std::nullopt;
                for (char c : part) {
                    bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                              (c >= 'A' && c <= 'Z') || c == '-';
                    if (!ok) return std::nullopt;
                }
                version.prerelease_.emplace_back(part);
                if (dot == std::string_view::npos) break;
                pre = pre.substr(dot + 1);
            }
        }
        std::uint32_t* fields[3] = {&version.major_, &version.minor_, &version.patch_};
        int index = 0;
        while (true) {
            if (index == 3) return std::nullopt;
            auto dot = core.find('.');
            std::string_view part = core.substr(0, dot);
            auto number = parse_number(part);
            if (!number) return std::nullopt;
            *fields[index++] = *number;
            if (dot == std::string_view::npos) break;
            core = core.substr(dot + 1);
        }
        return version;
    }

    std::uint32_t major() const { return major_; }
    std::uint32_t minor() const { return minor_; }
    std::uint32_t patch() const { return patch_; }
    const std::vector<std::string>& prerelease() const { return prerelease_; }

    std::string to_string() const {
        std::string out =
            std::to_string(major_) + "." + std::to_string(minor_) + "." + std::to_string(patch_);
        for (std::size_t i = 0; i < prerelease_.size(); ++i) {
            out += (i == 0 ? "-" : ".");
            out += prerelease_[i];
        }
        return out;
    }

    // SemVer 2.0 precedence: numeric core first; a pre-release sorts before its release;
    // pre-release identifiers compare numerically when both are numbers, else as text.
    friend std::strong_ordering operator<=>(const SemanticVersion& a, const SemanticVersion& b) {
        if (auto c = a.major_ <=> b.major_; c != 0) return c;
        if (auto c = a.minor_ <=> b.minor_; c != 0) return c;
        if (auto c = a.patch_ <=> b.patch_; c != 0) return c;
        if (a.prerelease_.empty() || b.prerelease_.empty())
            return b.prerelease_.size() == a.prerelease_.size() ? std::strong_ordering::equal
                   : a.prerelease_.empty()                      ? std::strong_ordering::greater
                                                                : std::strong_ordering::less;
        for (std::size_t i = 0; i < a.prerelease_.size() && i < b.prerelease_.size(); ++i) {
            const std::string& x = a.prerelease_[i];
            const std::string& y = b.prerelease_[i];
            auto xn = parse_number(x);
            auto yn = parse_number(y);
            if (xn && yn) {
                if (auto c = *xn <=> *yn; c != 0) return c;
            } else if (xn || yn) {
                return xn ? std::strong_ordering::less : std::strong_ordering::greater;
            } else if (auto c = x.compare(y); c != 0) {
                return c < 0 ? std::strong_ordering::less : std::strong_ordering::greater;
            }
        }
        return a.prerelease_.size() <=> b.prerelease_.size();
    }
    friend bool operator==(const SemanticVersion& a, const SemanticVersion& b) {
        return (a <=> b) == 0;
    }

private:
    static std::optional<std::uint32_t> parse_number(std::string_view part) {
        if (part.empty() || part.size() > 9) return std::nullopt;
        if (part.size() > 1 && part[0] == '0') return std::nullopt;  // no leading zeros
        std::uint32_t value = 0;
        for (char c : part) {
            if (c < '0' || c > '9') return std::nullopt;
            value = value * 10 + static_cast<std::uint32_t>(c - '0');
        }
        return value;
    }

    std::uint32_t major_ = 0;
    std::uint32_t minor_ = 0;
    std::uint32_t patch_ = 0;
    std::vector<std::string> prerelease_;
};

// The Qt Creator rule: a tool whose manifest says (compat_version, version) can stand in for
// `wanted` when compat_version <= wanted <= version. The host uses it to decide whether the
// installed tool can open an instance that requires `wanted` (AddToolInstance.min_version).
inline bool provides(const SemanticVersion& compat_version, const SemanticVersion& version,
                     const SemanticVersion& wanted) {
    return compat_version <= wanted && wanted <= version;
}

}  // namespace grove::sdk
