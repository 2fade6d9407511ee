// bench_notepad [--per-operation N] [trace.json.gz …]: the whole platform typing a real editing
// trace. Peer A replays the trace as typing into a Notepad instance (the real plugin, through its
// model's insertText / removeText, one call per patch); each operation is sealed, signed, stored
// and sent over a gRPC link on loopback to peer B, which applies it. Batching is the tool's own:
// an operation when the typing pauses for 300 ms or has gone on for 1 s (by the real clock, so a
// trace typed at machine speed is a few operations), or with --per-operation N one operation per N
// transactions (N = 20 is a very fast typist's 1 s batches). It prints: A's replay time, the time
// until B's text equals endContent, opening the document from a snapshot, the process RSS, the
// bytes stored for the history, and Yjs's figures for the same trace when node can load `yjs`.
#include <sys/stat.h>

#include <QAbstractItemModel>
#include <QMetaObject>
#include <QObject>
#include <QString>
#include <QVariant>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>

#include "core/space_journal.h"
#include "bench_tool_node.h"
#include "core/tool_host_thread.h"
#include "editing_trace.h"
#include "net/peer_node.h"
#include "toolhost/toolhost.h"

using namespace grove;
using namespace grove::platform;

namespace {

using Node = bench::BenchToolNode;
using bench::directory_bytes;

double now_seconds() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

std::uint64_t status_kb(const char* field) {
    std::ifstream status("/proc/self/status");
    std::string line;
    const std::size_t length = std::strlen(field);
    while (std::getline(status, line))
        if (line.compare(0, length, field) == 0 && line.size() > length && line[length] == ':')
            return std::stoull(line.substr(length + 1));
    return 0;
}

QString text_of(Node& node, QObject* model, const QString& document) {
    QString text;
    node.tools->call([&] {
        QMetaObject::invokeMethod(model, "documentText", Q_RETURN_ARG(QString, text),
                                  Q_ARG(QString, document));
    });
    return text;
}

template <class Predicate>
bool wait_until(Predicate done, double seconds) {
    const double deadline = now_seconds() + seconds;
    while (!done()) {
        if (now_seconds() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
}

// Yjs 13.6's in-memory replay of the same trace (yjs_reference.mjs), or why there is none. The
// script finds the `yjs` package from the working directory (GROVE_YJS_DIR, default: here).
std::string yjs_figure(const std::string& trace) {
    const char* dir = std::getenv("GROVE_YJS_DIR");
    const std::string command = "cd '" + std::string(dir ? dir : ".") + "' && node '" +
                                GROVE_YJS_SCRIPT + "' '" + trace + "' 2>/dev/null";
    std::string out;
    if (FILE* pipe = ::popen(command.c_str(), "r")) {
        char buffer[512];
        while (std::fgets(buffer, sizeof buffer, pipe)) out += buffer;
        if (::pclose(pipe) != 0) out.clear();
    }
    if (out.empty())
        return "yjs: not measured (needs node and `npm install yjs` in GROVE_YJS_DIR)\n";
    return out;
}

// Transactions per operation; 0: the tool's own batching by the clock.
bool run(const std::string& path, const std::filesystem::path& tool_dir,
         std::size_t per_operation) {
    const bench::trace::Trace trace = bench::trace::load_trace(path);
    const QString end_content = QString::fromUcs4(trace.end_content.data(),
                                                  static_cast<qsizetype>(trace.end_content.size()));
    std::printf("%s: %zu transactions, %zu patches, end %zu characters\n",
                std::filesystem::path(path).filename().c_str(), trace.transactions,
                trace.patches.size(), trace.end_content.size());

    Node a("A", tool_dir), b("B", tool_dir);
    auto space = a.peer->create_space("bench");
    auto invitation = a.peer->create_invitation(
        space->id, Role::Participant, a.peer->now_ms() + 3'600'000, {a.node->listen_address()});
    if (!b.node->join(invitation->code, std::chrono::seconds(30)).ok()) {
        std::fprintf(stderr, "join failed\n");
        return false;
    }
    a.node->connect(b.node->listen_address());
    auto instance = a.peer->add_tool(space->id, "org.grove.notepad", "Notes");
    if (!instance) {
        std::fprintf(stderr, "add_tool: %s\n", instance.error().message.c_str());
        return false;
    }
    InstanceAddress address;
    sdk::from_hex(space->id, address.space);
    sdk::from_hex(instance->id, address.instance);
    if (!wait_until([&] { return a.model(address) && b.model(address); }, 30)) {
        std::fprintf(stderr,
                     "the Notepad instance did not open on both peers (is the plugin in %s?)\n",
                     tool_dir.c_str());
        return false;
    }
    QObject* model_a = a.model(address);
    QObject* model_b = b.model(address);
    QString document;
    a.tools->call([&] {
        QMetaObject::invokeMethod(model_a, "createDocument", Q_RETURN_ARG(QString, document),
                                  Q_ARG(QString, "Trace"));
        model_a->setProperty("currentDocumentId", document);
    });
    if (!wait_until(
            [&] {
                int rows = 0;
                b.tools->call([&] {
                    rows = qvariant_cast<QAbstractItemModel*>(model_b->property("documents"))
                               ->rowCount();
                });
                return rows == 1;
            },
            30))
        return false;
    const std::uint64_t stored_before = directory_bytes(a.dir);
    const std::uint64_t rss_before_kb = status_kb("VmRSS");

    // A types the trace (positions are code points; the model takes UTF-16: equal for BMP text).
    const auto submitted_before = a.peer->get_space(space->id)->delta_count;
    const double t0 = now_seconds();
    a.tools->call([&] {
        bool ok = true;
        std::size_t in_batch = 0;
        for (const auto& patch : trace.patches) {
            if (patch.delete_count > 0)
                QMetaObject::invokeMethod(model_a, "removeText", Q_RETURN_ARG(bool, ok),
                                          Q_ARG(int, int(patch.pos)),
                                          Q_ARG(int, int(patch.delete_count)));
            if (patch.text_length > 0)
                QMetaObject::invokeMethod(
                    model_a, "insertText", Q_RETURN_ARG(bool, ok), Q_ARG(int, int(patch.pos)),
                    Q_ARG(QString, QString::fromUcs4(trace.inserted.data() + patch.text_offset,
                                                     patch.text_length)));
            if (per_operation > 0 && ++in_batch == per_operation) {
                QMetaObject::invokeMethod(model_a, "flush", Q_RETURN_ARG(bool, ok));
                in_batch = 0;
            }
        }
        QMetaObject::invokeMethod(model_a, "flush", Q_RETURN_ARG(bool, ok));
    });
    const double t1 = now_seconds();
    const bool a_equal = text_of(a, model_a, document) == end_content;
    const bool converged =
        wait_until([&] { return text_of(b, model_b, document) == end_content; }, 600);
    const double t2 = now_seconds();
    const std::uint64_t operations = a.peer->get_space(space->id)->delta_count - submitted_before;
    if (per_operation > 0)
        std::printf("  batching: one operation per %zu transactions\n", per_operation);
    else
        std::printf("  batching: the tool's (300 ms pause or 1 s of typing, real clock)\n");
    std::printf("  A typed it: %.2f s (%llu operations = signed deltas), A's text %s endContent\n",
                t1 - t0, static_cast<unsigned long long>(operations),
                a_equal ? "equals" : "DIFFERS FROM");
    if (!converged) {
        std::printf("  B: text never equalled endContent\n");
        return false;
    }
    std::printf("  B's text equals endContent %.2f s after A's first keystroke\n", t2 - t0);

    // Open from a snapshot: B's instance snapshot restored, then the document opened in the model.
    sdk::Bytes snapshot;
    double snapshot_s = 0, open_s = 0;
    QString opened;
    b.tools->call([&] {
        const double s0 = now_seconds();
        snapshot = *b.tools->host().snapshot(address);
        const double s1 = now_seconds();
        (void)b.tools->host().restore(address, snapshot);
        model_b->setProperty("currentDocumentId", document);
        opened = model_b->property("text").toString();
        const double s2 = now_seconds();
        snapshot_s = s1 - s0;
        open_s = s2 - s1;
    });
    std::printf(
        "  snapshot %.1f KB taken in %.1f ms; open from it (restore + show the text) %.1f ms%s\n",
        snapshot.size() / 1024.0, snapshot_s * 1000, open_s * 1000,
        opened == end_content ? "" : " (TEXT DIFFERS)");
    std::printf(
        "  RSS %.1f MB (both peers, one process; %.1f MB before the replay), peak %.1f MB\n",
        status_kb("VmRSS") / 1024.0, rss_before_kb / 1024.0, status_kb("VmHWM") / 1024.0);
    const double stored = double(directory_bytes(a.dir)) - double(stored_before);
    std::printf(
        "  stored on A for the history: %.1f KB (SQLite files, after minus before), "
        "%.0f bytes per operation\n",
        stored / 1024.0, stored / double(std::max<std::uint64_t>(operations, 1)));
    std::printf("  %s", yjs_figure(path).c_str());
    return a_equal && opened == end_content;
}

}  // namespace

int main(int argc, char** argv) {
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    std::vector<std::string> traces;
    std::size_t per_operation = 0;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--per-operation" && i + 1 < argc)
            per_operation = std::stoul(argv[++i]);
        else if (arg.rfind("--", 0) == 0) {
            std::fprintf(stderr, "usage: bench_notepad [--per-operation N] [trace.json.gz …]\n");
            return 2;
        } else
            traces.push_back(arg);
    }
    if (traces.empty())
        traces = {std::string(GROVE_TRACE_DIR) + "/automerge-paper.json.gz",
                  std::string(GROVE_TRACE_DIR) + "/seph-blog1.json.gz"};
    bool ok = true;
    for (const auto& trace : traces) ok &= run(trace, GROVE_NOTEPAD_TOOL_DIR, per_operation);
    return ok ? 0 : 1;
}
