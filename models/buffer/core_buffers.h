// Every core's SRAM buffers (hardware.buffers): each core has one BufferTiming per configured
// buffer, shared by its units (the PE array reads operands, the DMA writes loaded data). As a
// block, the buffers report their busy time per buffer kind (summed over cores) and the bytes
// read and written, which the energy model prices by buffer size.
#pragma once

#include <cstdint>
#include <vector>

#include "models/buffer/buffer_timing.h"
#include "models/platform/block.h"
#include "models/spec/chip_spec.h"
#include "models/stats/stat_registry.h"

namespace tessera {

struct CoreBuffers {
  std::vector<BufferTiming> buffers;
};

class BufferBank : public Block {
 public:
  explicit BufferBank(const ChipSpec& chip);
  // Busy cycles per buffer kind in report.json's "blocks" section.
  void register_stats(StatRegistry& stats);
  CoreBuffers& core(size_t c) { return cores_[c]; }
  std::vector<CoreBuffers*> cores();
  void finish(SimTime end) override;
  void add_energy(EnergyEvents& ev) const override;

 private:
  const ChipSpec& chip_;
  std::vector<CoreBuffers> cores_;
  std::vector<Clock> clocks_;
  std::vector<uint64_t*> busy_cycles_;
};

}  // namespace tessera
