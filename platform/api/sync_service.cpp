#include "api/sync_service.h"

#include <algorithm>
#include <chrono>

#include "api/listen_address.h"
#include "api/proto_convert.h"
#include "api/request_validation.h"
#include "api/unary_call.h"
#include "core/contacts.h"  // sealed invitations

namespace grove::platform::api {

namespace v1 = grove::api::v1;

namespace {

constexpr std::uint32_t kDefaultInvitationSeconds = 24 * 60 * 60;
constexpr std::uint32_t kMaxInvitationSeconds = 30 * 24 * 60 * 60;

Result<void> validate_relay_address(const std::string& address) {
    if (address.empty() || address.size() > 256)
        return make_error(ErrorCode::InvalidArgument, "address: give HOST:PORT of a grove-relay");
    auto parsed = ListenAddress::parse(address);
    if (!parsed || parsed->kind() != ListenAddress::Kind::Tcp || parsed->port() == 0)
        return make_error(ErrorCode::InvalidArgument,
                          "address: \"" + address + "\" is not HOST:PORT");
    return {};
}

Result<void> no_node() {
    return make_error(ErrorCode::FailedPrecondition,
                      "this peer has no network node, so it uses no relays");
}

}  // namespace

grpc::ServerUnaryReactor* SyncService::Status(grpc::CallbackServerContext* call,
                                              const grpc::ByteBuffer* request,
                                              grpc::ByteBuffer* response) {
    return serve_space_unary<v1::SyncStatusRequest>(
        context_, call, request, response, kRead, kSpaceField,
        [this](v1::SyncStatusRequest& r) -> Result<v1::SyncStatus> {
            GROVE_TRY(validate_space_ref("space", r.space()));
            auto status = context_.peer.sync_status(r.space());
            if (!status) return status.error();
            auto out = to_proto(*status);
            auto sid = from_hex(status->space_id);
            if (network_.connectivity && sid && sid->size() == kSpaceIdSize) {
                SpaceId space;
                std::copy(sid->begin(), sid->end(), space.begin());
                auto c = network_.connectivity(space);
                out.set_connectivity(c.online ? "online" : "offline");
                out.set_connectivity_reason(c.reason);
                out.set_connectivity_detail(c.detail);
                out.set_connectivity_action(c.action);
            }
            return out;
        });
}

grpc::ServerUnaryReactor* SyncService::CreateInvitation(grpc::CallbackServerContext* call,
                                                        const grpc::ByteBuffer* request,
                                                        grpc::ByteBuffer* response) {
    return serve_space_unary<v1::CreateInvitationRequest>(
        context_, call, request, response, kAdmin, kSpaceField,
        [this](v1::CreateInvitationRequest& r) -> Result<v1::Invitation> {
            GROVE_TRY(validate_space_ref("space", r.space()));
            Role role = Role::Participant;
            if (!r.role().empty()) {
                auto parsed = role_from_string(r.role());
                if (!parsed)
                    return make_error(ErrorCode::InvalidArgument,
                                      "role must be participant, guest or manager");
                role = *parsed;
            }
            if (r.valid_seconds() > kMaxInvitationSeconds)
                return make_error(ErrorCode::InvalidArgument,
                                  "valid_seconds is more than 30 days");
            std::vector<std::string> addresses;
            if (network_.invitation_addresses) addresses = network_.invitation_addresses();
            if (addresses.empty())
                return make_error(ErrorCode::FailedPrecondition,
                                  "this peer accepts no links: start groved with --listen "
                                  "HOST:PORT (or --relay) so that an invitation can name it");
            const std::uint32_t seconds =
                r.valid_seconds() == 0 ? kDefaultInvitationSeconds : r.valid_seconds();
            auto invitation = context_.peer.create_invitation(
                r.space(), role, context_.peer.now_ms() + std::int64_t{seconds} * 1000, addresses);
            if (!invitation) return invitation.error();
            auto out = to_proto(*invitation);
            if (network_.share_short_invitation) {
                auto space = context_.peer.get_space(r.space());
                auto shared = space ? network_.share_short_invitation(space->id, *invitation)
                                    : Result<NetworkHooks::ShortInvitation>(space.error());
                if (shared) {
                    out.set_short_code(shared->code);
                    out.set_link(shared->link);
                }
            }
            return out;
        });
}

grpc::ServerUnaryReactor* SyncService::Join(grpc::CallbackServerContext* call,
                                            const grpc::ByteBuffer* request,
                                            grpc::ByteBuffer* response) {
    return serve_unary<v1::JoinRequest>(
        context_, call, request, response, Access{Scope::Admin, true}, [this](v1::JoinRequest& r) -> Result<v1::Space> {
            GROVE_TRY(validate_invitation_code("code", r.code()));
            if (!network_.join)
                return make_error(ErrorCode::FailedPrecondition,
                                  "this peer has no network node, so it cannot join");
            // A sealed invitation (for a known contact): the peer checks the inviter's
            // signature and opens it with this identity's key; the code inside joins as usual.
            std::string code = r.code();
            if (is_sealed_invitation(code)) {
                auto opened = context_.peer.open_invitation(code);
                if (!opened) return opened.error();
                code = std::move(opened->code);
            }
            auto space = network_.join(code);
            std::fill(code.begin(), code.end(), '\0');
            if (!space) return space.error();
            return to_proto(*space);
        });
}

grpc::ServerUnaryReactor* SyncService::RevokeInvitation(grpc::CallbackServerContext* call,
                                                        const grpc::ByteBuffer* request,
                                                        grpc::ByteBuffer* response) {
    return serve_space_unary<v1::RevokeInvitationRequest>(
        context_, call, request, response, kAdmin, kSpaceField,
        [this](v1::RevokeInvitationRequest& r) -> Result<v1::Empty> {
            GROVE_TRY(validate_space_ref("space", r.space()));
            GROVE_TRY(validate_invitation_id("invitation_id", r.invitation_id()));
            GROVE_TRY(context_.peer.revoke_invitation(r.space(), r.invitation_id()));
            return v1::Empty{};
        });
}

grpc::ServerUnaryReactor* SyncService::Connect(grpc::CallbackServerContext* call,
                                               const grpc::ByteBuffer* request,
                                               grpc::ByteBuffer* response) {
    return serve_unary<v1::ConnectRequest>(
        context_, call, request, response, Access{Scope::Admin, true},
        [this](v1::ConnectRequest& r) -> Result<v1::Empty> {
            if (r.address().empty() || r.address().size() > 256)
                return make_error(ErrorCode::InvalidArgument,
                                  "address: give HOST:PORT of a peer (or relay)");
            auto parsed = ListenAddress::parse(r.address());
            if (!parsed || parsed->kind() != ListenAddress::Kind::Tcp || parsed->port() == 0)
                return make_error(ErrorCode::InvalidArgument,
                                  "address: \"" + r.address() + "\" is not HOST:PORT");
            if (!network_.connect)
                return make_error(ErrorCode::FailedPrecondition,
                                  "this peer has no network node, so it cannot connect");
            GROVE_TRY(network_.connect(r.address(), r.relay()));
            return v1::Empty{};
        });
}

grpc::ServerUnaryReactor* SyncService::AddRelay(grpc::CallbackServerContext* call,
                                                const grpc::ByteBuffer* request,
                                                grpc::ByteBuffer* response) {
    return serve_unary<v1::RelayRequest>(context_, call, request, response,
                                         Access{Scope::Admin, true},
                                         [this](v1::RelayRequest& r) -> Result<v1::Empty> {
                                             GROVE_TRY(validate_relay_address(r.address()));
                                             if (!network_.add_relay) return no_node().error();
                                             GROVE_TRY(network_.add_relay(r.address()));
                                             return v1::Empty{};
                                         });
}

grpc::ServerUnaryReactor* SyncService::RemoveRelay(grpc::CallbackServerContext* call,
                                                   const grpc::ByteBuffer* request,
                                                   grpc::ByteBuffer* response) {
    return serve_unary<v1::RelayRequest>(context_, call, request, response,
                                         Access{Scope::Admin, true},
                                         [this](v1::RelayRequest& r) -> Result<v1::Empty> {
                                             GROVE_TRY(validate_relay_address(r.address()));
                                             if (!network_.remove_relay) return no_node().error();
                                             GROVE_TRY(network_.remove_relay(r.address()));
                                             return v1::Empty{};
                                         });
}

grpc::ServerUnaryReactor* SyncService::ListRelays(grpc::CallbackServerContext* call,
                                                  const grpc::ByteBuffer* request,
                                                  grpc::ByteBuffer* response) {
    return serve_unary<v1::ListRelaysRequest>(
        context_, call, request, response, kRead,
        [this](v1::ListRelaysRequest&) -> Result<v1::ListRelaysResponse> {
            v1::ListRelaysResponse out;
            if (!network_.list_relays) return out;
            for (const auto& relay : network_.list_relays()) {
                auto* r = out.add_relays();
                r->set_address(relay.address);
                r->set_linked(relay.linked);
                r->set_last_error(relay.last_error);
            }
            return out;
        });
}

grpc::ServerUnaryReactor* SyncService::TestRelay(grpc::CallbackServerContext* call,
                                                 const grpc::ByteBuffer* request,
                                                 grpc::ByteBuffer* response) {
    return serve_unary<v1::RelayRequest>(context_, call, request, response,
                                         Access{Scope::Admin, true},
                                         [this](v1::RelayRequest& r) -> Result<v1::Empty> {
                                             GROVE_TRY(validate_relay_address(r.address()));
                                             if (!network_.test_relay) return no_node().error();
                                             GROVE_TRY(network_.test_relay(r.address()));
                                             return v1::Empty{};
                                         });
}

}  // namespace grove::platform::api
