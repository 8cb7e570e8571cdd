#include "models/vector_unit/vector_unit_module.h"

#include <algorithm>

#include "models/platform/sim_time.h"

namespace tessera {

VectorUnitModule::VectorUnitModule(sc_core::sc_module_name name, const VectorUnitSpec& spec, Clock clock,
                                   const OperatorProgram& prog, SequencerModule& seq, ReadyQueue& queue,
                                   CoreBuffers& core, StatRegistry& stats, const std::string& p)
    : sc_core::sc_module(name),
      timing_(spec),
      clock_(clock),
      prog_(prog),
      seq_(seq),
      queue_(queue),
      core_(core),
      busy_cycles_(stats.counter(p + ".busy_cycles", "cycles", "cycles executing commands (unit clock)")),
      commands_(stats.counter(p + ".commands", "commands", "Vector commands executed")),
      ops_(stats.counter(p + ".ops", "ops", "elementary operations (elements x ops per element)")) {
  SC_THREAD(run);
}

void VectorUnitModule::run() {
  while (true) {
    uint32_t id = queue_.take();
    const Command& c = prog_.commands[id];
    SimTime start = clock_.align_up(sc_now_fs());
    seq_.started(id, start);
    const VectorWork& w = prog_.works[c.work];
    uint64_t cycles = timing_.cycles(c.bytes, w);
    SimTime end = start + clock_.cycles(cycles);
    seq_.busy_until(id, end);
    end = std::max(end, core_.buffers[c.read_buffer_a].read(start, c.read_bytes, start));
    end = std::max(end, core_.buffers[c.buffer].write(start, c.write_bytes, start));
    end = clock_.align_up(end);
    uint64_t ops = c.bytes * w.total_ops();
    busy_cycles_ += cycles;
    ++commands_;
    ops_ += ops;
    ops_by_precision[static_cast<size_t>(c.precision)] += ops;
    wait_until(end);
    seq_.complete(id, end);
  }
}

}  // namespace tessera
