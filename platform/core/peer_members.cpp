// Peer's membership calls: list members, change roles, remove members, leave a space, revoke
// invitations. Removal and role reduction start a new content epoch (see docs/security.md).
#include "core/peer_impl.h"

namespace grove::platform {

Result<std::vector<MemberView>> Peer::list_members(const std::string&) const {
    return make_error(ErrorCode::Unavailable, "membership changes are being built");
}
Result<MemberView> Peer::change_role(const std::string&, const std::string&, Role) {
    return make_error(ErrorCode::Unavailable, "membership changes are being built");
}
Result<void> Peer::remove_member(const std::string&, const std::string&) {
    return make_error(ErrorCode::Unavailable, "membership changes are being built");
}
Result<void> Peer::leave_space(const std::string&) {
    return make_error(ErrorCode::Unavailable, "membership changes are being built");
}
Result<void> Peer::revoke_invitation(const std::string&, const std::string&) {
    return make_error(ErrorCode::Unavailable, "membership changes are being built");
}

}  // namespace grove::platform
