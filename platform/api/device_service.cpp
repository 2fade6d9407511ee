#include "api/device_service.h"

#include <chrono>

#include "api/proto_convert.h"
#include "api/request_validation.h"
#include "api/secret_wipe.h"
#include "api/unary_call.h"

namespace grove::platform::api {

namespace v1 = grove::api::v1;

namespace {

constexpr std::uint32_t kDefaultPairingSeconds = 10 * 60;
constexpr std::uint32_t kMaxPairingSeconds = 60 * 60;
constexpr std::size_t kMaxPairingCodeChars = 2048;
constexpr const char* kPairingCodePrefix = "grove-pair:";

v1::Device device_to_proto(const DeviceView& d) {
    v1::Device out;
    out.set_device_id(d.device_id);
    out.set_this_device(d.this_device);
    out.set_revoked(d.revoked);
    out.set_issued_ms(d.issued_ms);
    for (const auto& s : d.spaces) out.add_spaces(s);
    return out;
}

Result<void> validate_device_ref(const std::string& value) {
    if (value.size() < 4 || value.size() > 64)
        return make_error(ErrorCode::InvalidArgument,
                          "device must be a device id or a prefix of at least 4 hex digits");
    for (char c : value)
        if (!std::isxdigit(static_cast<unsigned char>(c)))
            return make_error(ErrorCode::InvalidArgument,
                              "device must be hexadecimal (a device id or prefix)");
    return {};
}

Result<void> validate_pairing_code(const std::string& value) {
    if (value.empty()) return make_error(ErrorCode::InvalidArgument, "code is empty");
    if (value.size() > kMaxPairingCodeChars)
        return make_error(ErrorCode::InvalidArgument, "code is too long");
    if (value.rfind(kPairingCodePrefix, 0) != 0)
        return make_error(ErrorCode::InvalidArgument,
                          "code is not a device pairing code (grove-pair:…)");
    return {};
}

}  // namespace

grpc::ServerUnaryReactor* DeviceService::List(grpc::CallbackServerContext* call,
                                              const grpc::ByteBuffer* request,
                                              grpc::ByteBuffer* response) {
    return serve_unary<v1::ListDevicesRequest>(
        context_, call, request, response, kAdminEverySpace,
        [this](v1::ListDevicesRequest&) -> Result<v1::ListDevicesResponse> {
            auto devices = context_.peer.list_devices();
            if (!devices) return devices.error();
            v1::ListDevicesResponse out;
            for (const auto& d : *devices) *out.add_devices() = device_to_proto(d);
            return out;
        });
}

grpc::ServerUnaryReactor* DeviceService::Revoke(grpc::CallbackServerContext* call,
                                                const grpc::ByteBuffer* request,
                                                grpc::ByteBuffer* response) {
    return serve_unary<v1::RevokeDeviceRequest>(
        context_, call, request, response, kAdminEverySpace,
        [this](v1::RevokeDeviceRequest& r) -> Result<v1::Empty> {
            GROVE_TRY(validate_device_ref(r.device()));
            GROVE_TRY(context_.peer.revoke_device(r.device()));
            return v1::Empty{};
        });
}

grpc::ServerUnaryReactor* DeviceService::CreatePairing(grpc::CallbackServerContext* call,
                                                       const grpc::ByteBuffer* request,
                                                       grpc::ByteBuffer* response) {
    return serve_unary<v1::CreatePairingRequest>(
        context_, call, request, response, kAdminEverySpace,
        [this](v1::CreatePairingRequest& r) -> Result<v1::Pairing> {
            if (r.valid_seconds() > kMaxPairingSeconds)
                return make_error(ErrorCode::InvalidArgument,
                                  "valid_seconds is more than one hour (3600)");
            std::vector<std::string> addresses;
            if (network_.invitation_addresses) addresses = network_.invitation_addresses();
            if (addresses.empty())
                return make_error(ErrorCode::FailedPrecondition,
                                  "this peer accepts no links: start groved with --listen "
                                  "HOST:PORT so that the new device can reach it");
            const std::uint32_t seconds =
                r.valid_seconds() == 0 ? kDefaultPairingSeconds : r.valid_seconds();
            const std::int64_t expires = context_.peer.now_ms() + std::int64_t{seconds} * 1000;
            auto code = context_.peer.create_pairing(expires, addresses);
            if (!code) return code.error();
            v1::Pairing out;
            out.set_code(std::move(code).value());
            out.set_expires_ms(expires);
            for (const auto& a : addresses) out.add_addresses(a);
            return out;
        });
}

grpc::ServerUnaryReactor* DeviceService::Pair(grpc::CallbackServerContext* call,
                                              const grpc::ByteBuffer* request,
                                              grpc::ByteBuffer* response) {
    return serve_unary<v1::PairDeviceRequest>(
        context_, call, request, response, kAdminEverySpace,
        [this](v1::PairDeviceRequest& r, const Caller& caller) -> Result<v1::Account> {
            auto checked = [&]() -> Result<void> {
                if (caller.token_name != TokenStore::kProfileTokenName)
                    return make_error(ErrorCode::PermissionDenied,
                                      "pairing a device needs the profile token (DIR/api-token)");
                GROVE_TRY(validate_pairing_code(r.code()));
                GROVE_TRY(validate_passphrase("passphrase", r.passphrase()));
                if (r.passphrase().size() < 8)
                    return make_error(ErrorCode::InvalidArgument,
                                      "passphrase must have at least 8 characters");
                if (!network_.pair)
                    return make_error(ErrorCode::FailedPrecondition,
                                      "this peer has no network node, so it cannot pair");
                return {};
            }();
            if (!checked) {
                wipe(r.mutable_passphrase());
                return checked.error();
            }
            auto account = network_.pair(r.code(), r.passphrase());
            wipe(r.mutable_passphrase());
            wipe(r.mutable_code());
            if (!account) return account.error();
            return to_proto(*account);
        });
}

}  // namespace grove::platform::api
