// bench_sketch_latency: how long a stroke point drawn on peer A takes to be in peer B's model,
// over a real link on loopback (both peers in this process, each with its tool host thread and
// the real Sketchpad plugin). A draws strokes point by point through the model (what the canvas
// does on each pointer move); B records when each point joins the live stroke it shows. It prints
// the median, p95 and p99 per point, and the time from the end of a stroke to B's stored shape.
#include <sys/stat.h>

#include <QCoreApplication>
#include <QMetaObject>
#include <QObject>
#include <QThread>
#include <QVariant>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <thread>
#include <vector>

#include "core/space_journal.h"
#include "bench_tool_node.h"
#include "core/tool_host_thread.h"
#include "net/peer_node.h"
#include "toolhost/toolhost.h"

using namespace grove;
using namespace grove::platform;
using Clock = std::chrono::steady_clock;

namespace {

using Node = bench::BenchToolNode;

constexpr int kStrokes = 40;
constexpr int kPointsPerStroke = 60;
constexpr auto kPointInterval = std::chrono::milliseconds(8);  // a 120 Hz pointer

double ms_between(Clock::time_point from, Clock::time_point to) {
    return std::chrono::duration<double, std::milli>(to - from).count();
}

double percentile(std::vector<double> values, double p) {
    if (values.empty()) return NAN;
    std::sort(values.begin(), values.end());
    return values[static_cast<std::size_t>(p * static_cast<double>(values.size() - 1))];
}

template <class Predicate>
bool wait_until(Predicate done, double seconds) {
    const auto deadline = Clock::now() + std::chrono::duration<double>(seconds);
    while (!done()) {
        if (Clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return true;
}

// Lives on B's tool thread: records when each point of the stroke in progress arrives there.
class LiveWatcher : public QObject {
    Q_OBJECT
public:
    explicit LiveWatcher(QObject* model) : model_(model) {}
    void reset(int shapes) {
        std::lock_guard lock(mutex_);
        seen_.clear();
        shapes_before_ = shapes;
        stored_ = false;
    }
    int points() {
        std::lock_guard lock(mutex_);
        return static_cast<int>(seen_.size());
    }
    std::vector<Clock::time_point> seen() {
        std::lock_guard lock(mutex_);
        return seen_;
    }
    bool stored() {
        std::lock_guard lock(mutex_);
        return stored_;
    }
    Clock::time_point stored_at() {
        std::lock_guard lock(mutex_);
        return stored_at_;
    }

public slots:
    void on_live() {
        const auto now = Clock::now();
        const int count = model_->property("livePointCount").toInt();
        std::lock_guard lock(mutex_);
        while (static_cast<int>(seen_.size()) < count) seen_.push_back(now);
    }
    void on_sketch() {
        const auto now = Clock::now();
        const int shapes = model_->property("shapeCount").toInt();
        std::lock_guard lock(mutex_);
        if (!stored_ && shapes > shapes_before_) {
            stored_ = true;
            stored_at_ = now;
        }
    }

private:
    QObject* model_;
    std::mutex mutex_;
    std::vector<Clock::time_point> seen_;
    int shapes_before_ = 0;
    bool stored_ = false;
    Clock::time_point stored_at_;
};

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    const std::filesystem::path tool_dir = GROVE_SKETCHPAD_TOOL_DIR;
    Node a("A", tool_dir), b("B", tool_dir);
    auto space = a.peer->create_space("bench");
    auto invitation = a.peer->create_invitation(
        space->id, Role::Participant, a.peer->now_ms() + 3'600'000, {a.node->listen_address()});
    if (!b.node->join(invitation->code, std::chrono::seconds(30)).ok()) {
        std::fprintf(stderr, "join failed\n");
        return 1;
    }
    a.node->connect(b.node->listen_address());
    auto instance = a.peer->add_tool(space->id, "org.grove.sketchpad", "Board");
    if (!instance) {
        std::fprintf(stderr, "add_tool: %s\n", instance.error().message.c_str());
        return 1;
    }
    InstanceAddress address;
    sdk::from_hex(space->id, address.space);
    sdk::from_hex(instance->id, address.instance);
    if (!wait_until([&] { return a.model(address) && b.model(address); }, 30)) {
        std::fprintf(stderr, "the Sketchpad instance did not open on both peers (plugin in %s?)\n",
                     tool_dir.c_str());
        return 1;
    }
    QObject* model_a = a.model(address);
    QObject* model_b = b.model(address);
    a.tools->call([&] {
        QString page;
        QMetaObject::invokeMethod(model_a, "addPage", Q_RETURN_ARG(QString, page),
                                  Q_ARG(QString, "Live"));
    });
    if (!wait_until([&] { return b.property(model_b, "pages").toList().size() == 1; }, 30)) {
        std::fprintf(stderr, "the page did not reach B\n");
        return 1;
    }

    // B notes when its live point count grows, on its own tool thread, as the signal arrives.
    LiveWatcher watcher(model_b);
    watcher.moveToThread(model_b->thread());
    b.tools->call([&] {
        QObject::connect(model_b, SIGNAL(liveChanged()), &watcher, SLOT(on_live()),
                         Qt::DirectConnection);
        QObject::connect(model_b, SIGNAL(sketchChanged()), &watcher, SLOT(on_sketch()),
                         Qt::DirectConnection);
    });

    std::vector<double> point_ms, stored_ms;
    int lost = 0;
    for (int stroke = 0; stroke < kStrokes; ++stroke) {
        watcher.reset(b.property(model_b, "shapeCount").toInt());
        std::vector<Clock::time_point> sent;
        const double y = 20.0 * stroke;
        for (int i = 0; i < kPointsPerStroke; ++i) {
            const double x = 4.0 * i, wobble = 3 * std::sin(i * 0.3);
            a.tools->call([&] {
                bool ok = true;
                sent.push_back(Clock::now());
                if (i == 0)
                    QMetaObject::invokeMethod(model_a, "beginStroke", Q_RETURN_ARG(bool, ok),
                                              Q_ARG(int, 1), Q_ARG(qreal, x),
                                              Q_ARG(qreal, y + wobble));
                else
                    QMetaObject::invokeMethod(model_a, "extendStroke", Q_ARG(qreal, x),
                                              Q_ARG(qreal, y + wobble));
            });
            std::this_thread::sleep_for(kPointInterval);
        }
        // The last points: wait until B has them all (or give up on this stroke).
        wait_until([&] { return watcher.points() >= kPointsPerStroke; }, 5);
        const auto end = Clock::now();
        a.tools->call([&] {
            QString id;
            QMetaObject::invokeMethod(model_a, "endStroke", Q_RETURN_ARG(QString, id));
        });
        const bool stored = wait_until([&] { return watcher.stored(); }, 10);
        if (stored) stored_ms.push_back(ms_between(end, watcher.stored_at()));
        const auto seen = watcher.seen();
        for (int k = 0; k < kPointsPerStroke; ++k) {
            if (k < static_cast<int>(seen.size()))
                point_ms.push_back(ms_between(sent[static_cast<std::size_t>(k)], seen[k]));
            else
                ++lost;
        }
    }
    std::printf(
        "live stroke point, A's model -> B's model over a link on loopback (%d strokes of "
        "%d points, one every %lld ms): median %.2f ms, p95 %.2f ms, p99 %.2f ms, max "
        "%.2f ms; points never seen live: %d\n",
        kStrokes, kPointsPerStroke, static_cast<long long>(kPointInterval.count()),
        percentile(point_ms, 0.5), percentile(point_ms, 0.95), percentile(point_ms, 0.99),
        percentile(point_ms, 1.0), lost);
    std::printf(
        "stroke ended on A -> the stored shape in B's model: median %.1f ms, p95 %.1f ms "
        "(%zu of %d)\n",
        percentile(stored_ms, 0.5), percentile(stored_ms, 0.95), stored_ms.size(), kStrokes);
    QThread* main_thread = QThread::currentThread();
    b.tools->call([&] {
        QObject::disconnect(model_b, nullptr, &watcher, nullptr);
        watcher.moveToThread(main_thread);  // destroyed here, on this thread
    });
    return 0;
}

#include "bench_sketch_latency.moc"
