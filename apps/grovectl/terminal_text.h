// Makes text from other people safe to print on a terminal: control characters become visible
// escapes, so a member's message cannot move the cursor, retitle the window or clear the screen.
#pragma once

#include <string>
#include <string_view>

namespace grove::apps::grovectl {

// `text` with every character a terminal would act on written as a visible escape:
//   - C0 controls except newline and tab, and DEL: `\xNN` (ESC starts every escape sequence, so
//     escaping it leaves a sequence as inert text: "\x1b[2J");
//   - C1 controls (U+0080 to U+009F, which some terminals obey like ESC sequences): `\u00NN`;
//   - bytes that are not well-formed UTF-8: `\xNN`.
// Everything else, including newlines, tabs and backslashes, passes unchanged.
std::string terminal_safe(std::string_view text);

}  // namespace grove::apps::grovectl
