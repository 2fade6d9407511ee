// DeviceService: device list|revoke|pair|join (this identity's devices).
#include <sstream>

#include "api_commands.h"
#include "api_format.h"
#include "grove/api/v1/api.grpc.pb.h"
#include "passphrase_file.h"

namespace grove::apps::grovectl {

namespace v1 = grove::api::v1;
using Devices = v1::DeviceService::Stub;

namespace {

nlohmann::json device_json(const v1::Device& d) {
    return {
        {"device_id", d.device_id()},
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

// Seconds from "600", "90s", "10m" or "1h" (at most one hour); 0 when it is none of these.
std::uint32_t parse_expiry(const std::string& text) {
    std::size_t used = 0;
    unsigned long n = 0;
    try {
        n = std::stoul(text, &used);
    } catch (const std::exception&) {
        return 0;
    }
    const std::string unit = text.substr(used);
    const unsigned long scale = unit.empty() || unit == "s" ? 1
                                : unit == "m"               ? 60
                                : unit == "h"               ? 3600
                                                            : 0;
    if (scale == 0 || n == 0 || n > 3600 || n * scale > 3600) return 0;
    return static_cast<std::uint32_t>(n * scale);
}

std::string trimmed(const std::string& text) {
    const auto start = text.find_first_not_of(" \t\r\n");
    const auto end = text.find_last_not_of(" \t\r\n");
    return start == std::string::npos ? "" : text.substr(start, end - start + 1);
}

}  // namespace

void add_device_commands(CommandLine& cli) {
    CLI::App* group = cli.group(
        "device", "This identity's devices: list, revoke, pair a new one (pair here, join there)");

    CLI::App* list = cli.command(group, "list", "List the devices of your identity");
    cli.on_run(list, [](CommandContext& context) {
        v1::ListDevicesResponse response;
        if (int code = context.call(&Devices::List, {}, response, "cannot list the devices"))
            return code;
        return context.print_list("devices", response.devices(), device_json, device_line);
    });

    CLI::App* revoke = cli.command(
        group, "revoke", "Revoke a lost or retired device: every space re-keys without it");
    auto& revoked = cli.argument(revoke, "DEVICE", "Device id or prefix (>= 4 hex digits)");
    cli.on_run(revoke, [&](CommandContext& context) {
        v1::RevokeDeviceRequest request;
        request.set_device(revoked);
        return context.call_and_confirm(&Devices::Revoke, request, "cannot revoke the device",
                                        {{"revoked", revoked}});
    });

    CLI::App* pair = cli.command(
        group, "pair", "Print a one-time code (grove-pair:…) for a new device of your identity");
    auto& expires = cli.keep<std::string>();
    pair->add_option("--expires", expires,
                     "How long the code works: SECONDS or e.g. 90s, 10m, 1h (default 10m, at "
                     "most 1h)")
        ->type_name("DURATION");
    cli.on_run(pair, [&](CommandContext& context) {
        v1::CreatePairingRequest request;
        if (!expires.empty()) {
            const std::uint32_t seconds = parse_expiry(expires);
            if (seconds == 0) {
                context.note(
                    "--expires must be a duration of at most 1h, e.g. 600, 90s, 10m or 1h");
                return int(kExitUsage);
            }
            request.set_valid_seconds(seconds);
        }
        v1::Pairing pairing;
        if (int code = context.call(&Devices::CreatePairing, request, pairing,
                                    "cannot create a pairing code"))
            return code;
        if (!context.json())
            context.note(
                "on the new device (an empty profile): grovectl device join CODE "
                "--passphrase-file F; the code works once, until " +
                format_time(pairing.expires_ms()));
        return context.print({{"code", pairing.code()},
                              {"expires_ms", pairing.expires_ms()},
                              {"addresses", std::vector<std::string>(pairing.addresses().begin(),
                                                                     pairing.addresses().end())}},
                             pairing.code());
    });

    CLI::App* join = cli.command(
        group, "join", "On a groved with an empty profile: pair it with a code from `device pair`");
    auto& code = cli.argument(join, "CODE", "The grove-pair:… code");
    auto& passphrase_file = cli.keep<std::string>();
    join->add_option("--passphrase-file", passphrase_file,
                     "File holding this device's new passphrase ('-' = stdin)")
        ->required()
        ->type_name("F");
    cli.on_run(join, [&](CommandContext& context) {
        auto passphrase = read_passphrase_file(passphrase_file);
        if (!passphrase) return int(kExitUsage);
        v1::PairDeviceRequest request;
        request.set_code(trimmed(code));
        request.set_passphrase(*passphrase);
        passphrase->assign(passphrase->size(), '\0');
        v1::Account account;
        const int failed = context.call(&Devices::Pair, request, account, "cannot pair this device",
                                        ApiClient::kKdfDeadline);
        request.mutable_passphrase()->assign(request.passphrase().size(), '\0');
        if (failed) return failed;
        return context.print(to_json(account), format_account(account));
    });
}

}  // namespace grove::apps::grovectl
