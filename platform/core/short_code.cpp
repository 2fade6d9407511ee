#include "core/short_code.h"

#include <algorithm>
#include <cctype>

#include "crypto/primitives.h"

namespace grove::platform {

namespace {
constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";  // Crockford: no I L O U
constexpr const char* kExample = "ABCD-EFGH-JKLMN";

// -1 for separators (ignored), -2 for a character that never appears in a code.
int symbol_value(char c) {
    if (c == '-' || c == ' ' || c == '\t' || c == '.' || c == '_') return -1;
    char u = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (u == 'I' || u == 'L') return 1;
    if (u == 'O') return 0;
    for (int i = 0; i < 32; ++i)
        if (kAlphabet[i] == u) return i;
    return -2;
}

// Weights 1, 3, 5, … are odd, so invertible modulo 32: changing any one symbol changes the sum.
std::uint8_t check_symbol(const std::array<std::uint8_t, kShortCodeSymbols>& symbols) {
    unsigned sum = 0;
    for (std::size_t i = 0; i < symbols.size(); ++i) sum += (2 * i + 1) * symbols[i];
    return static_cast<std::uint8_t>(sum % 32);
}

std::string quoted(char c) {
    if (std::isprint(static_cast<unsigned char>(c))) return std::string("'") + c + "'";
    return "a character that cannot be printed";
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

Result<std::string> percent_decode(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '+') {
            out.push_back(' ');
        } else if (s[i] == '%') {
            int hi = i + 2 < s.size() ? hex_value(s[i + 1]) : -1;
            int lo = i + 2 < s.size() ? hex_value(s[i + 2]) : -1;
            if (i + 2 >= s.size() || hi < 0 || lo < 0)
                return make_error(ErrorCode::InvalidArgument,
                                  "the link is damaged: a '%' not followed by two hex digits");
            out.push_back(static_cast<char>(hi * 16 + lo));
            i += 2;
        } else {
            out.push_back(s[i]);
        }
    }
    return out;
}

// HOST:PORT with a port 1..65535 and a host of letters, digits, '.', '-', ':' or [v6].
bool plausible_address(const std::string& a) {
    if (a.empty() || a.size() > 255) return false;
    auto colon = a.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == a.size()) return false;
    auto port = std::string_view(a).substr(colon + 1);
    if (port.size() > 5 || !std::all_of(port.begin(), port.end(), [](char c) {
            return c >= '0' && c <= '9';
        }))
        return false;
    int p = std::stoi(std::string(port));
    if (p < 1 || p > 65535) return false;
    return std::all_of(a.begin(), a.begin() + colon, [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' ||
               c == '[' || c == ']';
    });
}

std::string encode_query_value(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' ||
            c == '[' || c == ']' || c == '_')
            out.push_back(c);
        else {
            static constexpr char kHex[] = "0123456789ABCDEF";
            out.push_back('%');
            out.push_back(kHex[(static_cast<unsigned char>(c) >> 4) & 15]);
            out.push_back(kHex[static_cast<unsigned char>(c) & 15]);
        }
    }
    return out;
}
}  // namespace

ShortCode ShortCode::random() {
    ShortCode code;
    auto bytes = crypto::random_array<kShortCodeSymbols>();
    for (std::size_t i = 0; i < kShortCodeSymbols; ++i) code.symbols[i] = bytes[i] & 31;
    return code;
}

std::string ShortCode::canonical() const {
    std::string out;
    for (auto s : symbols) out.push_back(kAlphabet[s & 31]);
    return out;
}

std::string ShortCode::locator() const { return canonical().substr(0, kShortCodeLocatorSymbols); }

std::string ShortCode::text() const {
    std::string c = canonical();
    c.push_back(kAlphabet[check_symbol(symbols)]);
    return c.substr(0, 4) + "-" + c.substr(4, 4) + "-" + c.substr(8);
}

Result<ShortCode> parse_short_code(std::string_view raw) {
    std::string_view text = trim(raw);
    if (text.empty()) return make_error(ErrorCode::InvalidArgument, "no invitation code given");
    std::vector<std::uint8_t> values;
    for (char c : text) {
        int v = symbol_value(c);
        if (v == -1) continue;
        if (v == -2) {
            char u = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            if (u == 'U')
                return make_error(ErrorCode::InvalidArgument,
                                  "'U' is never used in invitation codes: check that character");
            return make_error(ErrorCode::InvalidArgument,
                              quoted(c) + " cannot be part of an invitation code (codes use "
                                          "letters and digits, like " +
                                  std::string(kExample) + ")");
        }
        values.push_back(static_cast<std::uint8_t>(v));
        if (values.size() > kShortCodeSymbols + 1)
            return make_error(ErrorCode::InvalidArgument,
                              "this is not a short invitation code: it has more than 13 letters "
                              "and digits (a short code looks like " +
                                  std::string(kExample) +
                                  "; a full invitation starts with grove-invite:)");
    }
    if (values.size() < kShortCodeSymbols + 1) {
        const std::size_t missing = kShortCodeSymbols + 1 - values.size();
        return make_error(ErrorCode::InvalidArgument,
                          "the code is too short: " + std::to_string(missing) +
                              (missing == 1 ? " character is" : " characters are") +
                              " missing (a code has 13, like " + std::string(kExample) + ")");
    }
    ShortCode code;
    std::copy_n(values.begin(), kShortCodeSymbols, code.symbols.begin());
    if (check_symbol(code.symbols) != values.back())
        return make_error(ErrorCode::InvalidArgument,
                          "the code has a typo: a character is wrong or two are swapped; compare "
                          "it with the code you were given");
    return code;
}

std::string format_invitation_link(const InvitationLink& link) {
    std::string out = std::string(kInvitationLinkScheme) + "join?code=" + link.code.text();
    for (const auto& p : link.peers) out += "&peer=" + encode_query_value(p);
    for (const auto& r : link.relays) out += "&relay=" + encode_query_value(r);
    return out;
}

bool is_short_invitation_text(std::string_view raw) {
    std::string head = lower(trim(raw).substr(0, 6));
    if (head == kInvitationLinkScheme) return true;
    return head.rfind("grove-", 0) != 0;
}

Result<InvitationLink> parse_invitation_link(std::string_view raw) {
    std::string_view text = trim(raw);
    if (text.size() > kMaxInvitationLinkChars)
        return make_error(ErrorCode::InvalidArgument,
                          "the link is too long (more than " +
                              std::to_string(kMaxInvitationLinkChars) + " characters)");
    if (lower(text.substr(0, 6)) != kInvitationLinkScheme) {
        auto code = parse_short_code(text);
        if (!code) return code.error();
        return InvitationLink{*code, {}, {}};
    }
    std::string_view rest = text.substr(6);
    if (rest.substr(0, 2) == "//") rest.remove_prefix(2);
    auto question = rest.find('?');
    std::string action = lower(rest.substr(0, question));
    if (action != "join" && action != "join/")
        return make_error(ErrorCode::InvalidArgument,
                          "this grove: link is not an invitation (it should start with "
                          "grove:join?code=)");
    if (question == std::string_view::npos)
        return make_error(ErrorCode::InvalidArgument, "the link has no invitation code in it");
    std::string_view query = rest.substr(question + 1);
    InvitationLink link;
    bool have_code = false;
    while (!query.empty()) {
        auto amp = query.find('&');
        std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        if (pair.empty()) continue;
        auto eq = pair.find('=');
        std::string key = lower(pair.substr(0, eq));
        auto value = percent_decode(eq == std::string_view::npos ? "" : pair.substr(eq + 1));
        if (!value) return value.error();
        if (key == "code") {
            if (have_code)
                return make_error(ErrorCode::InvalidArgument, "the link names two codes");
            auto code = parse_short_code(*value);
            if (!code) return code.error();
            link.code = *code;
            have_code = true;
        } else if (key == "peer" || key == "relay") {
            auto& list = key == "peer" ? link.peers : link.relays;
            if (!plausible_address(*value))
                return make_error(ErrorCode::InvalidArgument,
                                  "the link is damaged: its " + key +
                                      " address is not HOST:PORT");
            if (list.size() == kMaxInvitationLinkAddresses)
                return make_error(ErrorCode::InvalidArgument,
                                  "the link names more than " +
                                      std::to_string(kMaxInvitationLinkAddresses) + " " + key +
                                      " addresses");
            if (std::find(list.begin(), list.end(), *value) == list.end())
                list.push_back(std::move(value).value());
        }
        // Other keys: ignored (a newer link may carry more).
    }
    if (!have_code)
        return make_error(ErrorCode::InvalidArgument, "the link has no invitation code in it");
    return link;
}

}  // namespace grove::platform
