// FormsReplica: one Forms instance on a LoopbackToolContext, for tests that drive the model
// without the host and pass operations between replicas in chosen orders.
#pragma once

#include <algorithm>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "formsinstance.h"
#include "loopback_tool_context.h"

namespace grove::tests {

struct FormsReplica {
    FormsReplica(std::string name, std::uint8_t id, sdk::Role role = sdk::Role::Participant)
        : context(std::move(name), id, id, role),
          instance(std::make_unique<tools::forms::FormsInstance>(context)) {
        context.attach(instance.get());
    }
    tools::forms::FormsModel& model() { return instance->forms(); }
    const tools::forms::FormsState& state() const { return instance->state(); }
    // Everything this replica authored from the index `from` on.
    std::vector<RecordedOp> since(std::size_t from) {
        auto& all = context.submitted();
        return {all.begin() + static_cast<std::ptrdiff_t>(from), all.end()};
    }

    LoopbackToolContext context;
    std::unique_ptr<tools::forms::FormsInstance> instance;
};

// Delivers `ops` to `to` in a random order that keeps each author's own order (causal enough
// here: every op depends only on its author's earlier ops and on what was delivered before).
inline void deliver_shuffled(const std::vector<RecordedOp>& ops, FormsReplica& to,
                             std::uint64_t seed) {
    std::vector<std::size_t> order(ops.size());
    for (std::size_t i = 0; i < ops.size(); ++i) order[i] = i;
    std::mt19937_64 rng(seed);
    std::shuffle(order.begin(), order.end(), rng);
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

// An operation as a modified peer would send it: any payload, any claimed role.
inline RecordedOp forged(const google::protobuf::Message& message, sdk::Role role,
                         std::uint8_t device, std::uint64_t lamport) {
    RecordedOp op;
    std::string bytes = message.SerializeAsString();
    op.bytes.assign(bytes.begin(), bytes.end());
    op.header.lamport = lamport;
    op.header.author_device.fill(device);
    op.header.author_identity.fill(device);
    op.header.author_role = role;
    op.header.wall_time_ms = 1'700'000'000'000;
    op.header.id.fill(0xee);
    op.header.id[0] = device;
    op.header.id[31] = static_cast<std::uint8_t>(lamport);
    return op;
}

}  // namespace grove::tests
