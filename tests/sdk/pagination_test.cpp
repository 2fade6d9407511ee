// The SDK's list pages (grove/sdk/pagination.h): serve_page covers a list exactly once in pages,
// and refuses forged, foreign and stale tokens and negative sizes.
#include <grove/sdk/pagination.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

using grove::ErrorCode;
using grove::sdk::PageLimits;
using grove::sdk::serve_page;

namespace {

std::string key_of(const std::string& item) {
    return item;
}

std::vector<std::string> numbered(int n) {
    std::vector<std::string> out;
    for (int i = 0; i < n; ++i) out.push_back("item" + std::to_string(i));
    return out;
}

}  // namespace

TEST(SdkPagination, PagesCoverTheListExactlyOnce) {
    const auto items = numbered(10'000);
    std::vector<std::string> seen;
    std::string token;
    int pages = 0;
    do {
        std::size_t in_page = 0;
        auto next = serve_page(items, 997, token, "q", key_of, [&](const std::string& item) {
            seen.push_back(item);
            ++in_page;
        });
        ASSERT_TRUE(next.ok()) << next.error().message;
        EXPECT_LE(in_page, 997u);
        token = *next;
        ++pages;
    } while (!token.empty());
    EXPECT_EQ(pages, 11);
    EXPECT_EQ(seen, items);
}

TEST(SdkPagination, SizesAreDefaultedAndCapped) {
    const auto items = numbered(2'500);
    std::size_t count = 0;
    auto add = [&](const std::string&) { ++count; };
    ASSERT_TRUE(serve_page(items, 0, "", "q", key_of, add).ok());
    EXPECT_EQ(count, 100u);
    count = 0;
    ASSERT_TRUE(serve_page(items, 1 << 30, "", "q", key_of, add).ok());
    EXPECT_EQ(count, 1000u);
    count = 0;
    ASSERT_TRUE(serve_page(items, 0, "", "q", key_of, add, PageLimits{7, 9}).ok());
    EXPECT_EQ(count, 7u);
    auto negative = serve_page(items, -1, "", "q", key_of, add);
    ASSERT_FALSE(negative.ok());
    EXPECT_EQ(negative.error().code, ErrorCode::InvalidArgument);
}

TEST(SdkPagination, ForgedForeignAndStaleTokensAreRefused) {
    auto items = numbered(10);
    auto ignore = [](const std::string&) {};
    auto first = serve_page(items, 3, "", "instance A", key_of, ignore);
    ASSERT_TRUE(first.ok());
    const std::string token = *first;
    ASSERT_FALSE(token.empty());
    std::string forged = token;
    forged[forged.size() / 2] = forged[forged.size() / 2] == '0' ? '1' : '0';
    for (const std::string& bad : {forged, std::string("zz"), token + "00", token.substr(2)}) {
        auto refused = serve_page(items, 3, bad, "instance A", key_of, ignore);
        ASSERT_FALSE(refused.ok()) << bad;
        EXPECT_EQ(refused.error().code, ErrorCode::InvalidArgument);
    }
    // Another query's token.
    auto foreign = serve_page(items, 3, token, "instance B", key_of, ignore);
    ASSERT_FALSE(foreign.ok());
    EXPECT_EQ(foreign.error().code, ErrorCode::InvalidArgument);
    // The item the page ended on is gone.
    items.erase(items.begin() + 2);
    auto stale = serve_page(items, 3, token, "instance A", key_of, ignore);
    ASSERT_FALSE(stale.ok());
    EXPECT_EQ(stale.error().code, ErrorCode::InvalidArgument);
    EXPECT_NE(stale.error().message.find("stale"), std::string::npos);
}
