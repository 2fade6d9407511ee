// CommandRunner's device commands: device list|revoke|pair|join (DeviceService).
#include <ostream>
#include <sstream>

#include "commands.h"
#include "exit_codes.h"
#include "output.h"

namespace grove::apps::grovectl {

namespace v1 = grove::api::v1;

namespace {

nlohmann::json device_json(const v1::Device& d) {
    return {{"device_id", d.device_id()},
            {"this_device", d.this_device()},
            {"revoked", d.revoked()},
            {"issued_ms", d.issued_ms()},
            {"spaces", nlohmann::json(std::vector<std::string>(d.spaces().begin(), d.spaces().end()))}};
}

std::string device_line(const v1::Device& d) {
    std::ostringstream out;
    out << d.device_id() << "  issued " << format_time(d.issued_ms()) << "  " << d.spaces_size()
        << (d.spaces_size() == 1 ? " space" : " spaces") << (d.revoked() ? "  REVOKED" : "")
        << (d.this_device() ? "  (this device)" : "");
    return out.str();
}

}  // namespace

int CommandRunner::device_list() {
    v1::ListDevicesResponse response;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = client_.devices().List(context.get(), {}, &response);
    if (!status.ok()) return fail(status, "cannot list the devices");
    if (json_) {
        nlohmann::json array = nlohmann::json::array();
        for (const auto& d : response.devices()) array.push_back(device_json(d));
        out_ << nlohmann::json{{"devices", array}}.dump() << '\n';
    } else {
        for (const auto& d : response.devices()) out_ << device_line(d) << '\n';
    }
    return kExitOk;
}

int CommandRunner::device_revoke(const std::string& device) {
    v1::RevokeDeviceRequest request;
    request.set_device(device);
    v1::Empty empty;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = client_.devices().Revoke(context.get(), request, &empty);
    if (!status.ok()) return fail(status, "cannot revoke the device");
    if (json_) out_ << nlohmann::json{{"revoked", device}}.dump() << '\n';
    return kExitOk;
}

int CommandRunner::device_pair(std::uint32_t valid_seconds) {
    v1::CreatePairingRequest request;
    request.set_valid_seconds(valid_seconds);
    v1::Pairing pairing;
    auto context = client_.context(ApiClient::kDefaultDeadline);
    const auto status = client_.devices().CreatePairing(context.get(), request, &pairing);
    if (!status.ok()) return fail(status, "cannot create a pairing code");
    if (json_) {
        out_ << nlohmann::json{{"code", pairing.code()},
                               {"expires_ms", pairing.expires_ms()},
                               {"addresses", nlohmann::json(std::vector<std::string>(
                                                 pairing.addresses().begin(),
                                                 pairing.addresses().end()))}}
                    .dump()
             << '\n';
    } else {
        out_ << pairing.code() << '\n';
        err_ << "grovectl: on the new device (an empty profile): grovectl device join CODE "
                "--passphrase-file F; the code works once, until "
             << format_time(pairing.expires_ms()) << '\n';
    }
    return kExitOk;
}

int CommandRunner::device_join(const std::string& code, const std::string& passphrase) {
    v1::PairDeviceRequest request;
    request.set_code(code);
    request.set_passphrase(passphrase);
    v1::Account account;
    auto context = client_.context(ApiClient::kKdfDeadline);
    const auto status = client_.devices().Pair(context.get(), request, &account);
    request.mutable_passphrase()->assign(request.passphrase().size(), '\0');
    if (!status.ok()) return fail(status, "cannot pair this device");
    return print_account(account);
}

}  // namespace grove::apps::grovectl
