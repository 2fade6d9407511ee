// CalendarReplica: one Calendar instance on a LoopbackToolContext, for tests that drive the model
// without the host and pass operations between replicas in chosen orders.
#pragma once

#include <algorithm>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "calendarinstance.h"
#include "loopback_tool_context.h"

namespace grove::tests {

struct CalendarReplica {
    CalendarReplica(std::string name, std::uint8_t id, sdk::Role role = sdk::Role::Participant)
        : context(std::move(name), id, id, role),
          instance(std::make_unique<tools::calendar::CalendarInstance>(context)) {
        context.attach(instance.get());
        instance->calendar().set_time_zone("UTC");
    }
    tools::calendar::CalendarModel& model() { return instance->calendar(); }
    const tools::calendar::CalendarState& state() const { return instance->state(); }

    LoopbackToolContext context;
    std::unique_ptr<tools::calendar::CalendarInstance> instance;
};

// Delivers `ops` to `to` in a random order that respects each author's own order (causal
// enough for these tests: every op depends only on its author's earlier ops and on what was
// delivered before it was made).
inline void deliver_shuffled(const std::vector<RecordedOp>& ops, CalendarReplica& to,
                             std::uint64_t seed) {
    std::vector<std::size_t> order(ops.size());
    for (std::size_t i = 0; i < ops.size(); ++i) order[i] = i;
    std::mt19937_64 rng(seed);
    std::shuffle(order.begin(), order.end(), rng);
    // Stable per author: within one device, keep submission order.
    std::vector<std::vector<std::size_t>> per_device(256);
    for (std::size_t i = 0; i < ops.size(); ++i)
        per_device[ops[i].header.author_device[0]].push_back(i);
    std::vector<std::size_t> next(256, 0);
    for (std::size_t pick : order) {
        const std::uint8_t device = ops[pick].header.author_device[0];
        const std::size_t index = per_device[device][next[device]++];
        (void)to.context.receive(ops[index]);
    }
}

}  // namespace grove::tests
