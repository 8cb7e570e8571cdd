#include "models/dma/dma_module.h"

#include <algorithm>

#include "models/platform/sim_time.h"

namespace tessera {

namespace {
// A request's tag: the transfer it belongs to (high bits) and its size (low 24 bits).
uint64_t make_tag(uint32_t transfer, uint64_t bytes) { return (static_cast<uint64_t>(transfer) << 24) | bytes; }
}  // namespace

DmaModule::DmaModule(sc_core::sc_module_name name, const DmaSpec& spec, Clock clock, SimTime quantum,
                                 uint16_t core, const OperatorProgram& prog, SequencerModule& seq, ReadyQueue& queue,
                                 CoreBuffers& resources, StatRegistry& stats, const std::string& p)
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
  for (int64_t i = 0; i < spec.channels; ++i)
    sc_core::sc_spawn(sc_core::sc_bind(&DmaModule::channel, this, static_cast<uint8_t>(i)));
}

uint32_t DmaModule::new_transfer(uint32_t cmd) {
  uint32_t id;
  if (!free_transfers_.empty()) {
    id = free_transfers_.back();
    free_transfers_.pop_back();
  } else {
    transfers_.emplace_back();
    id = static_cast<uint32_t>(transfers_.size() - 1);
  }
  transfers_[id] = Transfer{cmd, 0, 0, true};
  return id;
}

void DmaModule::burst_done(uint32_t ti, uint64_t bytes, SimTime at) {
  Transfer& tr = transfers_[ti];
  const Command& c = prog_.commands[tr.cmd];
  // A loaded burst still has to be written into its buffer.
  SimTime end = c.kind == CmdKind::Load ? res_.buffers[c.buffer].write(at, bytes, sc_now_fs()) : at;
  tr.last = std::max(tr.last, end);
  tr.remaining--;
}

void DmaModule::finish_if_done(uint32_t ti) {
  Transfer& tr = transfers_[ti];
  if (tr.issuing || tr.remaining > 0) return;
  seq_.complete_at(tr.cmd, clock_.align_up(tr.last));
  free_transfers_.push_back(ti);
}

void DmaModule::memory_done(uint64_t tag, SimTime done) {
  uint32_t ti = static_cast<uint32_t>(tag >> 24);
  pending_--;
  burst_done(ti, tag & 0xFFFFFF, done);
  finish_if_done(ti);
  pending_done_.notify(sc_core::SC_ZERO_TIME);
}

void DmaModule::wait_for_slot(SimTime& t) {
  const uint64_t max_outstanding = static_cast<uint64_t>(spec_.outstanding);
  while (true) {
    while (!known_done_.empty() && known_done_.top() <= t) known_done_.pop();
    if (known_done_.size() + pending_ < max_outstanding) return;
    SimTime before = t;
    if (pending_ == 0) {
      t = clock_.align_up(known_done_.top());  // the earliest known completion frees a slot
    } else {
      // Some completions are not known yet: sleep until one is reported or a known one passes.
      wait_until(t);
      SimTime now = sc_now_fs();
      if (!known_done_.empty() && known_done_.top() > now)
        sc_core::wait(fs_to_sc(known_done_.top() - now), pending_done_);
      else if (known_done_.empty())
        sc_core::wait(pending_done_);
      t = clock_.align_up(std::max(t, sc_now_fs()));
    }
    stall_cycles_ += (t - before) / clock_.period;
  }
}

void DmaModule::channel(uint8_t lane) {
  tlm::tlm_generic_payload gp;
  MemoryTimingExt ext;
  ext.source = core_;
  ext.sink = this;
  gp.set_extension(&ext);
  gp.set_data_ptr(nullptr);  // timing-only model: no data is carried
  gp.set_streaming_width(0);
  gp.set_byte_enable_ptr(nullptr);
  while (true) {
    uint32_t id = queue_.take();
    const Command& c = prog_.commands[id];
    const bool load = c.kind == CmdKind::Load;
    SimTime t = clock_.align_up(sc_now_fs());
    const SimTime begin = t;
    seq_.started(id, t);
    uint32_t ti = new_transfer(id);
    BufferTiming& buf = res_.buffers[c.buffer];
    if (!load) transfers_[ti].last = buf.read(t, c.bytes, sc_now_fs());  // the store's data leaves the buffer
    uint64_t remaining = c.bytes, addr = c.addr;
    gp.set_command(load ? tlm::TLM_READ_COMMAND : tlm::TLM_WRITE_COMMAND);
    while (remaining > 0) {
      const uint64_t size = std::min<uint64_t>(spec_.burst, remaining);
      wait_for_slot(t);
      gp.set_address(addr);
      gp.set_data_length(static_cast<unsigned int>(size));
      ext.tag = make_tag(ti, size);
      ext.pending = false;
      ext.accept = 0;
      transfers_[ti].remaining++;
      // Counted as pending before the call: a target that blocks (full queue) may report this
      // very request done before b_transport returns.
      pending_++;
      SimTime now = sc_now_fs();
      sc_core::sc_time delay = fs_to_sc(t > now ? t - now : 0);
      socket->b_transport(gp, delay);
      now = sc_now_fs();  // a target with a full queue may have blocked us
      SimTime accepted = clock_.align_up(std::max({t, ext.accept, now}));
      stall_cycles_ += (accepted - t) / clock_.period;
      if (!ext.pending) {
        pending_--;
        SimTime arrive = now + static_cast<SimTime>(delay.value());
        known_done_.push(arrive);
        burst_done(ti, size, arrive);
      }
      ++requests_;
      remaining -= size;
      addr += size;
      t = accepted + clock_.period;  // one request per DMA cycle per channel
      if (t > sc_now_fs() + quantum_) wait_until(t);
    }
    (load ? load_bytes_ : store_bytes_) += c.bytes;
    layer_bytes[c.layer] += c.bytes;
    busy_cycles_ += (t - begin) / clock_.period;
    seq_.busy_until(id, t, lane);
    transfers_[ti].issuing = false;
    finish_if_done(ti);
    wait_until(t);
  }
}

}  // namespace tessera
