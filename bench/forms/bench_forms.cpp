// bench_forms: prints what a Forms instance of 100,000 records × 12 fields costs — importing them
// through the model (as the gRPC service does), the table view's first screen unfiltered and then
// filtered, sorted and grouped, the same rows as one list, a record's detail, snapshot and restore,
// and the process's RSS. Figures, not a test.
#include <QCoreApplication>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <string>

#include "formsinstance.h"
#include "formstablemodel.h"
#include "loopback_tool_context.h"

using namespace grove;
using namespace grove::tools::forms;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// This thread's CPU time: on a loaded machine wall time also counts the waits for a core.
double cpu_ms() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return now.tv_sec * 1e3 + now.tv_nsec / 1e6;
}

long rss_mb() {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6)) / 1024;
    return -1;
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    const int records = argc > 1 ? std::atoi(argv[1]) : 100'000;
    tests::LoopbackToolContext context("Bench", 1, 1, sdk::Role::Manager);
    FormsInstance instance(context);
    context.attach(&instance);
    FormsModel& model = instance.forms();

    v1::ChangeSchema schema;
    const v1::FieldType types[12] = {
        v1::FIELD_TYPE_TEXT, v1::FIELD_TYPE_CHOICE,   v1::FIELD_TYPE_NUMBER,
        v1::FIELD_TYPE_DATE, v1::FIELD_TYPE_CURRENCY, v1::FIELD_TYPE_CHECKBOX,
        v1::FIELD_TYPE_TEXT, v1::FIELD_TYPE_CHOICE,   v1::FIELD_TYPE_NUMBER,
        v1::FIELD_TYPE_DATE, v1::FIELD_TYPE_TEXT,     v1::FIELD_TYPE_LONG_TEXT};
    for (int f = 0; f < 12; ++f) {
        auto* def = schema.add_add()->mutable_def();
        def->set_name("Field " + std::to_string(f));
        def->set_type(types[f]);
        if (types[f] == v1::FIELD_TYPE_CHOICE)
            for (const char* option : {"Open", "In progress", "Waiting", "Done"})
                def->mutable_options()->add_values(option);
    }
    auto ids = model.change_schema(schema);
    if (!ids) return std::fprintf(stderr, "%s\n", ids.error().message.c_str()), 1;

    auto values_of = [&](int n) {
        Values values;
        for (int f = 0; f < 12; ++f) {
            v1::Value value;
            switch (types[f]) {
                case v1::FIELD_TYPE_NUMBER:
                    value.set_number((n * 7919 + f) % 10007);
                    break;
                case v1::FIELD_TYPE_CHOICE:
                    value.set_text(std::array{"Open", "In progress", "Waiting", "Done"}[n % 4]);
                    break;
                case v1::FIELD_TYPE_DATE:
                    value.set_text("2027-0" + std::to_string(1 + n % 9) + "-1" +
                                   std::to_string(n % 10));
                    break;
                case v1::FIELD_TYPE_CURRENCY:
                    value.set_text(std::to_string(n % 5000) + ".50");
                    break;
                case v1::FIELD_TYPE_CHECKBOX:
                    value.set_flag(n % 2);
                    break;
                default:
                    value.set_text("Record " + std::to_string(n) + " text " + std::to_string(f));
            }
            values[(*ids)[f]] = value;
        }
        return values;
    };

    auto start = Clock::now();
    const int batch = 2000;  // ≈ 700 KiB per operation, under the 1 MiB limit
    for (int first = 0; first < records; first += batch) {
        std::vector<Values> chunk;
        for (int n = first; n < std::min(records, first + batch); ++n)
            chunk.push_back(values_of(n));
        auto imported = model.import_records(std::move(chunk));
        if (!imported) return std::fprintf(stderr, "%s\n", imported.error().message.c_str()), 1;
    }
    std::printf("import %d records × 12 fields in %d operations: %.0f ms\n", records,
                (records + batch - 1) / batch, ms_since(start));
    std::printf("RSS after import: %ld MB\n", rss_mb());

    // The table view: the list model orders the records; a screen shows about 30 rows.
    FormsTableModel& table = *model.table();
    auto first_screen = [&] {
        const int shown = std::min(30, table.rowCount());
        QStringList seen;
        for (int row = 0; row < shown; ++row)
            for (int role : table.roleNames().keys())
                seen.append(table.data(table.index(row), role).toString());
        return shown;
    };
    start = Clock::now();
    double cpu = cpu_ms();
    int shown = first_screen();
    std::printf("table view, first screen (%d of %d rows): %.0f ms (CPU %.0f ms)\n", shown,
                table.rowCount(), ms_since(start), cpu_ms() - cpu);
    start = Clock::now();
    cpu = cpu_ms();
    table.set_filter("Record 1");
    table.set_sort_field(QString::fromStdString((*ids)[2]));
    table.set_descending(true);
    table.set_group_field(QString::fromStdString((*ids)[1]));
    shown = first_screen();
    std::printf(
        "table view, filtered (%d) + sorted + grouped, first screen: %.0f ms (CPU %.0f ms)\n",
        table.rowCount(), ms_since(start), cpu_ms() - cpu);
    start = Clock::now();
    cpu = cpu_ms();
    table.set_filter({});
    shown = first_screen();
    std::printf("table view, sorted + grouped (%d), first screen: %.0f ms (CPU %.0f ms)\n",
                table.rowCount(), ms_since(start), cpu_ms() - cpu);
    std::printf("RSS after the table view: %ld MB\n", rss_mb());

    start = Clock::now();
    QVariantList rows = model.rows({}, {}, false, {});
    std::printf("rows() as a list (the API's), all %lld: %.0f ms\n",
                static_cast<long long>(rows.size()), ms_since(start));
    start = Clock::now();
    rows = model.rows("Record 1", QString::fromStdString((*ids)[2]), true,
                      QString::fromStdString((*ids)[1]));
    std::printf("rows() as a list, filtered (%lld) + sorted + grouped: %.0f ms\n",
                static_cast<long long>(rows.size()), ms_since(start));
    start = Clock::now();
    QVariantMap detail = model.record(rows[0].toMap()["id"].toString());
    std::printf("one record's detail: %.2f ms\n", ms_since(start));

    start = Clock::now();
    const sdk::Bytes snapshot = instance.state().snapshot();
    std::printf("snapshot: %.1f MB in %.0f ms\n", snapshot.size() / 1e6, ms_since(start));
    tests::LoopbackToolContext other("Other", 2, 2, sdk::Role::Participant);
    FormsInstance restored(other);
    start = Clock::now();
    if (!restored.restore(snapshot).ok()) return 1;
    std::printf("restore: %.0f ms\n", ms_since(start));
    std::printf("RSS with two copies: %ld MB\n", rss_mb());
    return 0;
}
