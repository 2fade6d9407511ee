// Pagination for list calls (Google AIP-158): page_size with a default and a maximum, opaque
// page tokens that carry where the next page starts and which query they belong to, and serving
// a page of a list held in memory.
#pragma once

#include <grove/sdk/result.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace grove::sdk {

struct PageLimits {
    std::uint32_t default_size = 100;  // page_size 0
    std::uint32_t max_size = 1000;     // larger page_size values are lowered to this
};

// What a list handler needs to serve one page: how many items at most, and the key of the last
// item the previous page held (none on the first page). Items are listed strictly after it, in
// the list's own order, so pages neither repeat nor skip an item that stays in place.
struct PageRequest {
    std::uint32_t size = 0;
    std::optional<std::string> after;
};

class PageTokens {
public:
    // `query` names everything that selects the list other than the page fields (the instance,
    // a search text…): a token is valid only with the same query.
    // INVALID_ARGUMENT for a negative page_size, a token that was not issued for this query, or
    // one that was altered.
    static Result<PageRequest> parse(std::int32_t page_size, std::string_view page_token,
                                     std::string_view query, PageLimits limits = {}) {
        if (page_size < 0) return make_error(ErrorCode::InvalidArgument, "page_size is negative");
        PageRequest out;
        out.size = page_size == 0 ? limits.default_size
                                  : std::min<std::uint32_t>(static_cast<std::uint32_t>(page_size),
                                                            limits.max_size);
        if (page_token.empty()) return out;
        auto raw = from_hex(page_token);
        const std::string prefix = header(query);
        if (!raw || raw->size() < prefix.size() + 8 ||
            raw->compare(0, prefix.size(), prefix) != 0 ||
            check(*raw, raw->size() - 8) != raw->substr(raw->size() - 8))
            return make_error(ErrorCode::InvalidArgument,
                              "invalid page_token: pass back next_page_token unchanged, with the "
                              "same request otherwise");
        out.after = raw->substr(prefix.size(), raw->size() - prefix.size() - 8);
        return out;
    }

    // The token for the page after the item whose key is `last_key`.
    static std::string next(std::string_view last_key, std::string_view query) {
        std::string raw = header(query);
        raw += last_key;
        raw += check(raw, raw.size());
        return to_hex(raw);
    }

private:
    // FNV-1a, 64 bits: stable across runs and builds, so tokens outlive a restart.
    static std::uint64_t fnv(std::string_view data, std::uint64_t hash = 14695981039346656037ull) {
        for (unsigned char c : data) {
            hash ^= c;
            hash *= 1099511628211ull;
        }
        return hash;
    }
    static std::string u64(std::uint64_t value) {
        std::string out(8, '\0');
        for (int i = 0; i < 8; ++i) out[i] = static_cast<char>(value >> (8 * i));
        return out;
    }
    static std::string header(std::string_view query) { return "p1" + u64(fnv(query)); }
    // A checksum of everything before it: an altered key is refused instead of listing from an
    // arbitrary place. (Not a secret: tokens only say where a list resumes.)
    static std::string check(const std::string& raw, std::size_t length) {
        return u64(fnv(std::string_view(raw).substr(0, length), 0x9e3779b97f4a7c15ull));
    }
    static std::string to_hex(std::string_view raw) {
        static constexpr char kDigits[] = "0123456789abcdef";
        std::string out;
        out.reserve(raw.size() * 2);
        for (unsigned char c : raw) {
            out += kDigits[c >> 4];
            out += kDigits[c & 0xf];
        }
        return out;
    }
    static std::optional<std::string> from_hex(std::string_view text) {
        if (text.size() % 2 != 0 || text.size() > 2048) return std::nullopt;
        auto digit = [](char c) -> int {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            return -1;
        };
        std::string out;
        for (std::size_t i = 0; i < text.size(); i += 2) {
            const int high = digit(text[i]), low = digit(text[i + 1]);
            if (high < 0 || low < 0) return std::nullopt;
            out += static_cast<char>(high * 16 + low);
        }
        return out;
    }
};

// Serves one page of a list held whole in memory, in its order: hands `add` the items after the
// previous page's last one (found by its key) and returns the next page's token (empty on the
// last page). `key_of(item)` is an item's unique, stable key (an id); `query` as for PageTokens.
// INVALID_ARGUMENT for what PageTokens::parse refuses, and for a stale token (the item it ended
// on is gone: list again from the first page).
template <class Items, class KeyOf, class Add>
Result<std::string> serve_page(const Items& items, std::int32_t page_size,
                               std::string_view page_token, std::string_view query, KeyOf key_of,
                               Add add, PageLimits limits = {}) {
    auto page = PageTokens::parse(page_size, page_token, query, limits);
    if (!page) return page.error();
    auto it = items.begin();
    if (page->after) {
        while (it != items.end() && key_of(*it) != *page->after) ++it;
        if (it == items.end())
            return make_error(ErrorCode::InvalidArgument,
                              "stale page_token: the item the previous page ended on is gone; "
                              "list again from the first page");
        ++it;
    }
    std::string last;
    for (std::uint32_t n = 0; it != items.end() && n < page->size; ++it, ++n) {
        last = key_of(*it);
        add(*it);
    }
    if (it == items.end() || last.empty()) return std::string();
    return PageTokens::next(last, query);
}

}  // namespace grove::sdk
