#include "models/dma/dma_timing.h"

#include <algorithm>

namespace tessera {

namespace {
// A deferred burst's tag: its transfer (high bits) and its size (low 24 bits; bursts are at most
// 1 MiB, the schema's limit).
constexpr unsigned kSizeBits = 24;
uint64_t make_tag(uint32_t transfer, uint64_t bytes) { return (static_cast<uint64_t>(transfer) << kSizeBits) | bytes; }
}  // namespace

DmaTiming::DmaTiming(const DmaSpec& spec, Clock clock, uint16_t core, MemoryTarget& memory,
                     std::vector<BufferTiming>& buffers)
    : burst_(spec.burst),
      outstanding_(static_cast<uint64_t>(spec.outstanding)),
      clock_(clock),
      core_(core),
      memory_(memory),
      buffers_(buffers) {}

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
  tr.issuing = true;
  tr.addr = c.addr;
  tr.bytes = c.bytes;
  tr.next = t;
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
  Transfer& tr = transfers_[x];
  if (tr.next < now) {  // resumed after waiting for a deferred completion
    stall_ += clock_.align_up(now) - tr.next;
    tr.next = clock_.align_up(now);
  }
  while (tr.issued < tr.bytes) {
    SimTime t = tr.next;
    if (t > until) return Step::Yield;
    // A window slot: the earliest known completion frees one; deferred ones need the kernel.
    retire(t);
    while (known_.size() + deferred_ >= outstanding_) {
      if (known_.empty() || deferred_ > 0) {
        // Some completions are not known yet: one of them may free the slot first.
        if (!known_.empty() && known_.top() <= t) {
          retire(t);
          continue;
        }
        stall_ += t - tr.next;
        tr.next = t;
        return Step::Wait;
      }
      t = clock_.align_up(known_.top());
      retire(t);
    }
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
    if (s.done == kDeferred) {
      ++deferred_;
      ++tr.deferred;
    } else {
      known_.push(s.done);
      landed(tr, size, s.done, now);
    }
    ++requests_;
    tr.issued += size;
    tr.next = accepted + clock_.period;  // one burst per DMA cycle per channel
  }
  tr.issuing = false;
  return Step::Issued;
}

void DmaTiming::burst_done(uint64_t tag, SimTime done, SimTime now) {
  const uint32_t x = static_cast<uint32_t>(tag >> kSizeBits);
  const uint64_t size = tag & ((uint64_t(1) << kSizeBits) - 1);
  Transfer& tr = transfers_[x];
  --deferred_;
  --tr.deferred;
  known_.push(done);  // the slot frees when the burst is done (at once if that is now)
  landed(tr, size, done, now);
  if (on_deferred_done) on_deferred_done();
  if (!tr.issuing && tr.deferred == 0 && on_transfer_done) on_transfer_done(x);
}

}  // namespace tessera
