#include "models/sc/dma_engine_module.h"

#include <algorithm>

#include "models/sc/sim_time.h"

namespace tessera {

DmaEngineModule::DmaEngineModule(sc_core::sc_module_name name, const DmaSpec& spec, Clock clock, SimTime quantum,
                                 uint16_t core, const OperatorProgram& prog, CommandSequencer& seq, ReadyQueue& queue,
                                 CoreResources& resources, StatRegistry& stats, const std::string& p)
    : sc_core::sc_module(name),
      socket("socket"),
      spec_(spec),
      clock_(clock),
      quantum_(quantum),
      core_(core),
      prog_(prog),
      seq_(seq),
      queue_(queue),
      res_(resources),
      load_bytes_(stats.counter(p + ".load_bytes", "bytes", "bytes moved DRAM -> buffers")),
      store_bytes_(stats.counter(p + ".store_bytes", "bytes", "bytes moved buffers -> DRAM")),
      requests_(stats.counter(p + ".requests", "requests", "memory requests issued")),
      stall_cycles_(stats.counter(p + ".stall_cycles", "cycles",
                                  "cycles requests waited for a free outstanding slot or a memory queue slot")),
      busy_cycles_(stats.counter(p + ".busy_cycles", "cycles", "channel-cycles spent issuing transfers")) {
  layer_bytes.assign(prog.layers.size(), 0);
  for (int64_t i = 0; i < spec.channels; ++i) sc_core::sc_spawn(sc_core::sc_bind(&DmaEngineModule::channel, this));
}

void DmaEngineModule::channel() {
  tlm::tlm_generic_payload gp;
  MemoryTimingExt ext;
  ext.source = core_;
  gp.set_extension(&ext);
  gp.set_data_ptr(nullptr);  // timing-only model: no data is carried
  gp.set_streaming_width(0);
  gp.set_byte_enable_ptr(nullptr);
  const uint64_t max_outstanding = static_cast<uint64_t>(spec_.outstanding);
  while (true) {
    uint32_t id = queue_.take();
    const Command& c = prog_.commands[id];
    const bool load = c.kind == CmdKind::Load;
    SimTime t = clock_.align_up(sc_now_fs());
    const SimTime begin = t;
    seq_.started(id, t);
    SimTime done = t;
    BufferTiming& buf = res_.buffers[c.buffer];
    if (!load) done = std::max(done, buf.read(t, c.bytes));  // the store's data leaves the buffer
    uint64_t remaining = c.bytes, addr = c.addr;
    gp.set_command(load ? tlm::TLM_READ_COMMAND : tlm::TLM_WRITE_COMMAND);
    while (remaining > 0) {
      uint64_t size = std::min<uint64_t>(spec_.burst, remaining);
      // Engine-wide limit on requests in flight.
      while (!in_flight_.empty() && in_flight_.top() <= t) in_flight_.pop();
      if (in_flight_.size() >= max_outstanding) {
        SimTime free_at = clock_.align_up(in_flight_.top());
        stall_cycles_ += (free_at - t) / clock_.period;
        t = free_at;
        in_flight_.pop();
      }
      gp.set_address(addr);
      gp.set_data_length(static_cast<unsigned int>(size));
      SimTime now = sc_now_fs();
      sc_core::sc_time delay = fs_to_sc(t - now);
      socket->b_transport(gp, delay);
      SimTime arrive = now + static_cast<SimTime>(delay.value());
      SimTime accepted = clock_.align_up(std::max(t, ext.accept));
      stall_cycles_ += (accepted - t) / clock_.period;
      in_flight_.push(arrive);
      done = std::max(done, load ? buf.write(arrive, size) : arrive);
      ++requests_;
      remaining -= size;
      addr += size;
      t = accepted + clock_.period;  // one request per DMA cycle per channel
      if (t - sc_now_fs() > quantum_) wait_until(t);
    }
    (load ? load_bytes_ : store_bytes_) += c.bytes;
    layer_bytes[c.layer] += c.bytes;
    busy_cycles_ += (t - begin) / clock_.period;
    seq_.complete_at(id, clock_.align_up(done));
    wait_until(t);
  }
}

}  // namespace tessera
