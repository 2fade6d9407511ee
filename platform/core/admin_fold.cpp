#include "core/admin_fold.h"

#include <algorithm>
#include <map>
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

void for_each_certified_device(
    const AdminOp& a,
    const std::function<void(const crypto::SignPublicKey&, const crypto::SignPublicKey&)>& f) {
    auto visit = [&](const sp::DeviceCert& cert) {
        auto device = fixed_from<32>(as_bytes(cert.device_sign()));
        auto identity = fixed_from<32>(as_bytes(cert.identity()));
        if (device && identity) f(*device, *identity);
    };
    if (a.op.has_genesis())
        for (const auto& cert : a.op.genesis().creator().devices()) visit(cert);
    if (a.op.has_admit())
        for (const auto& cert : a.op.admit().member().devices()) visit(cert);
    if (a.op.has_add_device()) visit(a.op.add_device().device());
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

// Device → the identities certifying it, from the certificates in the set being folded only (so
// the answer depends on the set, never on what else a peer has received).
using Certified = std::map<crypto::SignPublicKey, std::set<crypto::SignPublicKey>>;

bool authored_by(const AdminOp& op, const Exclusion& ex, const Certified& certified) {
    if (ex.device) return op.author_device == ex.target;
    auto it = certified.find(op.author_device);
    return it != certified.end() && it->second.count(ex.target) != 0;
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
    Certified certified;
    std::map<crypto::SignPublicKey, std::vector<std::uint32_t>> by_target;  // its operations
    if (!nodes.empty()) {
        for (auto o : set)
            for_each_certified_device(ctx.ops[o], [&](const crypto::SignPublicKey& device,
                                                      const crypto::SignPublicKey& identity) {
                certified[device].insert(identity);
            });
        for (const auto& n : nodes)
            by_target.emplace(n.exclusion.target, std::vector<std::uint32_t>{});
        for (auto o : set) {
            // A target is an identity or a device key; the two never collide.
            const auto& device = ctx.ops[o].author_device;
            if (auto it = by_target.find(device); it != by_target.end()) it->second.push_back(o);
            if (auto c = certified.find(device); c != certified.end())
                for (const auto& identity : c->second)
                    if (auto it = by_target.find(identity); it != by_target.end())
                        it->second.push_back(o);
        }
    }
    bool contested = false;
    for (auto& n : nodes) {
        for (auto o : by_target.at(n.exclusion.target))
            if (o != n.op && authored_by(ctx.ops[o], n.exclusion, certified) &&
                !ctx.in_past(o, n.op) && !ctx.in_past(n.op, o))
                n.concurrent.push_back(o);
        contested |= !n.concurrent.empty();
    }
    if (!contested) {  // the common case: every removal saw all its target had done
        auto state = std::make_unique<AdminState>(space);
        for (auto o : order) (void)state->apply(ctx.ops[o]);  // invalidated: no effect
        return state;
    }

    // Whether operation `o` (in `b`'s causal past) is one `b`'s author owes its standing to: its
    // admission, the invitation that admission used, a device addition or a role change.
    std::map<std::string, std::vector<std::uint32_t>> admissions;  // invitation id → AdmitMembers
    for (auto o : set)
        if (ctx.ops[o].op.has_admit())
            admissions[ctx.ops[o].op.admit().invitation_id()].push_back(o);
    auto grants_standing = [&](std::uint32_t o, std::uint32_t b) {
        const auto& device = ctx.ops[b].author_device;
        auto c = certified.find(device);
        auto is_author = [&](const std::string& identity) {
            auto id = fixed_from<32>(as_bytes(identity));
            return id && c != certified.end() && c->second.count(*id) != 0;
        };
        const auto& op = ctx.ops[o].op;
        if (op.has_admit()) return is_author(op.admit().member().identity().sign_key());
        if (op.has_add_device()) return op.add_device().device().device_sign() == to_string(device);
        if (op.has_change_role()) return is_author(op.change_role().identity());
        if (op.has_create_invitation()) {
            auto it = admissions.find(op.create_invitation().invitation_id());
            if (it == admissions.end()) return false;
            for (auto p : it->second)
                if ((p == b || ctx.in_past(p, b)) &&
                    is_author(ctx.ops[p].op.admit().member().identity().sign_key()))
                    return true;
        }
        return false;
    };

    const std::size_t k = nodes.size();
    std::map<std::uint32_t, std::size_t> node_of;  // operation → its node
    for (std::size_t i = 0; i < k; ++i) node_of.emplace(nodes[i].op, i);
    auto node_index = [&](std::uint32_t op) -> std::optional<std::size_t> {
        auto it = node_of.find(op);
        return it == node_of.end() ? std::nullopt : std::optional<std::size_t>(it->second);
    };

    // An exclusion keeps its power to void while its author's standing holds in the fold; one
    // whose author turns out not to be entitled (admitted through a void operation, say) loses
    // it, and the voiding is worked out again. Power only ever shrinks, so this ends.
    std::vector<bool> powered(k, true);
    std::unique_ptr<AdminState> state;
    for (std::size_t round = 0; round <= k; ++round) {
        // a hits b when a's target authored b, or an operation in b's causal past that b's
        // author owes its standing to, concurrently with a, and b did not see a — if a takes
        // effect, b (or what b's authority rests on) is void. (Had b seen a, b was judged against
        // a cut in which a already voided it all.)
        // Only exclusions with concurrent operations hit: the graph is small.
        std::vector<std::size_t> graph;           // the nodes that hit or are hit
        std::map<std::size_t, std::size_t> slot;  // node → position in `graph`
        std::vector<std::pair<std::size_t, std::size_t>> edges;
        for (std::size_t a = 0; a < k; ++a) {
            if (!powered[a] || nodes[a].concurrent.empty()) continue;
            for (std::size_t b = 0; b < k; ++b) {
                if (a == b || !powered[b]) continue;
                const bool saw_a = ctx.in_past(nodes[a].op, nodes[b].op);
                for (auto o : nodes[a].concurrent)
                    if (o == nodes[b].op || (!saw_a && ctx.in_past(o, nodes[b].op) &&
                                             grants_standing(o, nodes[b].op))) {
                        edges.emplace_back(a, b);
                        for (auto n : {a, b})
                            if (slot.emplace(n, graph.size()).second) graph.push_back(n);
                        break;
                    }
            }
        }
        const std::size_t g = graph.size();
        std::vector<std::vector<bool>> reach(g, std::vector<bool>(g, false));
        std::vector<std::vector<std::size_t>> hit_by(g);
        for (auto [a, b] : edges) {
            reach[slot[a]][slot[b]] = true;
            hit_by[slot[b]].push_back(slot[a]);
        }
        for (std::size_t m = 0; m < g; ++m)
            for (std::size_t a = 0; a < g; ++a)
                if (reach[a][m])
                    for (std::size_t b = 0; b < g; ++b)
                        if (reach[m][b]) reach[a][b] = true;
        auto same_conflict = [&](std::size_t a, std::size_t b) {  // positions in `graph`
            return a == b || (reach[a][b] && reach[b][a]);
        };
        // Exclusions that exclude each other's authors, directly or through what their authority
        // rests on, form a conflict and all take effect; an exclusion hit from outside its
        // conflict by one that takes effect is void. The conflicts form an acyclic graph,
        // decided from its sources on.
        std::vector<int> effective(g, -1);
        for (bool changed = true; changed;) {
            changed = false;
            for (std::size_t b = 0; b < g; ++b) {
                if (effective[b] != -1) continue;
                bool decided = true, voided = false;
                for (auto a : hit_by[b]) {
                    if (same_conflict(a, b)) continue;
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
            if (!powered[a] || nodes[a].concurrent.empty()) continue;
            auto sa = slot.find(a);
            if (sa != slot.end() && effective[sa->second] == 0) continue;
            for (auto o : nodes[a].concurrent) {
                auto b = node_index(o);
                auto sb = b ? slot.find(*b) : slot.end();
                if (sa != slot.end() && sb != slot.end() && same_conflict(sa->second, sb->second) &&
                    effective[sb->second] != 0) {
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
