// MarkdownRenderer: a document's Markdown as safe HTML for the live preview and the HTML export
// (cmark's safe mode: no raw HTML, no javascript: links; images become links).
#pragma once

#include <string>
#include <string_view>

namespace grove::tools::notepad {

struct MarkdownRenderer {
    static std::string to_html(std::string_view markdown);
};

}  // namespace grove::tools::notepad
