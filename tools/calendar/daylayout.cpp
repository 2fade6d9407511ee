#include "daylayout.h"

#include <algorithm>
#include <numeric>

namespace grove::tools::calendar {

void lay_out_day(std::vector<LaidOutSpan>& spans) {
    std::vector<std::size_t> order(spans.size());
    std::iota(order.begin(), order.end(), 0);
    auto end_of = [&](std::size_t i) { return std::max(spans[i].end, spans[i].start + 15); };
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (spans[a].start != spans[b].start) return spans[a].start < spans[b].start;
        if (end_of(a) != end_of(b)) return end_of(a) > end_of(b);
        return a < b;
    });
    std::vector<std::int64_t> lane_ends;  // end of the last span in each lane of the cluster
    std::vector<std::size_t> cluster;
    std::int64_t cluster_end = 0;
    auto close_cluster = [&] {
        for (std::size_t i : cluster) spans[i].lanes = static_cast<int>(lane_ends.size());
        cluster.clear();
        lane_ends.clear();
    };
    for (std::size_t i : order) {
        if (!cluster.empty() && spans[i].start >= cluster_end) close_cluster();
        std::size_t lane = 0;
        while (lane < lane_ends.size() && lane_ends[lane] > spans[i].start) ++lane;
        if (lane == lane_ends.size()) lane_ends.push_back(0);
        lane_ends[lane] = end_of(i);
        spans[i].lane = static_cast<int>(lane);
        cluster.push_back(i);
        cluster_end = std::max(cluster.size() == 1 ? end_of(i) : cluster_end, end_of(i));
    }
    close_cluster();
}

}  // namespace grove::tools::calendar
