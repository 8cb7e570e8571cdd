#include "models/dma/dma_module.h"

#include "models/platform/block_registry.h"
#include "models/platform/sim_time.h"
#include "models/sequencer/sequencer_module.h"

namespace tessera {

DmaModule::DmaModule(sc_core::sc_module_name name, PlatformContext& ctx, uint16_t core)
    : CommandUnit(name, ctx, core, "DMA", static_cast<unsigned>(ctx.chip().dma.channels)),
      timing_(ctx.chip().dma, Clock::from_hz(ctx.chip().dma_clock_hz()), core, *ctx.memory(),
              ctx.buffers(core).buffers),
      quantum_(ctx.options().dma_quantum) {
  register_stats(ctx, "dma", timing_.clock().hz());
  load_bytes_ = &stats().count("load_bytes", "bytes", "bytes moved DRAM -> buffers");
  store_bytes_ = &stats().count("store_bytes", "bytes", "bytes moved buffers -> DRAM");
  requests_ = &stats().count("requests", "requests", "memory requests (bursts) issued");
  stall_cycles_ =
      &stats().count("stall_cycles", "cycles",
                     "cycles bursts waited for a free outstanding slot or a memory queue slot");
  timing_.on_deferred_done = [this] { deferred_done_.notify(sc_core::SC_ZERO_TIME); };
  timing_.on_transfer_done = [this](uint32_t x) {
    seq_.complete_at(timing_.command(x), timing_.completion(x));
    timing_.release(x);
  };
}

void DmaModule::execute(uint32_t id, uint8_t lane) {
  const Command& c = prog_.commands[id];
  const Clock& clock = timing_.clock();
  const SimTime begin = clock.align_up(sc_now_fs());
  seq_.started(id, begin);
  const uint32_t x = timing_.start(id, c, begin, sc_now_fs());
  while (true) {
    const SimTime now = sc_now_fs();
    const SimTime until = now > DmaTiming::kNever - quantum_ ? DmaTiming::kNever : now + quantum_;
    const DmaTiming::Step step = timing_.issue(x, until, now);
    if (step == DmaTiming::Step::Issued) break;
    if (step == DmaTiming::Step::Yield) {
      wait_until(timing_.next(x));
    } else if (timing_.wake_at() == DmaTiming::kNever) {
      wait_event(deferred_done_);
    } else {
      wait_event_until(deferred_done_, timing_.wake_at());
    }
  }
  const SimTime end = timing_.next(x);  // the channel issues its next burst no earlier
  (c.kind == CmdKind::Load ? *load_bytes_ : *store_bytes_) += c.bytes;
  busy_cycles() += (end - begin) / clock.period;
  seq_.busy_until(id, end, lane);
  if (timing_.complete(x)) {
    seq_.complete_at(id, timing_.completion(x));
    timing_.release(x);
  }  // else the last deferred burst completes it (on_transfer_done)
  wait_until(end);
}

void DmaModule::finish(SimTime) {
  *requests_ = timing_.requests();
  *stall_cycles_ = timing_.stall_cycles();
}

namespace {
const BlockShellRegistrar kShell("dma", "engine",
                                 [](PlatformContext& ctx, uint16_t core, const BlockConfig&) {
                                   ctx.add_unit(core, new DmaModule(indexed("dma_c", core).c_str(),
                                                                    ctx, core));
                                 });
}  // namespace

}  // namespace tessera
