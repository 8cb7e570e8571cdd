#include "models/network/analytical_network.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace tessera {

AnalyticalNetwork::AnalyticalNetwork(const Topology& topo, double reduce_bw, double endpoint)
    : topo_(topo), reduce_bw_(reduce_bw), endpoint_(endpoint) {}

AnalyticalNetwork::LinkTotals AnalyticalNetwork::link_totals() const {
  const size_t n = topo_.links().size();
  LinkTotals t{std::vector<double>(n, 0), std::vector<double>(n, 0), std::vector<double>(n, 0),
               std::vector<double>(n, 0), std::vector<int64_t>(n, 0)};
  for (const auto& kv : cache_) {
    const Pattern& p = kv.second;
    if (p.bytes_used == 0) continue;
    for (const auto& [link, flows] : p.link_flows) {
      const size_t l = static_cast<size_t>(link);
      const double k = static_cast<double>(flows);
      const double own = p.bytes_used / topo_.links()[l].bandwidth;  // one flow's serialization
      t.bytes[l] += p.bytes_used * k;
      t.busy_s[l] += own * k;
      t.stall_s[l] += own * k * (k - 1);
      t.queue_integral[l] += own * k * (k - 1);  // k - 1 flows wait while one is served
      t.peak_flows[l] = std::max(t.peak_flows[l], flows - 1);
    }
  }
  return t;
}

AnalyticalNetwork::Pattern& AnalyticalNetwork::pattern(
    const std::vector<CollectiveSchedule>& groups, size_t step_index, uint64_t groups_key) {
  // The key: the step's pattern and the groups' ranks (the bytes only scale the result).
  const CollectiveStep& st = groups[0].steps[step_index];
  std::string key = std::to_string(static_cast<int>(st.pattern)) + ":" + std::to_string(st.param) +
                    ":" + std::to_string(st.stride) + ":" + std::to_string(st.group) + ":" +
                    std::to_string(st.stream) + ":" + std::to_string(groups_key) + "|";
  for (const auto& pr : st.pairs)
    key += std::to_string(pr.first) + ">" + std::to_string(pr.second) + ",";
  auto it = cache_.find(key);
  if (it != cache_.end()) return it->second;
  ++patterns_routed_;
  // Route every flow of the round (this step of every group, plus the same step index of the
  // other streams, which run concurrently) and count flows per link.
  std::unordered_map<int32_t, int64_t> load;
  struct Flow {
    std::vector<Hop> path;
    double alpha, bw;
  };
  std::vector<Flow> flows;
  for (const auto& g : groups) {
    const int32_t p = static_cast<int32_t>(g.request.ranks.size());
    for (const auto& [from, to] : g.steps[step_index].messages(p)) {
      if (from == to) continue;
      int32_t a = g.request.ranks[static_cast<size_t>(from)],
              b = g.request.ranks[static_cast<size_t>(to)];
      Flow f;
      f.path = topo_.route(a, b);
      f.alpha = endpoint_;
      f.bw = 0;
      for (const Hop& h : f.path) {
        const NetLink& l = topo_.links()[static_cast<size_t>(h.link)];
        f.alpha += l.latency_s + l.switch_latency_s;
        f.bw = f.bw == 0 ? l.bandwidth : std::min(f.bw, l.bandwidth);
        load[h.link]++;
      }
      flows.push_back(std::move(f));
    }
  }
  Pattern pat;
  for (const auto& kv : load) {
    pat.max_load = std::max(pat.max_load, kv.second);
    pat.link_flows.push_back(kv);
  }
  std::sort(pat.link_flows.begin(), pat.link_flows.end());
  for (const Flow& f : flows) {
    double worst = 0;  // seconds per byte on the most constraining link of the path
    for (const Hop& h : f.path)
      worst = std::max(worst, static_cast<double>(load[h.link]) /
                                  topo_.links()[static_cast<size_t>(h.link)].bandwidth);
    FlowClass c{f.alpha, worst};
    bool seen = false;
    for (const auto& x : pat.classes)
      seen = seen || (x.alpha == c.alpha && x.s_per_byte == c.s_per_byte);
    if (!seen) pat.classes.push_back(c);
  }
  return cache_.emplace(key, std::move(pat)).first->second;
}

CollectiveTiming AnalyticalNetwork::time_concurrent(const std::vector<CollectiveSchedule>& groups) {
  CollectiveTiming t;
  if (groups.empty() || groups[0].steps.empty()) return t;
  const CollectiveSchedule& s0 = groups[0];
  const double chunks = static_cast<double>(s0.chunks);
  // A hash of every group's ranks (FNV-1a), computed once for all rounds.
  uint64_t groups_key = 1469598103934665603ull;
  for (const auto& g : groups) {
    for (int32_t r : g.request.ranks)
      groups_key = (groups_key ^ static_cast<uint64_t>(r + 1)) * 1099511628211ull;
    groups_key = (groups_key ^ 0xFFFFull) * 1099511628211ull;
  }
  // Rounds: the r-th step of every stream.
  std::vector<std::vector<size_t>> rounds;
  std::vector<size_t> seen_in_stream(static_cast<size_t>(s0.streams), 0);
  for (size_t i = 0; i < s0.steps.size(); ++i) {
    size_t r = seen_in_stream[static_cast<size_t>(s0.steps[i].stream)]++;
    if (rounds.size() <= r) rounds.resize(r + 1);
    rounds[r].push_back(i);
  }
  for (size_t r = 0; r < rounds.size(); ++r) {
    const auto& round = rounds[r];
    const bool last = r + 1 == rounds.size();
    double round_time = 0;
    for (size_t idx : round) {
      const CollectiveStep& st = s0.steps[idx];
      Pattern& pat = pattern(groups, idx, groups_key);
      const double bytes = static_cast<double>(st.bytes) / chunks;
      const double reduce = st.reduce && reduce_bw_ > 0 ? bytes / reduce_bw_ : 0;
      for (const FlowClass& c : pat.classes) {
        // A round of c chunks on one link: the first chunk's latency chain, or the link (or the
        // reducer) kept busy by all c chunks, whichever is longer; the last round ends when its
        // last chunk has arrived.
        const double ser = bytes * c.s_per_byte;
        const double period =
            last ? c.alpha + chunks * ser + reduce
                 : std::max(c.alpha + ser + reduce, chunks * std::max(ser, reduce));
        round_time = std::max(round_time, period);
      }
      t.max_link_load = std::max(t.max_link_load, pat.max_load);
      pat.bytes_used += static_cast<double>(st.bytes);  // every flow carries the step's bytes
    }
    t.round_seconds.push_back(round_time);
    t.seconds += round_time;
  }
  return t;
}

}  // namespace tessera
