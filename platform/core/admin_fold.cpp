#include "core/admin_fold.h"

#include <algorithm>
#include <set>

namespace grove::platform {

namespace sp = grove::space::v1;

std::optional<Exclusion> exclusion_of(const AdminOp& a) {
    if (a.op.has_remove_member()) {
        auto identity = fixed_from<32>(as_bytes(a.op.remove_member().identity()));
        if (identity) return Exclusion{false, *identity};
    }
    if (a.op.has_revoke_device()) {
        auto device = fixed_from<32>(as_bytes(a.op.revoke_device().device()));
        if (device) return Exclusion{true, *device};
    }
    return std::nullopt;
}

namespace {

// One removal, leave or revocation in the set, and the operations its target authored
// concurrently with it — neither in its causal past nor after it (the ones it voids if it takes
// effect; an identity admitted again after its removal acts anew).
struct Node {
    std::uint32_t op = 0;
    Exclusion exclusion;
    std::vector<std::uint32_t> concurrent;
};

bool authored_by(const AdminOp& op, const Exclusion& ex, const AdminFoldContext& ctx) {
    if (ex.device) return op.author_device == ex.target;
    const crypto::SignPublicKey* identity = ctx.identity_of(op.author_device);
    return identity && *identity == ex.target;
}

}  // namespace

std::unique_ptr<AdminState> fold_admin_ops(const SpaceId& space,
                                           const std::vector<std::uint32_t>& set,
                                           const AdminFoldContext& ctx) {
    std::vector<std::uint32_t> order = set;
    std::sort(order.begin(), order.end(),
              [&](std::uint32_t a, std::uint32_t b) { return ctx.ops[a].before(ctx.ops[b]); });

    std::vector<Node> nodes;
    for (auto i : set)
        if (auto ex = exclusion_of(ctx.ops[i])) nodes.push_back(Node{i, *ex, {}});
    bool contested = false;
    for (auto& n : nodes) {
        for (auto o : set)
            if (o != n.op && authored_by(ctx.ops[o], n.exclusion, ctx) && !ctx.in_past(o, n.op) &&
                !ctx.in_past(n.op, o))
                n.concurrent.push_back(o);
        contested |= !n.concurrent.empty();
    }
    if (!contested) {  // the common case: every removal saw all its target had done
        auto state = std::make_unique<AdminState>(space);
        for (auto o : order) (void)state->apply(ctx.ops[o]);  // invalidated: no effect
        return state;
    }

    const std::size_t k = nodes.size();
    auto node_index = [&](std::uint32_t op) -> std::optional<std::size_t> {
        for (std::size_t i = 0; i < k; ++i)
            if (nodes[i].op == op) return i;
        return std::nullopt;
    };

    // An exclusion keeps its power to void while its author's standing holds in the fold; one
    // whose author turns out not to be entitled (admitted through a void operation, say) loses
    // it, and the voiding is worked out again. Power only ever shrinks, so this ends.
    std::vector<bool> powered(k, true);
    std::unique_ptr<AdminState> state;
    for (std::size_t round = 0; round <= k; ++round) {
        // hits[a][b]: a's target authored b, or an operation in b's causal past, concurrently
        // with a — if a takes effect, b (or what b's authority rests on) is void.
        std::vector<std::vector<bool>> hits(k, std::vector<bool>(k, false));
        std::vector<std::size_t> involved;
        for (std::size_t a = 0; a < k; ++a) {
            if (!powered[a] || nodes[a].concurrent.empty()) continue;
            for (std::size_t b = 0; b < k; ++b) {
                if (a == b || !powered[b]) continue;
                for (auto o : nodes[a].concurrent)
                    if (o == nodes[b].op || ctx.in_past(o, nodes[b].op)) {
                        hits[a][b] = true;
                        break;
                    }
            }
        }
        for (std::size_t a = 0; a < k; ++a) {
            bool any = false;
            for (std::size_t b = 0; b < k && !any; ++b) any = hits[a][b] || hits[b][a];
            if (any) involved.push_back(a);
        }
        // Reachability among the exclusions that hit or are hit (few: conflicts are rare).
        std::vector<std::vector<bool>> reach = hits;
        for (auto m : involved)
            for (auto a : involved)
                if (reach[a][m])
                    for (auto b : involved)
                        if (reach[m][b]) reach[a][b] = true;
        auto same_conflict = [&](std::size_t a, std::size_t b) {
            return a == b || (reach[a][b] && reach[b][a]);
        };
        // Exclusions that exclude each other's authors, directly or through what their authority
        // rests on, form a conflict and all take effect; an exclusion hit from outside its
        // conflict by one that takes effect is void. Conflicts are resolved in causal order
        // of the hits (the graph of conflicts has no cycles).
        std::vector<int> effective(k, -1);
        for (std::size_t a = 0; a < k; ++a)
            if (!powered[a]) effective[a] = 0;
        for (bool changed = true; changed;) {
            changed = false;
            for (std::size_t b = 0; b < k; ++b) {
                if (effective[b] != -1) continue;
                bool decided = true, voided = false;
                for (std::size_t a = 0; a < k && !voided; ++a) {
                    if (!hits[a][b] || same_conflict(a, b)) continue;
                    if (effective[a] == 1)
                        voided = true;
                    else if (effective[a] == -1)
                        decided = false;
                }
                if (voided || decided) {
                    effective[b] = voided ? 0 : 1;
                    changed = true;
                }
            }
        }
        std::set<std::uint32_t> voided, in_conflict;
        for (std::size_t a = 0; a < k; ++a) {
            if (effective[a] == 0) continue;  // -1 cannot remain; counted as effective if it did
            for (auto o : nodes[a].concurrent) {
                auto b = node_index(o);
                if (b && same_conflict(a, *b)) {
                    in_conflict.insert(o);
                    in_conflict.insert(nodes[a].op);
                } else {
                    voided.insert(o);
                }
            }
        }
        state = std::make_unique<AdminState>(space);
        bool lost_power = false;
        for (auto o : order) {
            if (voided.count(o)) continue;
            auto r = state->apply(ctx.ops[o], in_conflict.count(o) != 0);
            if (!r.ok() && r.error().code == ErrorCode::PermissionDenied)
                if (auto n = node_index(o); n && powered[*n]) {
                    powered[*n] = false;
                    lost_power = true;
                }
        }
        if (!lost_power) break;
    }
    return state;
}

}  // namespace grove::platform
