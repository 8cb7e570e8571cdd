// The statistics every DRAM channel reports, whatever its model: registered in one place so the
// report's `dram` section has the same fields for every hardware.dram.type.
#pragma once

#include <cstdint>
#include <string>

#include "models/stats/stat_registry.h"

namespace tessera {

struct DramChannelStats {
  uint64_t *read_bytes, *write_bytes, *requests, *busy, *queue_wait, *peak_queue;
  double *avg_latency, *p99_latency;
};

inline DramChannelStats register_dram_channel_stats(StatGroup& g) {
  DramChannelStats s;
  s.read_bytes = &g.count("read_bytes", "bytes", "bytes read");
  s.write_bytes = &g.count("write_bytes", "bytes", "bytes written");
  s.requests = &g.count("requests", "requests", "requests (bursts) served");
  g.rate("achieved_bandwidth", {"read_bytes", "write_bytes"}, "bytes/s",
         "bytes moved per second of the run");
  s.busy = &g.time("busy_s", "time the data bus was transferring");
  g.fraction("utilization", "busy_s", 1.0, "fraction of the run the data bus was busy");
  s.avg_latency = &g.real("avg_read_latency_s", "s", "mean read latency (arrival to data)");
  s.p99_latency = &g.real("p99_read_latency_s", "s", "99th percentile read latency");
  s.queue_wait = &g.time("queue_wait_s", "total time requests waited for a queue slot");
  s.peak_queue = &g.count("peak_queue", "requests", "most requests queued at once");
  return s;
}

}  // namespace tessera
