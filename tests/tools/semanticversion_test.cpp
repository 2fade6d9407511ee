// SemanticVersion parsing and ordering, and the CompatVersion <= V <= Version rule.
#include <grove/sdk/semanticversion.h>
#include <gtest/gtest.h>

using grove::sdk::SemanticVersion;

static SemanticVersion v(const char* text) {
    auto parsed = SemanticVersion::parse(text);
    EXPECT_TRUE(parsed.has_value()) << text;
    return parsed.value_or(SemanticVersion{});
}

TEST(SemanticVersion, ParsesShortAndFullForms) {
    EXPECT_EQ(v("1"), SemanticVersion(1, 0, 0));
    EXPECT_EQ(v("1.2"), SemanticVersion(1, 2, 0));
    EXPECT_EQ(v("1.2.3").to_string(), "1.2.3");
    EXPECT_EQ(v("2.0.0-beta.1").to_string(), "2.0.0-beta.1");
    EXPECT_EQ(v("2.0.0+build.7"), SemanticVersion(2, 0, 0));
}

TEST(SemanticVersion, RejectsGarbage) {
    for (const char* bad : {"", "1.", ".1", "1.2.3.4", "a.b.c", "01.2.3", "1.2.3-", "1.2.3-be$ta",
                            "1.2.3+", "-1.2", "1..2", "99999999999.0.0"})
        EXPECT_FALSE(SemanticVersion::parse(bad).has_value()) << bad;
}

TEST(SemanticVersion, OrdersBySemVerPrecedence) {
    const char* ascending[] = {"1.0.0-alpha",  "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                               "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1",       "1.0.0",
                               "1.0.1",        "1.2.0",         "1.10.0",           "2.0.0"};
    for (std::size_t i = 0; i + 1 < std::size(ascending); ++i) {
        EXPECT_LT(v(ascending[i]), v(ascending[i + 1]))
            << ascending[i] << " < " << ascending[i + 1];
        EXPECT_GT(v(ascending[i + 1]), v(ascending[i]));
    }
}

TEST(SemanticVersion, QtCreatorCompatibilityRule) {
    // Discussion 1.3 compatible back to 1.0 stands in for 1.0 … 1.3, nothing else.
    EXPECT_TRUE(grove::sdk::provides(v("1.0"), v("1.3"), v("1.0")));
    EXPECT_TRUE(grove::sdk::provides(v("1.0"), v("1.3"), v("1.2.5")));
    EXPECT_TRUE(grove::sdk::provides(v("1.0"), v("1.3"), v("1.3")));
    EXPECT_FALSE(grove::sdk::provides(v("1.0"), v("1.3"), v("1.4")));
    EXPECT_FALSE(grove::sdk::provides(v("2.0"), v("3.0"), v("1.9")));
}
