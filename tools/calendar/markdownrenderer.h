// MarkdownRenderer: turns an event description into HTML that is safe to show — cmark (CommonMark)
// with CMARK_OPT_SAFE: raw HTML dropped, dangerous URLs blanked, images turned into plain links.
#pragma once

#include <string>
#include <string_view>

namespace grove::tools::calendar {

class MarkdownRenderer {
public:
    // Never fails: invalid UTF-8 is replaced, anything unsafe is removed.
    static std::string to_html(std::string_view markdown);
};

}  // namespace grove::tools::calendar
