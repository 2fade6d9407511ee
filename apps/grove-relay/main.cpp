// grove-relay --data DIR --listen HOST:PORT [--quota-mb N] [--device-quota-mb N]
//             [--total-quota-mb N] [--max-spaces N] [--retention-days N] [--refill-days N]
//             [--chunk-quota-mb N] [--chunk-total-quota-mb N]
// grove-relay --status --listen HOST:PORT (--data DIR | --token-file F) [--json]
//             (reads a running relay's metrics with the operator token in DIR/status.token)
#include "common/allocator_tuning.h"
#include "common/process_hardening.h"
#include <cstdio>
#include <CLI/CLI.hpp>
#include <csignal>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>

#include "common/bytes.h"
#include "net/relay_server.h"
#include "service/service_log.h"
#include "service/service_notify.h"

namespace {
volatile std::sig_atomic_t g_stop = 0;
void on_signal(int) { g_stop = 1; }
}  // namespace

int main(int argc, char** argv) {
    grove::tune_allocator();
    // Keys live in this process: no core dumps, no ptrace by other processes.
    if (auto why = grove::harden_process(); !why.empty())
        grove::service::log(grove::service::Severity::warning, "grove-relay", why);
    using namespace grove::platform;
    CLI::App app{"grove-relay: stores and forwards sealed deltas for Grove devices"};
    app.set_version_flag("--version", "grove-relay " GROVE_VERSION);
    std::string data, listen = "127.0.0.1:7400", token_file;
    bool status = false, json = false;
    std::uint64_t quota_mb = 1024, device_quota_mb = 1024, total_quota_mb = 64 * 1024,
                  retention_days = 90, refill_days = 7, retention_seconds = 0,
                  chunk_quota_mb = 16 * 1024, chunk_total_quota_mb = 256 * 1024;
    std::uint32_t max_spaces = 100000;
    app.add_option("--data", data, "data directory (created if needed; mode 0700)");
    app.add_option("--listen", listen, "HOST:PORT to listen on (port 0 picks one)");
    app.add_option("--quota-mb", quota_mb, "per-space storage quota in MiB");
    app.add_option("--device-quota-mb", device_quota_mb,
                   "storage quota per author device in MiB, over all spaces");
    app.add_option("--total-quota-mb", total_quota_mb, "total storage quota in MiB");
    app.add_option("--chunk-quota-mb", chunk_quota_mb,
                   "per-space quota in MiB for files' chunks held for members (docs/files.md)");
    app.add_option("--chunk-total-quota-mb", chunk_total_quota_mb,
                   "quota in MiB for files' chunks of all spaces");
    app.add_option("--max-spaces", max_spaces, "most spaces served (each needs a roster)");
    app.add_option("--token-file", token_file,
                   "with --status: the operator token file (default DIR/status.token)");
    app.add_option("--retention-days", retention_days,
                   "days a delta is kept; a device that comes back later lacking expired deltas "
                   "is told so and refilled by a member device (docs/replication.md)");
    app.add_option("--refill-days", refill_days,
                   "days deltas re-sent for a lagging device are kept if it does not take them");
    // Tests: retention in seconds (overrides --retention-days); not for operators.
    app.add_option("--retention-seconds", retention_seconds)->group("");
    std::size_t max_links = 10'000, max_links_per_source = 64;
    app.add_option("--max-links", max_links, "links held at once (more are refused)");
    app.add_option("--max-links-per-source", max_links_per_source,
                   "links held at once from one source address");
    app.add_flag("--status", status, "print the metrics of the relay at --listen and exit");
    app.add_flag("--json", json, "with --status: JSON output");
    CLI11_PARSE(app, argc, argv);

    auto mib = [](std::uint64_t bytes) { return std::to_string(bytes / (1024 * 1024)) + " MiB"; };
    if (status) {
        std::string token;
        if (!token_file.empty() || !data.empty()) {
            auto t = net::read_status_token(token_file.empty()
                                                ? std::filesystem::path(data) / "status.token"
                                                : std::filesystem::path(token_file));
            if (!t.ok()) {
                std::cerr << "grove-relay: " << t.error().message << "\n";
                return 2;
            }
            token = *t;
        }
        auto st = net::query_relay_status(listen, token);
        if (!st.ok()) {
            std::cerr << "grove-relay: " << st.error().message << "\n";
            return 2;
        }
        if (json) {
            nlohmann::json j;
            j["stored_deltas"] = st->stored_deltas();
            j["stored_bytes"] = st->stored_bytes();
            j["accepted_deltas"] = st->accepted_deltas();
            j["delivered_deltas"] = st->delivered_deltas();
            j["rejected_deltas"] = st->rejected_deltas();
            j["connected_devices"] = st->connected_devices();
            j["spaces"] = st->spaces();
            j["expired_deltas"] = st->expired_deltas();
            j["lagging_devices"] = st->lagging_devices();
            j["retention_gaps"] = st->retention_gaps();
            j["refill_requests"] = st->refill_requests();
            j["refilled_deltas"] = st->refilled_deltas();
            j["refills_refused"] = st->refills_refused();
            j["refused_not_member"] = st->refused_not_member();
            j["refused_quota"] = st->refused_quota();
            j["rosters_accepted"] = st->rosters_accepted();
            j["rosters_refused"] = st->rosters_refused();
            j["spaces_with_roster"] = st->spaces_with_roster();
            j["devices"] = st->devices();
            j["largest_device_bytes"] = st->largest_device_bytes();
            j["space_quota_bytes"] = st->space_quota_bytes();
            j["device_quota_bytes"] = st->device_quota_bytes();
            j["total_quota_bytes"] = st->total_quota_bytes();
            j["max_spaces"] = st->max_spaces();
            j["stored_chunks"] = st->stored_chunks();
            j["stored_chunk_bytes"] = st->stored_chunk_bytes();
            j["chunks_refused_quota"] = st->chunks_refused_quota();
            j["chunks_refused_not_member"] = st->chunks_refused_not_member();
            j["chunk_space_quota_bytes"] = st->chunk_space_quota_bytes();
            j["per_space"] = nlohmann::json::array();
            for (const auto& s : st->per_space()) {
                nlohmann::json floor = nlohmann::json::array();
                for (const auto& f : s.floor())
                    floor.push_back(
                        {{"device_id", to_hex(as_bytes(f.device()))}, {"seq", f.seq()}});
                j["per_space"].push_back({{"space_id", to_hex(as_bytes(s.space_id()))},
                                          {"deltas", s.deltas()},
                                          {"bytes", s.bytes()},
                                          {"refill_deltas", s.refill_deltas()},
                                          {"roster_devices", s.roster_devices()},
                                          {"retention_floor", floor}});
            }
            std::cout << j.dump(2) << "\n";
        } else {
            std::cout << "connected devices: " << st->connected_devices() << "\n"
                      << "spaces:            " << st->spaces() << "\n"
                      << "stored deltas:     " << st->stored_deltas() << " (" << st->stored_bytes()
                      << " bytes)\n"
                      << "accepted:          " << st->accepted_deltas() << "\n"
                      << "delivered:         " << st->delivered_deltas() << "\n"
                      << "rejected:          " << st->rejected_deltas() << "\n"
                      << "expired:           " << st->expired_deltas() << "\n"
                      << "lagging devices:   " << st->lagging_devices() << "\n"
                      << "retention gaps:    " << st->retention_gaps() << " told\n"
                      << "refill requests:   " << st->refill_requests() << "\n"
                      << "refilled:          " << st->refilled_deltas() << " stored, "
                      << st->refills_refused() << " refused\n"
                      << "refused:           " << st->refused_not_member() << " from non-members, "
                      << st->refused_quota() << " over a quota\n"
                      << "rosters:           " << st->spaces_with_roster() << " spaces (max "
                      << st->max_spaces() << "), " << st->rosters_accepted() << " accepted, "
                      << st->rosters_refused() << " refused\n"
                      << "quotas:            " << mib(st->space_quota_bytes()) << " per space, "
                      << mib(st->device_quota_bytes()) << " per device (largest "
                      << mib(st->largest_device_bytes()) << " of " << st->devices() << " devices), "
                      << mib(st->total_quota_bytes()) << " in total (" << mib(st->stored_bytes())
                      << " used)\n"
                      << "file chunks:       " << st->stored_chunks() << " ("
                      << mib(st->stored_chunk_bytes()) << "; "
                      << mib(st->chunk_space_quota_bytes()) << " per space), "
                      << st->chunks_refused_quota() << " refused over a quota, "
                      << st->chunks_refused_not_member() << " requests from non-members\n";
            for (const auto& s : st->per_space()) {
                if (s.floor().empty() && s.refill_deltas() == 0) continue;
                std::cout << "space " << to_hex(as_bytes(s.space_id())) << ": " << s.refill_deltas()
                          << " re-sent held; floor";
                for (const auto& f : s.floor())
                    std::cout << " " << to_hex(as_bytes(f.device())).substr(0, 16)
                              << "…:" << f.seq();
                std::cout << "\n";
            }
        }
        return 0;
    }
    if (data.empty()) {
        std::cerr << "grove-relay: --data DIR is required\n";
        return 2;
    }
    net::RelayOptions options;
    options.data = data;
    options.listen = listen;
    options.limits.space_quota_bytes = quota_mb * 1024 * 1024;
    options.limits.device_quota_bytes = device_quota_mb * 1024 * 1024;
    options.limits.total_quota_bytes = total_quota_mb * 1024 * 1024;
    options.limits.max_spaces = max_spaces;
    options.limits.retention = std::chrono::hours(24 * retention_days);
    if (retention_seconds > 0) options.limits.retention = std::chrono::seconds(retention_seconds);
    options.limits.refill_retention = std::chrono::hours(24 * refill_days);
    options.chunk_limits.space_quota_bytes = chunk_quota_mb * 1024 * 1024;
    options.chunk_limits.total_quota_bytes = chunk_total_quota_mb * 1024 * 1024;
    options.chunk_limits.retention = options.limits.retention;
    options.links.max_links = max_links;
    options.links.max_links_per_source = max_links_per_source;
    auto relay = net::RelayServer::start(options);
    if (!relay.ok()) {
        grove::service::log(grove::service::Severity::error, "grove-relay", relay.error().message);
        return 1;
    }
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    std::cout << "listening " << (*relay)->listen_address() << std::endl;
    grove::service::notify_ready("Relaying on " + (*relay)->listen_address());
    while (!g_stop) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    grove::service::notify_stopping();
    grove::service::log(grove::service::Severity::notice, "grove-relay",
                        "stop signal received, shutting down");
    (*relay)->stop();
    return 0;
}
