// Delta pipeline benchmark (single peer): throughput of create → seal → store → apply with
// batched signatures, and latency from submit to applied at a steady 1,000 deltas/s.
// Prints the primitive limits of this machine first and the pipeline's figures as ratios to them.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "core/peer.h"
#include "core/space_journal.h"
#include "primitive_limits.h"

using namespace grove::platform;
using grove::bench::now_seconds;

namespace {

Space::Draft chat_post(std::size_t payload_bytes, std::uint64_t i) {
    grove::space::v1::ChatOp op;
    std::string text(payload_bytes, 'x');
    std::string n = std::to_string(i);
    std::copy(n.begin(), n.end(), text.begin());
    op.mutable_post()->set_text(text);
    return Space::Draft{grove::wire::v1::DELTA_KIND_CHAT, {}, to_bytes(op.SerializeAsString())};
}

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * v.size()))];
}

}  // namespace

int main(int argc, char** argv) {
    std::uint64_t total = argc > 1 ? std::stoull(argv[1]) : 200000;
    std::size_t batch = argc > 2 ? std::stoul(argv[2]) : 512;
    // "profile": throughput phase only, no primitive probes (for callgrind/perf runs).
    const bool profile_only = argc > 3 && std::string(argv[3]) == "profile";
    const std::size_t payload = 200;

    grove::bench::PrimitiveLimits limits;
    if (!profile_only) {
        limits = grove::bench::measure_primitive_limits();
        grove::bench::print_primitive_limits(limits);
    }

    auto dir = std::filesystem::temp_directory_path() / ("grove-pipeline-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    int rc = 0;
    {
        auto peer = Peer::open(dir);
        if (!peer.ok()) return std::fprintf(stderr, "%s\n", peer.error().message.c_str()), 1;
        if (!(*peer)->create_account("Bench", "benchmark passphrase").ok()) return 1;
        auto space = (*peer)->create_space("bench");
        if (!space.ok()) return 1;
        auto& journal = (*peer)->journal();
        const SpaceId id = *fixed_from<kSpaceIdSize>(*from_hex(space->id));
        // One batch through the journal: lock, find the space, submit, deliver the events.
        auto write = [&](std::span<const Space::Draft> batch_drafts) {
            return journal.mutate(
                id, [&](Space& s, std::vector<SpaceEvent>& evs) -> grove::Result<void> {
                    auto ids = journal.submit(s, batch_drafts, evs);
                    if (!ids.ok()) return ids.error();
                    return {};
                });
        };

        // ---- throughput ----
        std::vector<Space::Draft> drafts;
        double start = now_seconds();
        std::uint64_t done = 0;
        while (done < total) {
            std::size_t n = std::min<std::uint64_t>(batch, total - done);
            drafts.clear();
            for (std::size_t i = 0; i < n; ++i) drafts.push_back(chat_post(payload, done + i));
            auto r = write(drafts);
            if (!r.ok()) {
                std::fprintf(stderr, "submit failed: %s\n", r.error().message.c_str());
                return 1;
            }
            done += n;
        }
        double elapsed = now_seconds() - start;
        double rate = done / elapsed;
        std::printf("\npipeline throughput (create → seal → store → apply, %zu-byte payloads,"
                    " batches of %zu, one signature and one transaction per batch):\n",
                    payload, batch);
        std::printf("  %llu deltas in %.2f s = %.0f deltas/s   (target ≥ 50,000)\n",
                    static_cast<unsigned long long>(done), elapsed, rate);
        std::printf("  ratio to SQLite one-txn insert rate: %.2f; to AEAD 200 B rate: %.3f;"
                    " signatures needed: %.0f/s = %.3f of sign rate\n",
                    rate / limits.sqlite_inserts_per_s, rate / limits.aead_ops_per_s_200b,
                    rate / batch, rate / batch / limits.sign_per_s);

        if (profile_only) return 0;

        // ---- latency at 1,000 deltas/s, one delta per submission (one durable commit each) ----
        const int samples = 3000;
        std::vector<double> lat;
        lat.reserve(samples);
        double applied_at = 0;
        auto sub = (*peer)->subscribe(space->id, [&](const SpaceEvent&) { applied_at = now_seconds(); });
        double next = now_seconds();
        for (int i = 0; i < samples; ++i) {
            while (now_seconds() < next) std::this_thread::sleep_for(std::chrono::microseconds(50));
            next += 0.001;
            auto draft = chat_post(payload, i);
            double t0 = now_seconds();
            // Delivered as groved's API and watchers see it.
            if (!write(std::span(&draft, 1)).ok()) return 1;
            lat.push_back((applied_at - t0) * 1000.0);
        }
        std::printf("\nlatency submit → durable → applied → event, at 1,000 deltas/s (%d samples):\n",
                    samples);
        std::printf("  p50 %.3f ms   p99 %.3f ms   max %.3f ms   (target p99 ≤ 2 ms)\n",
                    percentile(lat, 0.5), percentile(lat, 0.99), percentile(lat, 1.0));
        std::printf("  ratio of p50 to one durable SQLite commit (%.3f ms): %.2f\n",
                    1000.0 / limits.sqlite_commits_per_s,
                    percentile(lat, 0.5) / (1000.0 / limits.sqlite_commits_per_s));

        // ---- reload: replay of the whole log at unlock ----
        sub.reset();
        (void)(*peer)->lock();
        double t0 = now_seconds();
        auto unlocked = (*peer)->unlock("benchmark passphrase");
        double reload = now_seconds() - t0;
        if (!unlocked.ok()) rc = 1;
        std::printf("\nunlock + replay of %llu deltas: %.2f s (includes Argon2id)\n",
                    static_cast<unsigned long long>(done + samples + 1), reload);
        std::printf("peak RSS: %.1f MB\n", grove::bench::peak_rss_mb());
    }
    std::filesystem::remove_all(dir);
    return rc;
}
