// bench_sequence_trace: replays real editing traces (josephg/editing-traces, CC BY 4.0) through the
// Text CRDT as local edits, merges the emitted ops into a fresh replica, and reports time and memory.
//
// usage: bench_sequence_trace [--repeat N] [trace.json.gz ...]
// Default traces: automerge-paper (recorded by Martin Kleppmann) and seph-blog1 (Joseph Gentle).
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <streambuf>
#include <string>
#include <vector>

#include "editing_trace.h"
#include "grove/sdk/crdt/text.h"

namespace crdt = grove::sdk::crdt;

namespace {

// Trace loading (gzip stream -> SAX parser -> compact patch list): bench/common/editing_trace.h.
using grove::bench::trace::Patch;
using grove::bench::trace::Trace;
using grove::bench::trace::load_trace;

// ---- measurement helpers ----

// CPU time of this thread: less disturbed than wall time when other work shares the cores.
double thread_cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// VmRSS / VmHWM from /proc/self/status, in bytes (0 when unavailable).
std::uint64_t proc_status_kb(const char* field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  const std::size_t length = std::strlen(field);
  while (std::getline(status, line)) {
    if (line.compare(0, length, field) == 0 && line.size() > length && line[length] == ':')
      return std::stoull(line.substr(length + 1)) * 1024;
  }
  return 0;
}
std::uint64_t rss_bytes() { return proc_status_kb("VmRSS"); }
std::uint64_t peak_rss_bytes() { return proc_status_kb("VmHWM"); }
double mib(std::uint64_t bytes) { return static_cast<double>(bytes) / (1024.0 * 1024.0); }
double mib_delta(std::uint64_t after, std::uint64_t before) {
  return (static_cast<double>(after) - static_cast<double>(before)) / (1024.0 * 1024.0);
}

// Heap bytes the op list holds (op structs plus out-of-line buffers), for the memory breakdown.
std::uint64_t op_list_bytes(const std::vector<crdt::Text::Op>& ops) {
  std::uint64_t bytes = ops.capacity() * sizeof(crdt::Text::Op);
  for (const auto& op : ops) {
    if (const auto* insert = std::get_if<crdt::Text::Insert>(&op)) {
      if (insert->values.capacity() > 3) bytes += (insert->values.capacity() + 1) * sizeof(char32_t);
    } else {
      bytes += std::get<crdt::Text::Delete>(op).spans.capacity() * sizeof(crdt::IdSpan);
    }
  }
  return bytes;
}

crdt::ReplicaId device(std::uint8_t tag) {
  crdt::DeviceKey key{};
  key.fill(tag);
  return crdt::ReplicaId::from_device_key(key);
}

struct Figures {
  double replay_seconds = 1e9;
  double replay_cpu_seconds = 1e9;
  double merge_seconds = 1e9;
  double merge_cpu_seconds = 1e9;
  double encode_seconds = 1e9;
  double decode_merge_seconds = 1e9;
  double snapshot_seconds = 1e9;
  double restore_seconds = 1e9;
};

bool run_trace(const std::string& path, int repeat) {
  const std::uint64_t rss_start = rss_bytes();
  const auto load_start = std::chrono::steady_clock::now();
  const Trace trace = load_trace(path);
  const double load_seconds = seconds_since(load_start);
  const std::uint64_t rss_loaded = rss_bytes();

  std::size_t op_count = trace.start_content.empty() ? 0 : 1;
  for (const Patch& patch : trace.patches) op_count += (patch.delete_count > 0) + (patch.text_length > 0);

  Figures best;
  bool ok = true;
  std::uint64_t rss_after_replay = 0, rss_after_merge = 0, peak_after_merge = 0, ops_heap = 0, wire_bytes = 0,
                snapshot_bytes = 0;
  crdt::SequenceStats stats_a, stats_b;
  std::size_t final_length = 0;

  for (int round = 0; round < repeat && ok; ++round) {
    const bool measure_memory = round == 0;
    Figures figures;
    // (1) replay every patch as local edits on replica A, collecting the ops it emits.
    auto start = std::chrono::steady_clock::now();
    double cpu_start = thread_cpu_seconds();
    crdt::Text a(device(0xA1));
    std::vector<crdt::Text::Op> ops;
    ops.reserve(op_count);
    if (!trace.start_content.empty()) ops.emplace_back(a.insert(0, trace.start_content));
    for (const Patch& patch : trace.patches) {
      if (patch.delete_count > 0) ops.emplace_back(a.remove(patch.pos, patch.delete_count));
      if (patch.text_length > 0)
        ops.emplace_back(a.insert(patch.pos, std::u32string_view(trace.inserted).substr(patch.text_offset, patch.text_length)));
    }
    figures.replay_seconds = seconds_since(start);
    figures.replay_cpu_seconds = thread_cpu_seconds() - cpu_start;
    if (measure_memory) {
      rss_after_replay = rss_bytes();
      ops_heap = op_list_bytes(ops);
      stats_a = a.stats();
    }

    // (2) merge: apply A's ops to an empty replica B.
    start = std::chrono::steady_clock::now();
    cpu_start = thread_cpu_seconds();
    crdt::Text b(device(0xB2));
    for (const auto& op : ops) {
      crdt::Status status = b.apply(op);
      if (!status.ok()) {
        std::fprintf(stderr, "%s: merge failed: %s\n", path.c_str(), status.error().describe().c_str());
        return false;
      }
    }
    figures.merge_seconds = seconds_since(start);
    figures.merge_cpu_seconds = thread_cpu_seconds() - cpu_start;
    if (measure_memory) {
      rss_after_merge = rss_bytes();
      stats_b = b.stats();
    }

    const std::u32string text_a = a.to_u32string();
    const std::u32string text_b = b.to_u32string();
    final_length = text_a.size();
    if (text_a != trace.end_content || text_b != trace.end_content) {
      std::fprintf(stderr, "%s: FAILED: replica %s does not equal endContent\n", path.c_str(),
                   text_a != trace.end_content ? "A (replay)" : "B (merge)");
      return false;
    }

    if (measure_memory) peak_after_merge = peak_rss_bytes();

    // Extras: the same merge from the wire format (all ops in one length-prefixed batch, as they
    // would travel), and a snapshot round trip.
    start = std::chrono::steady_clock::now();
    crdt::ByteWriter batch;
    for (const auto& op : ops) {
      const std::vector<std::uint8_t> bytes = crdt::Text::encode_op(op);
      batch.varint(bytes.size());
      batch.bytes(bytes.data(), bytes.size());
    }
    figures.encode_seconds = seconds_since(start);
    wire_bytes = batch.size();
    ops.clear();
    ops.shrink_to_fit();

    start = std::chrono::steady_clock::now();
    crdt::Text c(device(0xC3));
    crdt::ByteReader reader(batch.data());
    while (!reader.at_end()) {
      std::uint64_t length = 0;
      std::span<const std::uint8_t> bytes;
      if (!reader.varint(length) || !reader.bytes(static_cast<std::size_t>(length), bytes)) {
        std::fprintf(stderr, "%s: bad op batch\n", path.c_str());
        return false;
      }
      auto op = crdt::Text::decode_op(bytes);
      if (!op || !c.apply(*op).ok()) {
        std::fprintf(stderr, "%s: decode+merge failed\n", path.c_str());
        return false;
      }
    }
    figures.decode_merge_seconds = seconds_since(start);

    start = std::chrono::steady_clock::now();
    const std::vector<std::uint8_t> snapshot = c.snapshot();
    figures.snapshot_seconds = seconds_since(start);
    snapshot_bytes = snapshot.size();
    start = std::chrono::steady_clock::now();
    auto restored = crdt::Text::restore(device(0xD4), snapshot);
    figures.restore_seconds = seconds_since(start);
    if (!restored || restored->digest() != a.digest() || c.digest() != a.digest()) {
      std::fprintf(stderr, "%s: FAILED: wire merge or snapshot restore differs\n", path.c_str());
      return false;
    }

    best.replay_seconds = std::min(best.replay_seconds, figures.replay_seconds);
    best.merge_seconds = std::min(best.merge_seconds, figures.merge_seconds);
    best.replay_cpu_seconds = std::min(best.replay_cpu_seconds, figures.replay_cpu_seconds);
    best.merge_cpu_seconds = std::min(best.merge_cpu_seconds, figures.merge_cpu_seconds);
    best.encode_seconds = std::min(best.encode_seconds, figures.encode_seconds);
    best.decode_merge_seconds = std::min(best.decode_merge_seconds, figures.decode_merge_seconds);
    best.snapshot_seconds = std::min(best.snapshot_seconds, figures.snapshot_seconds);
    best.restore_seconds = std::min(best.restore_seconds, figures.restore_seconds);
  }

  const std::string name = path.substr(path.find_last_of('/') + 1);
  std::printf("trace %s\n", name.c_str());
  std::printf("  edits (patches)        %zu in %zu transactions, %zu ops emitted\n", trace.patches.size(),
              trace.transactions, op_count);
  std::printf("  final length           %zu code points (matches endContent)\n", final_length);
  std::printf("  replay (local edits)   %.4f s   best of %d (CPU %.4f s)\n", best.replay_seconds, repeat,
              best.replay_cpu_seconds);
  std::printf("  merge (remote apply)   %.4f s   best of %d (CPU %.4f s)\n", best.merge_seconds, repeat,
              best.merge_cpu_seconds);
  std::printf("  encode all ops         %.4f s   %.2f MiB as one batch (%.1f bytes/op)\n", best.encode_seconds,
              mib(wire_bytes), static_cast<double>(wire_bytes) / static_cast<double>(op_count));
  std::printf("  decode + merge         %.4f s\n", best.decode_merge_seconds);
  std::printf("  snapshot / restore     %.4f s / %.4f s, %.2f MiB\n", best.snapshot_seconds, best.restore_seconds,
              mib(snapshot_bytes));
  std::printf("  document               %zu items (%zu visible), %zu runs in A, %zu runs in B\n", stats_a.items,
              stats_a.visible, stats_a.runs, stats_b.runs);
  std::printf("  replica heap           A %.1f MiB, B %.1f MiB (%.1f bytes per item)\n", mib(stats_a.heap_bytes),
              mib(stats_b.heap_bytes), static_cast<double>(stats_b.heap_bytes) / static_cast<double>(stats_b.items));
  std::printf("  memory: trace loaded   +%.1f MiB (load %.2f s)\n", mib_delta(rss_loaded, rss_start), load_seconds);
  std::printf("  memory: replay phase   +%.1f MiB RSS (replica A + op list; op list heap %.1f MiB)\n",
              mib_delta(rss_after_replay, rss_loaded), mib(ops_heap));
  std::printf("  memory: merge phase    +%.1f MiB RSS (replica B)\n", mib_delta(rss_after_merge, rss_after_replay));
  std::printf("  peak RSS (VmHWM)       %.1f MiB through replay + merge, %.1f MiB incl. extras\n",
              mib(peak_after_merge), mib(peak_rss_bytes()));
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  int repeat = 3;
  std::vector<std::string> paths;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--repeat" && i + 1 < argc) {
      repeat = std::max(1, std::atoi(argv[++i]));
    } else if (arg == "-h" || arg == "--help") {
      std::printf("usage: %s [--repeat N] [trace.json.gz ...]\n", argv[0]);
      return 0;
    } else {
      paths.push_back(arg);
    }
  }
  if (paths.empty()) {
    paths = {std::string(GROVE_TRACE_DIR) + "/automerge-paper.json.gz",
             std::string(GROVE_TRACE_DIR) + "/seph-blog1.json.gz"};
  }
  std::printf("Editing traces from josephg/editing-traces (CC BY 4.0): automerge-paper recorded by Martin "
              "Kleppmann, seph-blog1 by Joseph Gentle.\n");
  // Each trace runs in its own child process so its memory figures start from a clean heap.
  bool ok = true;
  for (const std::string& path : paths) {
    std::fflush(stdout);
    const pid_t child = fork();
    if (child == 0) {
      bool child_ok = false;
      try {
        child_ok = run_trace(path, repeat);
      } catch (const std::exception& error) {
        std::fprintf(stderr, "%s: %s\n", path.c_str(), error.what());
      }
      std::fflush(stdout);
      _exit(child_ok ? 0 : 1);
    }
    int status = 0;
    if (child < 0 || waitpid(child, &status, 0) != child || !WIFEXITED(status) || WEXITSTATUS(status) != 0) ok = false;
  }
  return ok ? 0 : 1;
}
