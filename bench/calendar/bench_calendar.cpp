// bench_calendar: one Calendar instance (the tool's model on a loopback context) with a calendar of
// 10,000 events, 20% recurring, across five years. It prints: importing the .ics of it, opening the
// month view (the six weeks' occurrences the month grid asks for) and the week view's layout,
// expanding a year of occurrences (libical expansion alone, and as the view's maps), exporting,
// the snapshot, and the RSS the instance adds.
#include <malloc.h>

#include <QCoreApplication>
#include <QDateTime>
#include <QTimeZone>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <string>
#include <vector>

#include "calendar_replica.h"
#include "generated_calendar.h"
#include "recurrence.h"

using namespace grove;
using namespace grove::tools::calendar;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// CPU time of this process: on a machine shared with other work, what the code itself costs.
double cpu_ms() {
    timespec now{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) * 1000.0 + static_cast<double>(now.tv_nsec) / 1e6;
}

long rss_kb() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    return 0;
}

// Wall-clock and CPU milliseconds of one run of `work`.
struct Timed {
    double wall = 0, cpu = 0;
};
template <class Work>
Timed timed(Work&& work) {
    const double cpu0 = cpu_ms();
    const auto wall0 = Clock::now();
    work();
    return {ms_since(wall0), cpu_ms() - cpu0};
}

// The median run (by CPU time) of several.
Timed median(std::vector<Timed> runs) {
    std::sort(runs.begin(), runs.end(),
              [](const Timed& a, const Timed& b) { return a.cpu < b.cpu; });
    return runs[runs.size() / 2];
}

double utc_ms(int year, int month, int day) {
    return static_cast<double>(
        QDateTime(QDate(year, month, day), QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch());
}

}  // namespace

int main(int argc, char** argv) {
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    QCoreApplication app(argc, argv);
    const auto generated = bench::calendar::generate_calendar();
    std::printf("calendar: %d events (%d recurring), .ics %.1f MB; times are CPU (wall)\n",
                generated.events, generated.recurring, generated.ics.size() / 1e6);

    const long rss_before = rss_kb();
    auto replica = std::make_unique<tests::CalendarReplica>("Ada", 1);
    replica->model().set_time_zone("Europe/Paris");

    Result<IcalImport> imported = make_error(ErrorCode::Internal, "not run");
    const Timed import = timed([&] { imported = replica->model().import_ics(generated.ics); });
    if (!imported) {
        std::fprintf(stderr, "import refused: %s\n", imported.error().message.c_str());
        return 1;
    }
    std::printf(
        "import the .ics: %.0f ms (%.0f ms), %zu added in %zu operations  "
        "[target <= 2000 ms]\n",
        import.cpu, import.wall, imported->created, replica->context.submitted().size());
    const long rss_after_import = rss_kb();

    // The month view: 42 days from the Monday before the 1st, every month of 2027.
    std::vector<Timed> months;
    std::size_t month_occurrences = 0;
    for (int month = 1; month <= 12; ++month) {
        const QDate first(2027, month, 1);
        const QDate grid = first.addDays(-(first.dayOfWeek() - 1));
        const double from = utc_ms(grid.year(), grid.month(), grid.day());
        months.push_back(timed([&] {
            month_occurrences += static_cast<std::size_t>(
                replica->model().occurrences(from, from + 42.0 * 86'400'000).size());
        }));
    }
    const Timed month = median(months);
    std::printf(
        "open the month view (42 days' occurrences as the view's maps): median %.1f ms "
        "(%.1f ms), %zu occurrences a month on average  [target <= 100 ms]\n",
        month.cpu, month.wall, month_occurrences / 12);

    std::vector<Timed> weeks;
    for (int w = 0; w < 12; ++w) {
        const double from = utc_ms(2027, 3, 1) + w * 7.0 * 86'400'000;
        weeks.push_back(timed([&] { (void)replica->model().layoutDays(from, 7); }));
    }
    const Timed week = median(weeks);
    std::printf("open the week view (layoutDays, 7 days): median %.1f ms (%.1f ms)\n", week.cpu,
                week.wall);

    // A year of occurrences: every event expanded over 2027.
    const auto year_from = static_cast<std::int64_t>(utc_ms(2027, 1, 1) / 1000);
    const auto year_to = static_cast<std::int64_t>(utc_ms(2028, 1, 1) / 1000);
    std::vector<Timed> years;
    std::size_t year_occurrences = 0;
    for (int run = 0; run < 5; ++run) {
        years.push_back(timed([&] {
            std::size_t count = 0;
            for (const auto& [id, event] : replica->state().events())
                count += expand(event, year_from, year_to).size();
            year_occurrences = count;
        }));
    }
    const Timed year = median(years);
    std::printf(
        "expand a year (2027) of occurrences: median %.1f ms (%.1f ms) for %zu occurrences  "
        "[target <= 50 ms]\n",
        year.cpu, year.wall, year_occurrences);
    QVariantList year_maps;
    const Timed year_view = timed(
        [&] { year_maps = replica->model().occurrences(year_from * 1000.0, year_to * 1000.0); });
    std::printf("  the same year as the views' maps (sorted, zone-formatted): %.0f ms (%.0f ms)\n",
                year_view.cpu, year_view.wall);

    std::string exported;
    const Timed export_time = timed([&] { exported = replica->model().export_ics(); });
    std::printf("export the whole calendar: %.0f ms (%.0f ms), %.1f MB\n", export_time.cpu,
                export_time.wall, exported.size() / 1e6);
    Result<sdk::Bytes> snapshot = make_error(ErrorCode::Internal, "not run");
    const Timed snapshot_time = timed([&] { snapshot = replica->instance->snapshot(); });
    std::printf("snapshot: %.0f ms (%.0f ms), %.1f MB\n", snapshot_time.cpu, snapshot_time.wall,
                snapshot->size() / 1e6);

    // Another member applying the import's operations (no network).
    auto reader = std::make_unique<tests::CalendarReplica>("Bob", 2);
    bool applied = true;
    const Timed replay = timed([&] {
        for (const auto& op : replica->context.submitted())
            applied = applied && reader->context.receive(op).ok();
    });
    std::printf(
        "apply the import's operations on another member (no network): %.0f ms (%.0f ms)%s\n",
        replay.cpu, replay.wall, applied ? "" : " REFUSED");
    // What the instance holds, measured as the heap in use (RSS does not shrink when memory is
    // freed, so a second instance's RSS growth would be hidden by the first's freed pages).
    const std::size_t heap_with_both = mallinfo2().uordblks;
    reader.reset();
    const std::size_t heap_one = mallinfo2().uordblks;
    std::printf(
        "instance memory: %.1f MB of heap for the 10,000 events (one instance); the "
        "importing process's RSS grew %.1f MB, the .ics text and its parse included; "
        "process RSS %.1f MB  [target <= 50 MB]\n",
        (double(heap_with_both) - double(heap_one)) / (1024.0 * 1024.0),
        (rss_after_import - rss_before) / 1024.0, rss_kb() / 1024.0);
    return year_maps.isEmpty() || !applied ? 1 : 0;
}
