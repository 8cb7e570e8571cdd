#include "models/network/message_dag.h"

namespace tessera {

void append_collective(MessageDag& dag, const CollectiveSchedule& s, SimTime launch) {
  const int32_t p = static_cast<int32_t>(s.request.ranks.size());
  const uint32_t cid = static_cast<uint32_t>(dag.collectives.size());
  CollectiveInstance inst;
  inst.schedule = s;
  inst.launch = launch;
  inst.first_message = static_cast<uint32_t>(dag.messages.size());
  const int64_t chunks = s.chunks;
  for (int32_t stream = 0; stream < s.streams; ++stream) {
    // Per position and chunk: messages received since the last send, and the last send.
    std::vector<std::vector<std::vector<uint32_t>>> received(
        static_cast<size_t>(p), std::vector<std::vector<uint32_t>>(static_cast<size_t>(chunks)));
    std::vector<std::vector<int64_t>> last_sent(
        static_cast<size_t>(p), std::vector<int64_t>(static_cast<size_t>(chunks), -1));
    std::vector<int64_t> last_any(static_cast<size_t>(p), -1);
    for (const CollectiveStep& step : s.steps) {
      if (step.stream != stream) continue;
      const auto msgs = step.messages(p);
      std::vector<std::vector<std::pair<int32_t, uint32_t>>> arrivals(static_cast<size_t>(chunks));
      for (int64_t j = 0; j < chunks; ++j) {
        const uint64_t part =
            step.bytes / static_cast<uint64_t>(chunks) +
            (static_cast<uint64_t>(j) < step.bytes % static_cast<uint64_t>(chunks) ? 1 : 0);
        for (const auto& [from, to] : msgs) {
          if (from == to) continue;
          NetMessage m;
          m.src = s.request.ranks[static_cast<size_t>(from)];
          m.dst = s.request.ranks[static_cast<size_t>(to)];
          m.bytes = part;
          m.reduce_bytes = step.reduce ? part : 0;
          m.collective = cid;
          m.dep_begin = static_cast<uint32_t>(dag.deps.size());
          auto& rec = received[static_cast<size_t>(from)][static_cast<size_t>(j)];
          for (uint32_t d : rec) dag.deps.push_back(d);
          rec.clear();
          int64_t prev = last_sent[static_cast<size_t>(from)][static_cast<size_t>(j)];
          if (step.synchronous && prev >= 0) dag.deps.push_back(static_cast<uint32_t>(prev));
          m.dep_count = static_cast<uint32_t>(dag.deps.size()) - m.dep_begin;
          m.after = static_cast<int32_t>(last_any[static_cast<size_t>(from)]);
          uint32_t id = static_cast<uint32_t>(dag.messages.size());
          dag.messages.push_back(m);
          last_sent[static_cast<size_t>(from)][static_cast<size_t>(j)] = id;
          last_any[static_cast<size_t>(from)] = id;
          arrivals[static_cast<size_t>(j)].push_back({to, id});
        }
      }
      // Deliveries become dependencies of the receivers' next sends (after this step's sends).
      for (int64_t j = 0; j < chunks; ++j)
        for (const auto& [to, id] : arrivals[static_cast<size_t>(j)])
          received[static_cast<size_t>(to)][static_cast<size_t>(j)].push_back(id);
    }
  }
  inst.messages = static_cast<uint32_t>(dag.messages.size()) - inst.first_message;
  dag.collectives.push_back(std::move(inst));
}

}  // namespace tessera
