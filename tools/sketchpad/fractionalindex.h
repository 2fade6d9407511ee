// Fractional indexes: strings that sort between any two others, so a shape's place in the z-order
// (or a page's among pages) is one register write that never renumbers its neighbours.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace grove::tools::sketchpad {

// Keys are an integer part whose first character gives its length ('a0', 'a1', … 'az', 'b00', …)
// and a fraction; digits are '0'-'9', 'A'-'Z', 'a'-'z' (base 62, in ASCII order); a fraction
// never ends in '0', so there is always room between two keys. At most 256 characters.
bool is_valid_fractional_index(std::string_view key);

// A key strictly between `before` and `after` (either may be empty: the start or the end).
// nullopt when before >= after or either is not a valid key.
std::optional<std::string> fractional_index_between(std::string_view before,
                                                    std::string_view after);

}  // namespace grove::tools::sketchpad
