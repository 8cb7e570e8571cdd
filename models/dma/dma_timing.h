// Timing core of a core's DMA engine (no SystemC). A Load or Store command is one transfer: the
// engine cuts it into bursts of `burst` bytes, issues one burst per DMA cycle per channel while
// fewer than `outstanding` bursts of the whole engine are in flight, and hands each burst to the
// memory target (the interconnect, the L2 or the DRAM), which computes when it completes with
// its own per-burst arithmetic. A Load's burst is then written into its buffer; a Store's data
// is read out of its buffer when the transfer starts. The transfer completes with its last burst.
//
// The SystemC shell calls issue() once per transfer (or once per `quantum` of it, so transfers
// that overlap on a saturated port interleave), and waits once: no burst crosses the kernel.
// When the target defers completions (the bank-level DRAM), a full window makes issue() return
// Wait, and burst_done() later reports the deferred bursts.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "models/buffer/buffer_timing.h"
#include "models/dma/dma_spec.h"
#include "models/platform/memory_target.h"
#include "models/spec/operator_ir.h"
#include "models/timing/clock.h"
#include "models/timing/occupancy_window.h"

namespace tessera {

class DmaTiming : public MemoryCallback {
 public:
  enum class Step : uint8_t {
    Issued,  // every burst is out; next(x) is when the channel is free again
    Yield,   // the next burst is due after `until`: call again at next(x)
    Wait,    // the window is full and some completions are deferred: call again after burst_done()
             // or at wake_at()
  };

  DmaTiming(const DmaSpec& spec, Clock clock, uint16_t core, MemoryTarget& memory,
            std::vector<BufferTiming>& buffers);

  // A channel takes command `cmd` (a Load or Store) at `t` (a DMA clock edge, >= now).
  uint32_t start(uint32_t cmd, const Command& c, SimTime t, SimTime now);
  // Issues the bursts due at or before `until`: transfer x's and those of the engine's other
  // transfers (in time order), and says where x stands.
  Step issue(uint32_t x, SimTime until, SimTime now);
  SimTime next(uint32_t x) const { return transfers_[x].next; }
  uint32_t command(uint32_t x) const { return transfers_[x].cmd; }
  // Earliest completion in flight that is already known (kNever: none).
  SimTime wake_at() const { return window_.next_leave_after(waiting_at_); }
  // Every burst issued and every completion known.
  bool complete(uint32_t x) const { return !transfers_[x].issuing && transfers_[x].deferred == 0; }
  // When the transfer completed (a DMA clock edge).
  SimTime completion(uint32_t x) const { return clock_.align_up(transfers_[x].last); }
  void release(uint32_t x) { free_.push_back(x); }

  void burst_done(uint64_t tag, SimTime done, SimTime now) override;
  // Called after a deferred burst completed (wake waiting channels), and when that completed a
  // transfer whose bursts were all issued.
  std::function<void()> on_deferred_done;
  std::function<void(uint32_t x)> on_transfer_done;

  // Statistics.
  uint64_t requests() const { return requests_; }
  uint64_t stall_cycles() const {
    return stall_ / clock_.period;
  }  // waits for a window slot or a queue
  uint32_t in_flight_deferred() const { return deferred_; }
  const Clock& clock() const { return clock_; }

  static constexpr SimTime kNever = OccupancyWindow::kNever;

 private:
  struct Transfer {
    uint32_t cmd = 0, layer = 0;
    uint8_t buffer = 0;
    bool write = false;
    bool issuing = false;
    uint64_t addr = 0, bytes = 0, issued = 0;
    SimTime next = 0;  // when the next burst issues
    SimTime last = 0;  // latest completion so far (a Load's: written into the buffer)
    uint32_t deferred = 0;
  };
  void landed(Transfer& tr, uint64_t bytes, SimTime at, SimTime now);
  // Issues transfer x's next burst; false when the window is full (Wait).
  bool issue_burst(uint32_t x, SimTime now);
  static constexpr uint32_t kNone = ~uint32_t(0);

  uint64_t burst_;
  uint64_t outstanding_;
  Clock clock_;
  uint16_t core_;
  MemoryTarget& memory_;
  std::vector<BufferTiming>& buffers_;
  std::vector<Transfer> transfers_;
  std::vector<uint32_t> free_;
  std::vector<uint32_t> issuing_;  // transfers with bursts still to issue, in start order
  OccupancyWindow window_;         // bursts in flight, by issue and completion time
  uint32_t deferred_ = 0;          // in flight, completion not known yet
  SimTime waiting_at_ = 0;         // when the last Wait found the window full
  uint64_t requests_ = 0;
  SimTime stall_ = 0;
};

}  // namespace tessera
