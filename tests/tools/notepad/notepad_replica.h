// NotepadReplica: one Notepad instance on a loopback context with a controllable clock, and
// delivery of the operations one replica submitted to another — for tests without the host.
#pragma once

#include <memory>
#include <string>

#include "loopback_tool_context.h"
#include "notepadinstance.h"

namespace grove::tests {

struct NotepadReplica {
    NotepadReplica(std::string name, std::uint8_t key, sdk::Role role = sdk::Role::Participant)
        : context(std::move(name), key, key, role) {
        instance = std::make_unique<tools::notepad::NotepadInstance>(context);
        context.attach(instance.get());
        model().set_clock([this] { return now_ms; });
    }

    tools::notepad::NotepadModel& model() { return instance->notepad(); }
    QString text() { return model().text(); }
    QString text_of(const QString& document) { return model().documentText(document); }

    // Types `text` one key at a time at `position`, `gap_ms` apart.
    void type(int position, const QString& text, std::int64_t gap_ms = 50) {
        for (QChar c : text) {
            now_ms += gap_ms;
            model().insertText(position++, QString(c));
            model().flush_if_due();
        }
    }
    void pause(std::int64_t ms = 2000) {
        now_ms += ms;
        model().flush_if_due();
    }

    // Applies, in causal order, the operations `from` submitted that this replica has not seen
    // yet; stops before one that depends on an operation this replica lacks. Returns whether it
    // applied anything.
    bool receive_from(NotepadReplica& from) {
        record_dependencies();
        from.record_dependencies();
        std::size_t& next = seen[&from];
        auto& ops = from.context.submitted();
        const std::size_t start = next;
        for (; next < ops.size(); ++next) {
            for (const auto& [replica, count] : from.dependencies[next])
                if (replica != this && seen[replica] < count) return next > start;
            auto applied = context.receive(ops[next]);
            EXPECT_TRUE(applied.ok()) << (applied.ok() ? "" : applied.error().describe());
        }
        return next > start;
    }

    // What this replica had applied when it submitted each of its operations.
    void record_dependencies() {
        while (dependencies.size() < context.submitted().size()) dependencies.push_back(seen);
    }

    LoopbackToolContext context;
    std::unique_ptr<tools::notepad::NotepadInstance> instance;
    std::int64_t now_ms = 1000;
    std::map<NotepadReplica*, std::size_t> seen;
    std::vector<std::map<NotepadReplica*, std::size_t>> dependencies;
};

}  // namespace grove::tests
