#include "command_context.h"

#include <ostream>

#include "terminal_text.h"

namespace grove::apps::grovectl {

CommandContext::CommandContext(ApiClient& client, bool json, std::ostream& out, std::ostream& err)
    : client_(client), json_(json), out_(out), err_(err) {}

int CommandContext::fail(const grpc::Status& status, std::string_view doing) {
    const std::string why = status.error_message();
    switch (status.error_code()) {
        case grpc::StatusCode::UNAVAILABLE:
            note("groved is not reachable at " + client_.address() + " (" + why + ")");
            break;
        case grpc::StatusCode::DEADLINE_EXCEEDED:
            note(std::string(doing) + ": no answer from groved in time");
            break;
        case grpc::StatusCode::UNAUTHENTICATED:
            note(std::string(doing) + ": unauthenticated: " + why);
            break;
        default:
            note(std::string(doing) + ": " + why);
    }
    return exit_code_for(status.error_code());
}

int CommandContext::print(const nlohmann::json& document, std::string_view text) {
    if (json_) {
        out_ << document.dump() << '\n';
    } else if (!text.empty()) {
        out_ << terminal_safe(text);
        if (text.back() != '\n') out_ << '\n';
    }
    out_.flush();
    return kExitOk;
}

void CommandContext::note(std::string_view text) {
    err_ << "grovectl: " << terminal_safe(text) << std::endl;
}

}  // namespace grove::apps::grovectl
