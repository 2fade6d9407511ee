// terminal_safe(): what grovectl prints of other people's text cannot drive the terminal.
#include "terminal_text.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace grove::apps::grovectl {
namespace {

TEST(TerminalText, PlainTextNewlinesTabsAndUnicodePassUnchanged) {
    const std::string text = "zweite Nachricht — ünïcödé ✓ 🌲\tcolumn\nline two \\x1b C:\\path";
    EXPECT_EQ(terminal_safe(text), text);
    EXPECT_EQ(terminal_safe(""), "");
}

TEST(TerminalText, EscapeSequencesBecomeInertText) {
    EXPECT_EQ(terminal_safe("\x1b]0;pwned\x07\x1b[2J"), "\\x1b]0;pwned\\x07\\x1b[2J");
    EXPECT_EQ(terminal_safe("a\x1b[?1049hb"), "a\\x1b[?1049hb");
}

TEST(TerminalText, EveryC0ControlButNewlineAndTabAndDelAreEscaped) {
    for (int c = 0; c < 0x20; ++c) {
        const std::string in(1, static_cast<char>(c));
        if (c == '\n' || c == '\t') {
            EXPECT_EQ(terminal_safe(in), in);
        } else {
            char expected[8];
            std::snprintf(expected, sizeof expected, "\\x%02x", c);
            EXPECT_EQ(terminal_safe(in), expected) << c;
        }
    }
    EXPECT_EQ(terminal_safe(std::string("a\0b", 3)), "a\\x00b");
    EXPECT_EQ(terminal_safe("over\rwrite"), "over\\x0dwrite");
    EXPECT_EQ(terminal_safe("\x7f"), "\\x7f");
}

TEST(TerminalText, C1ControlsInUtf8AreEscaped) {
    EXPECT_EQ(terminal_safe("\xc2\x9b"
                            "31m"),
              "\\u009b31m");  // CSI
    EXPECT_EQ(terminal_safe("\xc2\x80\xc2\x9d\xc2\x9f"), "\\u0080\\u009d\\u009f");
    EXPECT_EQ(terminal_safe("\xc2\xa0\xc2\xa9"), "\xc2\xa0\xc2\xa9");  // NBSP, © stay
}

TEST(TerminalText, MalformedUtf8BytesAreEscaped) {
    EXPECT_EQ(terminal_safe("\x9b"
                            "2J"),
              "\\x9b2J");                                                  // a raw 8-bit CSI
    EXPECT_EQ(terminal_safe("\xc0\xaf"), "\\xc0\\xaf");                    // overlong '/'
    EXPECT_EQ(terminal_safe("\xe0\x80\x80"), "\\xe0\\x80\\x80");           // overlong NUL
    EXPECT_EQ(terminal_safe("\xed\xa0\x80"), "\\xed\\xa0\\x80");           // a surrogate
    EXPECT_EQ(terminal_safe("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80");  // past U+10FFFF
    EXPECT_EQ(terminal_safe("ab\xe2\x82"), "ab\\xe2\\x82");                // cut short at the end
    EXPECT_EQ(terminal_safe("\xe2\x82\xac"), "\xe2\x82\xac");              // € is fine
}

TEST(TerminalText, TheOutputNeverHoldsAControlByte) {
    std::string every_byte;
    for (int c = 0; c < 256; ++c) every_byte += static_cast<char>(c);
    const std::string out = terminal_safe(every_byte + every_byte);
    for (char ch : out) {
        const auto c = static_cast<unsigned char>(ch);
        EXPECT_TRUE(c == '\n' || c == '\t' || (c >= 0x20 && c < 0x7f)) << int(c);
    }
}

}  // namespace
}  // namespace grove::apps::grovectl
