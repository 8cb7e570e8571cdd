// Analytical network backend (no SystemC): alpha-beta per message with flow-level max-min fair
// sharing of links, evaluated round by round.
//
// Every collective here is step-synchronous within a stream, and the streams of a collective
// advance together, so the r-th step of every stream forms round r. All messages of a round
// start together; a flow's rate is the link bandwidth divided by the largest number of flows on
// any link of its path (for flows of equal size that start together this is exactly the
// max-min fair allocation: the flows of the most loaded link finish last, at that rate). A
// round takes the slowest flow's alpha (path latency + endpoint cost) + serialization (+ the
// reduction of what it received, at the node's reduction bandwidth). With c chunks of b bytes a
// sender's link carries the chunks of consecutive rounds back to back, so a round lasts
// max(alpha + b beta, c b beta) (latency chain or busy link) and the last one alpha + c b beta:
// for a ring all-reduce, T = (S - 1) max(alpha + b beta, c b beta) + alpha + c b beta with
// S = 2 (p - 1) rounds (reductions add to the chain, and bound the period like the link does).
//
// Symmetry: the load of a round depends only on its communication pattern, which is computed
// once (every flow of every concurrent group is routed and counted) and reused for every round
// with that pattern, so a ring all-reduce over 16,384 nodes routes one pattern, not 2(p-1).
// Several collectives that run at the same time (e.g. the data-parallel all-reduces of all
// tensor-parallel ranks) are evaluated together as concurrent groups.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "models/network/collective.h"
#include "models/network/topology.h"

namespace tessera {

struct RoundResult {
  double seconds = 0;
  int64_t max_link_load = 0;
};

struct CollectiveTiming {
  double seconds = 0;
  std::vector<double> round_seconds;
  int64_t max_link_load = 0;  // most flows that shared one link in any round
};

class AnalyticalNetwork {
 public:
  AnalyticalNetwork(const Topology& topo, double reduce_bytes_per_s, double endpoint_latency_s);

  // Times a set of identical-shape collectives that start together (one per group); every
  // group runs the same schedule on its own ranks. Also accumulates link traffic statistics.
  CollectiveTiming time_concurrent(const std::vector<CollectiveSchedule>& groups);

  // Per-link totals over everything timed so far. Flows sharing a link are the analytical
  // counterpart of a queue: `stall_s` is the time flows spent waiting for their share (a link
  // with k equal flows delays each by (k - 1) times its own serialization), `queue_integral`
  // waiting flows x seconds, `peak_flows` the most flows waiting at once (k - 1).
  struct LinkTotals {
    std::vector<double> bytes, busy_s, stall_s, queue_integral;
    std::vector<int64_t> peak_flows;
  };
  LinkTotals link_totals() const;
  uint64_t patterns_routed() const { return patterns_routed_; }

 private:
  struct FlowClass {  // distinct (alpha, seconds per byte) among a pattern's flows
    double alpha;
    double s_per_byte;  // load / bandwidth
  };
  struct Pattern {
    std::vector<FlowClass> classes;
    int64_t max_load = 0;
    std::vector<std::pair<int32_t, int64_t>> link_flows;  // links used and their flow counts
    double bytes_used = 0;  // bytes per flow, summed over every round that used the pattern
  };
  Pattern& pattern(const std::vector<CollectiveSchedule>& groups, size_t step_index,
                   uint64_t groups_key);

  const Topology& topo_;
  double reduce_bw_, endpoint_;
  // Traffic statistics accumulate per pattern and are spread over links only when asked for:
  // a ring over 16,384 nodes reuses one pattern for 32,766 rounds.
  std::map<std::string, Pattern> cache_;
  uint64_t patterns_routed_ = 0;
};

}  // namespace tessera
