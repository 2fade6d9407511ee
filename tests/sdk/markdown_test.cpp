// The SDK's Markdown renderer (grove/sdk/markdown.h) that Discussion and Notepad both show:
// CommonMark rendered, raw HTML and dangerous links removed, images turned into links.
#include <gtest/gtest.h>

#include <grove/sdk/markdown.h>

using grove::sdk::markdown_to_safe_html;

TEST(SdkMarkdown, RendersCommonMark) {
    std::string html = markdown_to_safe_html("Hello *world*\n\n- one\n- two\n\n`code`");
    EXPECT_NE(html.find("<em>world</em>"), std::string::npos) << html;
    EXPECT_NE(html.find("<li>one</li>"), std::string::npos) << html;
    EXPECT_NE(html.find("<code>code</code>"), std::string::npos) << html;
}

TEST(SdkMarkdown, DropsRawHtmlAndDangerousLinks) {
    std::string html = markdown_to_safe_html(
        "<script>alert(1)</script>\n\nhi <b onclick=\"x()\">there</b> "
        "[click](javascript:alert(1)) [v](vbscript:x) [f](file:///etc/passwd) "
        "[ok](https://grove.example/)");
    EXPECT_EQ(html.find("<script"), std::string::npos) << html;
    EXPECT_EQ(html.find("<b"), std::string::npos) << html;
    EXPECT_EQ(html.find("onclick"), std::string::npos) << html;
    EXPECT_EQ(html.find("javascript:"), std::string::npos) << html;
    EXPECT_EQ(html.find("vbscript:"), std::string::npos) << html;
    EXPECT_EQ(html.find("file:"), std::string::npos) << html;
    EXPECT_NE(html.find("href=\"https://grove.example/\""), std::string::npos) << html;
}

// Raw HTML leaves no trace (no placeholder comment, after which Qt's rich text dropped a space):
// the words around it read as written.
TEST(SdkMarkdown, RawHtmlGoesWithoutTakingTheWordsApart) {
    EXPECT_EQ(markdown_to_safe_html("the <b>design</b> doc"), "<p>the design doc</p>\n");
    const std::string block = markdown_to_safe_html("<div>\nhidden\n</div>\n\nafter");
    EXPECT_EQ(block.find("<!--"), std::string::npos) << block;
    EXPECT_EQ(block.find("hidden"), std::string::npos) << block;
    EXPECT_NE(block.find("<p>after</p>"), std::string::npos) << block;
}

TEST(SdkMarkdown, TurnsImagesIntoLinks) {
    std::string html =
        markdown_to_safe_html("look ![a cat](https://tracker.example/pixel.png \"t\")");
    EXPECT_EQ(html.find("<img"), std::string::npos) << html;
    EXPECT_NE(html.find("<a href=\"https://tracker.example/pixel.png\" title=\"t\">a cat</a>"),
              std::string::npos)
        << html;
}

TEST(SdkMarkdown, InvalidUtf8IsReplacedNotPassedOn) {
    std::string html = markdown_to_safe_html("bad \xff\xfe bytes");
    EXPECT_EQ(html.find('\xff'), std::string::npos);
    EXPECT_NE(html.find("bytes"), std::string::npos) << html;
}
