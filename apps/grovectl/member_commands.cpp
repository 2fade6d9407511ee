// CommandRunner's membership and API-token commands: member list|role|remove, space leave,
// invite revoke, token create|list|revoke.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ostream>

#include "commands.h"
#include "exit_codes.h"
#include "output.h"

namespace grove::apps::grovectl {

namespace v1 = grove::api::v1;

namespace {

// Writes `secret` and a newline to a new file of mode 0600 (never over an existing one).
bool write_secret_file(const std::string& path, const std::string& secret, std::string& why) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        why = std::strerror(errno);
        return false;
    }
    const std::string line = secret + "\n";
    std::size_t done = 0;
    bool ok = ::fchmod(fd, 0600) == 0;
    while (ok && done < line.size()) {
        const ssize_t n = ::write(fd, line.data() + done, line.size() - done);
        if (n < 0 && errno == EINTR) continue;
        ok = n > 0;
        if (ok) done += static_cast<std::size_t>(n);
    }
    ok = ok && ::fsync(fd) == 0;
    if (!ok) why = std::strerror(errno);
    ::close(fd);
    if (!ok) ::unlink(path.c_str());
    return ok;
}

}  // namespace

int CommandRunner::member_list(const std::string& space) {
    v1::ListMembersRequest request;
    request.set_space(space);
    v1::ListMembersResponse response;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = client_.members().List(context.get(), request, &response);
    if (!status.ok()) return fail(status, "cannot list the members");
    return print_list("members", response.members(),
                      [](const auto& item) { return format_member_line(item); });
}

int CommandRunner::member_role(const std::string& space, const std::string& member,
                               const std::string& role) {
    v1::ChangeRoleRequest request;
    request.set_space(space);
    request.set_member(member);
    request.set_role(role);
    v1::Member changed;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = client_.members().ChangeRole(context.get(), request, &changed);
    if (!status.ok()) return fail(status, "cannot change the role");
    if (json_)
        out_ << to_json(changed).dump() << '\n';
    else
        out_ << format_member_line(changed) << '\n';
    return kExitOk;
}

int CommandRunner::member_remove(const std::string& space, const std::string& member) {
    v1::RemoveMemberRequest request;
    request.set_space(space);
    request.set_member(member);
    v1::Empty empty;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = client_.members().Remove(context.get(), request, &empty);
    if (!status.ok()) return fail(status, "cannot remove the member");
    if (json_) out_ << nlohmann::json{{"removed", member}, {"space", space}}.dump() << '\n';
    return kExitOk;
}

int CommandRunner::space_leave(const std::string& space) {
    v1::LeaveSpaceRequest request;
    request.set_space(space);
    v1::Empty empty;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = client_.members().Leave(context.get(), request, &empty);
    if (!status.ok()) return fail(status, "cannot leave the space");
    if (json_) out_ << nlohmann::json{{"left", space}}.dump() << '\n';
    return kExitOk;
}

int CommandRunner::peer_connect(const std::string& address, bool relay) {
    v1::ConnectRequest request;
    request.set_address(address);
    request.set_relay(relay);
    v1::Empty empty;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = client_.sync().Connect(context.get(), request, &empty);
    if (!status.ok()) return fail(status, relay ? "cannot use the relay" : "cannot connect");
    if (json_)
        out_ << nlohmann::json{{"connecting", address}, {"relay", relay}}.dump() << '\n';
    else
        out_ << (relay ? "using relay " : "connecting to ") << address
             << " (kept, re-dialed with backoff)\n";
    return kExitOk;
}

int CommandRunner::invite_revoke(const std::string& space, const std::string& invitation_id) {
    v1::RevokeInvitationRequest request;
    request.set_space(space);
    request.set_invitation_id(invitation_id);
    v1::Empty empty;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = client_.sync().RevokeInvitation(context.get(), request, &empty);
    if (!status.ok()) return fail(status, "cannot revoke the invitation");
    if (json_) out_ << nlohmann::json{{"revoked", invitation_id}, {"space", space}}.dump() << '\n';
    return kExitOk;
}

int CommandRunner::token_create(const std::string& name, const std::string& scope,
                                const std::vector<std::string>& spaces,
                                const std::string& save_to) {
    v1::CreateTokenRequest request;
    request.set_name(name);
    request.set_scope(scope);
    for (const auto& space : spaces) request.add_spaces(space);
    v1::CreatedToken created;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = client_.tokens().Create(context.get(), request, &created);
    if (!status.ok()) return fail(status, "cannot create the token");
    if (!save_to.empty()) {
        std::string why;
        if (!write_secret_file(save_to, created.secret(), why)) {
            err_ << "grovectl: token '" << name << "' was created but cannot be saved to "
                 << save_to << " (" << why << "); revoke it with `grovectl token revoke " << name
                 << "`\n";
            return kExitError;
        }
    }
    if (json_) {
        nlohmann::json out = {{"token", to_json(created.token())}};
        if (save_to.empty())
            out["secret"] = created.secret();
        else
            out["saved_to"] = save_to;
        out_ << out.dump() << '\n';
    } else if (save_to.empty()) {
        out_ << created.secret() << '\n';
    }
    return kExitOk;
}

int CommandRunner::token_list() {
    v1::ListTokensResponse response;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = client_.tokens().List(context.get(), {}, &response);
    if (!status.ok()) return fail(status, "cannot list the tokens");
    return print_list("tokens", response.tokens(),
                      [](const auto& item) { return format_token_line(item); });
}

int CommandRunner::token_revoke(const std::string& name) {
    v1::RevokeTokenRequest request;
    request.set_name(name);
    v1::Empty empty;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = client_.tokens().Revoke(context.get(), request, &empty);
    if (!status.ok()) return fail(status, "cannot revoke the token");
    if (json_) out_ << nlohmann::json{{"revoked", name}}.dump() << '\n';
    return kExitOk;
}

}  // namespace grove::apps::grovectl
