// Timeline of a single-chip run in the Chrome trace-event format (traces/trace_writer.h).
// Process 1 is the chip (process 0 the host when there is one); one thread per block: each
// core's PE array and vector unit, each DMA channel, each DRAM channel (packet level), and a
// thread of layers. Levels: `layer` writes one event per layer; `command` adds every command
// as it completes (busy part, then any stall as a separate "stall" slice, so per-thread busy
// durations add up to the block's busy cycles); `packet` adds every DRAM request. Counters:
// power (with the cap), DRAM bandwidth, DMA transfers in flight.
#pragma once

#include <memory>

#include "sim/run/run_result.h"
#include "traces/trace_writer.h"

namespace tessera {

class ChipTracer {
 public:
  ChipTracer(TraceWriter& w, const ChipSpec& chip);
  // The compiled program whose commands the observers will see; names the threads.
  void attach(const OperatorProgram& prog);
  // Observers to hand to the simulation (empty where the level does not need them).
  SimObservers observers();
  // After the simulation: layers, counters, host, then the writer is finished by the caller.
  void finish(const RunResult& r);

 private:
  void on_command(uint32_t cmd, SimTime start, SimTime busy_end, SimTime end, uint8_t lane);
  int thread_of(const Command& c, uint8_t lane) const;

  TraceWriter& w_;
  const ChipSpec& chip_;
  const OperatorProgram* prog_ = nullptr;
};

}  // namespace tessera
