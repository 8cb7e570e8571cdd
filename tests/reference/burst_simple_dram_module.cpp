#include "models/dram_simple/simple_dram_module.h"

#include "models/platform/memory_timing_ext.h"
#include "models/platform/sim_time.h"

namespace tessera {

SimpleDramModule::SimpleDramModule(sc_core::sc_module_name name, const DramSpec& spec, Clock controller)
    : sc_core::sc_module(name), socket("socket"), interleave_(spec.interleave) {
  for (int64_t i = 0; i < spec.channels; ++i)
    channels_.emplace_back(spec.bandwidth, seconds_to_fs(spec.latency_s), static_cast<uint32_t>(spec.queue_depth),
                           controller);
  socket.register_b_transport(this, &SimpleDramModule::b_transport);
}

void SimpleDramModule::b_transport(int, tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
  SimTime now = sc_now_fs();
  SimTime t = now + static_cast<SimTime>(delay.value());
  size_t ch = static_cast<size_t>((gp.get_address() / interleave_) % channels_.size());
  DramIssue r = channels_[ch].issue(t, gp.get_data_length(), gp.is_write());
  if (on_request) on_request(static_cast<uint32_t>(ch), r.accept, r.done, gp.get_data_length(), gp.is_write());
  if (auto* ext = gp.get_extension<MemoryTimingExt>()) ext->accept = r.accept;
  delay = fs_to_sc(r.done - now);
  gp.set_response_status(tlm::TLM_OK_RESPONSE);
}

uint64_t SimpleDramModule::total_bytes() const {
  uint64_t b = 0;
  for (const auto& c : channels_) b += c.read_bytes() + c.write_bytes();
  return b;
}

}  // namespace tessera
