#include "passphrase_file.h"

#include <fstream>
#include <iostream>
#include <iterator>

namespace grove::apps::grovectl {

std::optional<std::string> read_passphrase_file(const std::string& file) {
    std::string content;
    if (file == "-") {
        content.assign(std::istreambuf_iterator<char>(std::cin), {});
    } else {
        std::ifstream in(file, std::ios::binary);
        if (!in) {
            std::cerr << "grovectl: cannot read the passphrase file " << file << '\n';
            return std::nullopt;
        }
        content.assign(std::istreambuf_iterator<char>(in), {});
    }
    if (!content.empty() && content.back() == '\n') content.pop_back();
    if (!content.empty() && content.back() == '\r') content.pop_back();
    if (content.empty()) {
        std::cerr << "grovectl: the passphrase file " << file << " is empty\n";
        return std::nullopt;
    }
    return content;
}

}  // namespace grove::apps::grovectl
