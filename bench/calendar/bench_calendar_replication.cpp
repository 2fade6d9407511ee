// bench_calendar_replication: the real plugin on two peers over a gRPC link on loopback. Peer A
// imports the .ics of a 10,000-event calendar (20% recurring, five years); then B joins the space
// as a new member and the time until B's Calendar digest equals A's is printed (the operations
// sealed, signed, stored, sent, verified and applied), with B's RSS growth and the bytes stored.
#include <sys/stat.h>

#include <QMetaObject>
#include <QObject>
#include <QString>
#include <QVariant>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "core/space_journal.h"
#include "bench_tool_node.h"
#include "core/tool_host_thread.h"
#include "generated_calendar.h"
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

std::uint64_t rss_kb() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::stoull(line.substr(6));
    return 0;
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

}  // namespace

int main() {
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    const auto generated = bench::calendar::generate_calendar();
    std::printf("calendar: %d events (%d recurring), .ics %.1f MB\n", generated.events,
                generated.recurring, generated.ics.size() / 1e6);
    Node a("A", GROVE_CALENDAR_TOOL_DIR);
    auto space = a.peer->create_space("bench");
    auto instance = a.peer->add_tool(space->id, "org.grove.calendar", "Team");
    if (!instance) {
        std::fprintf(stderr, "add_tool: %s\n", instance.error().message.c_str());
        return 1;
    }
    InstanceAddress address;
    sdk::from_hex(space->id, address.space);
    sdk::from_hex(instance->id, address.instance);
    if (!wait_until([&] { return a.model(address) != nullptr; }, 30)) {
        std::fprintf(stderr, "the Calendar did not open (is the plugin in %s?)\n",
                     GROVE_CALENDAR_TOOL_DIR);
        return 1;
    }
    QObject* model_a = a.model(address);
    const QString text = QString::fromStdString(generated.ics);
    QString summary;
    double t0 = now_seconds();
    a.tools->call([&] {
        QMetaObject::invokeMethod(model_a, "importIcs", Q_RETURN_ARG(QString, summary),
                                  Q_ARG(QString, text));
    });
    std::printf("A imports the .ics through the plugin (parse, sign, store, apply): %.2f s (%s)\n",
                now_seconds() - t0, qPrintable(summary));
    const auto digest_a = a.digest(address);

    // B joins as a new member and catches up.
    Node b("B", GROVE_CALENDAR_TOOL_DIR);
    const std::uint64_t rss_before_b = rss_kb();
    const std::uint64_t stored_before_b = directory_bytes(b.dir);
    auto invitation = a.peer->create_invitation(
        space->id, Role::Participant, a.peer->now_ms() + 3'600'000, {a.node->listen_address()});
    t0 = now_seconds();
    if (!b.node->join(invitation->code, std::chrono::seconds(30)).ok()) {
        std::fprintf(stderr, "join failed\n");
        return 1;
    }
    const double joined = now_seconds() - t0;
    const bool equal = wait_until([&] { return b.digest(address) == digest_a; }, 120);
    const double caught_up = now_seconds() - t0;
    if (!equal) {
        std::printf("B: the Calendar's digest never equalled A's within 120 s\n");
        return 1;
    }
    std::printf(
        "replicate to a new member: B's Calendar equals A's %.2f s after B starts joining "
        "(join %.2f s)  [target <= 5 s]\n",
        caught_up, joined);
    std::printf("B: RSS +%.1f MB (the whole peer: store, link, host, instance), stored %.1f MB\n",
                (double(rss_kb()) - double(rss_before_b)) / 1024.0,
                (double(directory_bytes(b.dir)) - double(stored_before_b)) / 1e6);
    return 0;
}
