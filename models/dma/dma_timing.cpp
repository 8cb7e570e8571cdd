#include "models/dma/dma_timing.h"

#include <algorithm>

namespace tessera {

namespace {
// A deferred burst's tag: its transfer (high bits) and its size (low 24 bits; bursts are at most
// 1 MiB, the schema's limit).
constexpr unsigned kSizeBits = 24;
uint64_t make_tag(uint32_t transfer, uint64_t bytes) {
  return (static_cast<uint64_t>(transfer) << kSizeBits) | bytes;
}
}  // namespace

DmaTiming::DmaTiming(const DmaSpec& spec, Clock clock, uint16_t core, MemoryTarget& memory,
                     std::vector<BufferTiming>& buffers)
    : burst_(spec.burst),
      outstanding_(static_cast<uint64_t>(spec.outstanding)),
      clock_(clock),
      core_(core),
      memory_(memory),
      buffers_(buffers),
      window_(outstanding_) {}

uint32_t DmaTiming::start(uint32_t cmd, const Command& c, SimTime t, SimTime now) {
  uint32_t x;
  if (!free_.empty()) {
    x = free_.back();
    free_.pop_back();
  } else {
    transfers_.emplace_back();
    x = static_cast<uint32_t>(transfers_.size() - 1);
  }
  Transfer& tr = transfers_[x];
  tr = Transfer{};
  tr.cmd = cmd;
  tr.layer = c.layer;
  tr.buffer = c.buffer;
  tr.write = c.kind == CmdKind::Store;
  tr.issuing = c.bytes > 0;
  tr.addr = c.addr;
  tr.bytes = c.bytes;
  tr.next = t;
  if (tr.issuing) issuing_.push_back(x);
  // A store's data leaves the buffer as the transfer starts.
  if (tr.write) tr.last = buffers_[c.buffer].read(t, c.bytes, now);
  return x;
}

void DmaTiming::landed(Transfer& tr, uint64_t bytes, SimTime at, SimTime now) {
  // A loaded burst still has to be written into its buffer.
  const SimTime end = tr.write ? at : buffers_[tr.buffer].write(at, bytes, now);
  tr.last = std::max(tr.last, end);
}

DmaTiming::Step DmaTiming::issue(uint32_t x, SimTime until, SimTime now) {
  // The engine's channels issue in time order, whichever channel's shell is running: the bursts
  // of every transfer due by `until` go out earliest first (one per DMA cycle per channel), as
  // the channels would interleave them burst by burst, not one whole quantum after another.
  while (true) {
    uint32_t first = kNone;
    for (uint32_t y : issuing_)
      if (transfers_[y].next <= until &&
          (first == kNone || transfers_[y].next < transfers_[first].next))
        first = y;
    if (first == kNone) break;
    if (!issue_burst(first, now)) return transfers_[x].issuing ? Step::Wait : Step::Issued;
  }
  return transfers_[x].issuing ? Step::Yield : Step::Issued;
}

bool DmaTiming::issue_burst(uint32_t x, SimTime now) {
  Transfer& tr = transfers_[x];
  if (tr.next < now) {  // resumed after waiting for a deferred completion
    stall_ += clock_.align_up(now) - tr.next;
    tr.next = clock_.align_up(now);
  }
  SimTime t = tr.next;
  // A window slot. While some completions are not known yet, one of them may free it first:
  // wait for the kernel.
  window_.forget_before(now);
  const SimTime room =
      deferred_ > 0 && window_.occupancy(t) >= outstanding_ ? kNever : window_.admit(t);
  if (room == kNever) {
    waiting_at_ = t;
    return false;
  }
  const SimTime requested = t;
  t = clock_.align_up(room);
  const uint64_t size = std::min(burst_, tr.bytes - tr.issued);
  Burst b;
  b.addr = tr.addr + tr.issued;
  b.bytes = size;
  b.write = tr.write;
  b.source = core_;
  b.layer = tr.layer;
  b.at = t;
  b.now = now;
  const Served s = memory_.serve(b, this, make_tag(x, size));
  const SimTime accepted = clock_.align_up(std::max(t, s.accepted));
  stall_ += accepted - tr.next;
  window_.enter(requested, t);
  if (s.done == kDeferred) {
    ++deferred_;
    ++tr.deferred;
  } else {
    window_.leave(s.done);
    landed(tr, size, s.done, now);
  }
  ++requests_;
  tr.issued += size;
  tr.next = accepted + clock_.period;  // one burst per DMA cycle per channel
  if (tr.issued == tr.bytes) {
    tr.issuing = false;
    issuing_.erase(std::find(issuing_.begin(), issuing_.end(), x));
  }
  return true;
}

void DmaTiming::burst_done(uint64_t tag, SimTime done, SimTime now) {
  const uint32_t x = static_cast<uint32_t>(tag >> kSizeBits);
  const uint64_t size = tag & ((uint64_t(1) << kSizeBits) - 1);
  Transfer& tr = transfers_[x];
  --deferred_;
  --tr.deferred;
  window_.leave(done);  // the slot frees when the burst is done (at once if that is now)
  landed(tr, size, done, now);
  if (on_deferred_done) on_deferred_done();
  if (!tr.issuing && tr.deferred == 0 && on_transfer_done) on_transfer_done(x);
}

}  // namespace tessera
