// CommandRunner: grovectl's commands, one method each — call the API, print, return an exit code.
// main.cpp maps the command line onto these; errors go to stderr, results to stdout.
#pragma once

#include <grpcpp/support/status.h>

#include <cstdint>
#include <iosfwd>
#include <string>

#include "api_client.h"

namespace grove::apps::grovectl {

class CommandRunner {
public:
    CommandRunner(ApiClient& client, bool json, std::ostream& out, std::ostream& err);

    int account_create(const std::string& name, const std::string& passphrase);
    int account_unlock(const std::string& passphrase);
    int account_lock();
    int account_show();
    int space_create(const std::string& name);
    int space_list();
    int space_show(const std::string& space);
    int chat_post(const std::string& space, const std::string& text);
    int chat_list(const std::string& space, std::uint32_t limit);
    int chat_edit(const std::string& space, const std::string& id, const std::string& text);
    int chat_delete(const std::string& space, const std::string& id);
    // Streams events until SIGINT/SIGTERM (which must be blocked in every thread by the caller,
    // before the client was created) or until the stream ends. Interrupted → 0.
    int watch(const std::string& space, bool include_existing);

private:
    int print_account(const grove::api::v1::Account& account);
    int print_message(const grove::api::v1::ChatMessage& message, bool id_only);
    int fail(const grpc::Status& status, const std::string& doing);

    ApiClient& client_;
    bool json_;
    std::ostream& out_;
    std::ostream& err_;
};

}  // namespace grove::apps::grovectl
