#include "models/noc/noc_module.h"

#include "models/platform/sim_time.h"

namespace tessera {

NocModule::NocModule(sc_core::sc_module_name name, NocTiming noc, uint64_t header, std::function<uint32_t(uint64_t)> port_of)
    : sc_core::sc_module(name),
      from_cores("from_cores"),
      to_memory("to_memory"),
      noc_(std::move(noc)),
      header_(header),
      port_of_(std::move(port_of)) {
  from_cores.register_b_transport(this, &NocModule::b_transport);
  SC_METHOD(respond);
  sensitive << due_event_;
  dont_initialize();
}

void NocModule::respond() {
  const SimTime now = sc_now_fs();
  while (!due_.empty() && due_.top().first <= now) {
    uint32_t slot = due_.top().second;
    due_.pop();
    memory_done(slot, now);
  }
  if (!due_.empty()) due_event_.notify(fs_to_sc(due_.top().first - now));
}

void NocModule::b_transport(int core, tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
  auto* ext = gp.get_extension<MemoryTimingExt>();
  const SimTime t0 = sc_now_fs() + static_cast<SimTime>(delay.value());
  const uint64_t len = gp.get_data_length();
  const bool write = gp.is_write();
  const uint32_t c = static_cast<uint32_t>(core);
  const uint32_t port = port_of_(gp.get_address());
  // Request: header plus the data of a write. Response: header plus the data of a read.
  SimTime at_port = noc_.to_port(c, port, t0, header_ + (write ? len : 0), sc_now_fs());
  MemorySink* sink = ext ? ext->sink : nullptr;
  const uint64_t tag = ext ? ext->tag : 0;
  uint32_t slot = 0;
  if (ext) {
    if (!free_.empty()) {
      slot = free_.back();
      free_.pop_back();
    } else {
      pending_.emplace_back();
      slot = static_cast<uint32_t>(pending_.size() - 1);
    }
    pending_[slot] = Pending{sink, tag, c, port, header_ + (write ? 0 : len)};
    ext->sink = this;
    ext->tag = slot;
  }
  sc_core::sc_time d = fs_to_sc(at_port - sc_now_fs());
  to_memory->b_transport(gp, d);
  if (ext) {
    ext->sink = sink;
    ext->tag = tag;
  }
  if (!ext) {  // no way to answer later: the response crosses at once (booked ahead)
    SimTime done_mem = sc_now_fs() + static_cast<SimTime>(d.value());
    delay = fs_to_sc(noc_.to_core(port, c, done_mem, header_ + (write ? 0 : len), sc_now_fs()) - sc_now_fs());
    return;
  }
  if (ext->pending) return;  // the memory reports through memory_done
  // Known completion time: the response leaves then.
  SimTime done_mem = sc_now_fs() + static_cast<SimTime>(d.value());
  due_.push({done_mem, slot});
  due_event_.notify(fs_to_sc(due_.top().first - sc_now_fs()));
  ext->pending = true;
  delay = sc_core::SC_ZERO_TIME;
}

void NocModule::memory_done(uint64_t tag, SimTime done_mem) {
  Pending p = pending_[tag];
  free_.push_back(static_cast<uint32_t>(tag));
  SimTime done = noc_.to_core(p.port, p.core, done_mem, p.bytes, sc_now_fs());
  p.sink->memory_done(p.tag, done);
}

}  // namespace tessera
