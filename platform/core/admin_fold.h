// The fold of a set of administrative operations under the removal rule: what a removed member or
// revoked device authored outside the causal past of its removal has no effect (docs/protocol.md).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "core/admin_state.h"

namespace grove::platform {

// Whom an operation excludes: a member's identity (a removal or a leave) or one device.
struct Exclusion {
    bool device = false;
    crypto::SignPublicKey target{};
};

// The exclusion `op` makes, if it is a removal, a leave or a device revocation (by shape only).
std::optional<Exclusion> exclusion_of(const AdminOp& op);

// Calls `f(device, identity)` for every device certificate `op` carries (genesis, admission,
// added device).
void for_each_certified_device(
    const AdminOp& op,
    const std::function<void(const crypto::SignPublicKey&, const crypto::SignPublicKey&)>& f);

struct AdminFoldContext {
    const std::vector<AdminOp>& ops;  // every administrative operation of the space, by index
    // Whether operation `op` is in the causal past of operation `of` (an operation is not in its
    // own past).
    std::function<bool(std::uint32_t op, std::uint32_t of)> in_past;
};

// The administrative state of `set` (indices into ctx.ops, ascending, closed under causal past):
// void operations dropped, the rest folded in canonical (Lamport, id) order, each applied if
// valid against the state before it. Deterministic: depends on the set and its causal order only.
std::unique_ptr<AdminState> fold_admin_ops(const SpaceId& space,
                                           const std::vector<std::uint32_t>& set,
                                           const AdminFoldContext& ctx);

}  // namespace grove::platform
