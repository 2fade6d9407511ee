#include "fractionalindex.h"

#include <algorithm>

namespace grove::tools::sketchpad {

namespace {

constexpr std::string_view kDigits =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr int kBase = static_cast<int>(kDigits.size());
constexpr std::size_t kMaxKeyLength = 256;

int digit_value(char c) {
    const auto at = kDigits.find(c);
    return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

// The key between a and b where "" for b means 1.0 (the classic midpoint of fractional
// indexing: common prefix, then the middle digit, or a longer key when digits are adjacent).
std::string midpoint(std::string_view a, std::string_view b) {
    if (!b.empty()) {
        std::size_t common = 0;
        while (common < b.size() && (common < a.size() ? a[common] : '0') == b[common]) ++common;
        if (common > 0) {
            std::string prefix(b.substr(0, common));
            return prefix + midpoint(a.size() > common ? a.substr(common) : std::string_view(),
                                     b.substr(common));
        }
    }
    const int low = a.empty() ? 0 : digit_value(a[0]);
    const int high = b.empty() ? kBase : digit_value(b[0]);
    if (high - low > 1) return std::string(1, kDigits[static_cast<std::size_t>((low + high) / 2)]);
    if (b.size() > 1) return std::string(1, b[0]);
    return std::string(1, kDigits[static_cast<std::size_t>(low)]) +
           midpoint(a.empty() ? std::string_view() : a.substr(1), {});
}

}  // namespace

bool is_valid_fractional_index(std::string_view key) {
    if (key.empty() || key.size() > kMaxKeyLength || key.back() == '0') return false;
    return std::all_of(key.begin(), key.end(), [](char c) { return digit_value(c) >= 0; });
}

std::optional<std::string> fractional_index_between(std::string_view before,
                                                    std::string_view after) {
    if (!before.empty() && !is_valid_fractional_index(before)) return std::nullopt;
    if (!after.empty() && !is_valid_fractional_index(after)) return std::nullopt;
    if (!before.empty() && !after.empty() && before >= after) return std::nullopt;
    std::string key = midpoint(before, after);
    if (key.size() > kMaxKeyLength) return std::nullopt;
    return key;
}

}  // namespace grove::tools::sketchpad
