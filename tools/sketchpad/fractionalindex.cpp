#include "fractionalindex.h"

#include <algorithm>

namespace grove::tools::sketchpad {

// The scheme of rocicorp/fractional-indexing (after David Greenspan's "Implementing Fractional
// Indexing"): a key is a variable-length integer part — its first character gives its length,
// 'a'..'z' for 2..27 characters counting up, 'A'..'Z' for negatives — then a fraction. Appending
// increments the integer, so 10,000 appends give keys of 4 characters, not 1,600.
namespace {

constexpr std::string_view kDigits =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr int kBase = static_cast<int>(kDigits.size());
constexpr std::size_t kMaxKeyLength = 256;
const std::string kSmallestInteger = "A" + std::string(26, '0');

int digit_value(char c) {
    const auto at = kDigits.find(c);
    return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

// Length of the integer part a key starting with `head` has (0: not a valid head).
std::size_t integer_length(char head) {
    if (head >= 'a' && head <= 'z') return static_cast<std::size_t>(head - 'a' + 2);
    if (head >= 'A' && head <= 'Z') return static_cast<std::size_t>('Z' - head + 2);
    return 0;
}

std::string_view integer_part(std::string_view key) {
    return key.substr(0, integer_length(key[0]));
}

// The key between a and b where "" for b means 1.0 (fractions: common prefix, then the middle
// digit, or a longer key when the digits are adjacent).
std::string midpoint(std::string_view a, std::string_view b) {
    if (!b.empty()) {
        std::size_t common = 0;
        while (common < b.size() && (common < a.size() ? a[common] : '0') == b[common]) ++common;
        if (common > 0) {
            std::string key(b.substr(0, common));
            key += midpoint(a.size() > common ? a.substr(common) : std::string_view(),
                            b.substr(common));
            return key;
        }
    }
    const int low = a.empty() ? 0 : digit_value(a[0]);
    const int high = b.empty() ? kBase : digit_value(b[0]);
    if (high - low > 1) return std::string(1, kDigits[static_cast<std::size_t>((low + high) / 2)]);
    if (b.size() > 1) return std::string(1, b[0]);
    std::string key(1, kDigits[static_cast<std::size_t>(low)]);
    key += midpoint(a.empty() ? std::string_view() : a.substr(1), {});
    return key;
}

std::optional<std::string> increment_integer(std::string_view integer) {
    char head = integer[0];
    std::string digits(integer.substr(1));
    bool carry = true;
    for (auto it = digits.rbegin(); carry && it != digits.rend(); ++it) {
        const int value = digit_value(*it) + 1;
        carry = value == kBase;
        *it = kDigits[static_cast<std::size_t>(carry ? 0 : value)];
    }
    if (!carry) return std::string(1, head) + digits;
    if (head == 'Z') return std::string("a0");
    if (head == 'z') return std::nullopt;
    ++head;
    if (head > 'a')
        digits.push_back('0');
    else
        digits.pop_back();
    return std::string(1, head) + digits;
}

std::optional<std::string> decrement_integer(std::string_view integer) {
    char head = integer[0];
    std::string digits(integer.substr(1));
    bool borrow = true;
    for (auto it = digits.rbegin(); borrow && it != digits.rend(); ++it) {
        const int value = digit_value(*it) - 1;
        borrow = value == -1;
        *it = kDigits[static_cast<std::size_t>(borrow ? kBase - 1 : value)];
    }
    if (!borrow) return std::string(1, head) + digits;
    if (head == 'a') return std::string{'Z', kDigits.back()};
    if (head == 'A') return std::nullopt;
    --head;
    if (head < 'Z')
        digits.push_back(kDigits.back());
    else
        digits.pop_back();
    return std::string(1, head) + digits;
}

}  // namespace

bool is_valid_fractional_index(std::string_view key) {
    if (key.empty() || key.size() > kMaxKeyLength) return false;
    const std::size_t length = integer_length(key[0]);
    if (length == 0 || key.size() < length) return false;
    if (!std::all_of(key.begin() + 1, key.end(), [](char c) { return digit_value(c) >= 0; }))
        return false;
    if (key.substr(0, length) == kSmallestInteger) return false;
    return key.size() == length || key.back() != '0';
}

std::optional<std::string> fractional_index_between(std::string_view a, std::string_view b) {
    if (!a.empty() && !is_valid_fractional_index(a)) return std::nullopt;
    if (!b.empty() && !is_valid_fractional_index(b)) return std::nullopt;
    if (!a.empty() && !b.empty() && a >= b) return std::nullopt;
    std::optional<std::string> key;
    if (a.empty() && b.empty()) {
        key = "a0";
    } else if (a.empty()) {
        const std::string_view ib = integer_part(b);
        const std::string_view fb = b.substr(ib.size());
        if (ib == kSmallestInteger)
            key = std::string(ib) + midpoint({}, fb);
        else if (ib < b)
            key = std::string(ib);
        else
            key = decrement_integer(ib);
    } else if (b.empty()) {
        const std::string_view ia = integer_part(a);
        const std::string_view fa = a.substr(ia.size());
        key = increment_integer(ia);
        if (!key) key = std::string(ia) + midpoint(fa, {});
    } else {
        const std::string_view ia = integer_part(a);
        const std::string_view fa = a.substr(ia.size());
        const std::string_view ib = integer_part(b);
        const std::string_view fb = b.substr(ib.size());
        if (ia == ib) {
            key = std::string(ia) + midpoint(fa, fb);
        } else {
            key = increment_integer(ia);
            if (!key || !(*key < b)) key = std::string(ia) + midpoint(fa, {});
        }
    }
    if (!key || key->size() > kMaxKeyLength || !is_valid_fractional_index(*key))
        return std::nullopt;
    return key;
}

}  // namespace grove::tools::sketchpad
