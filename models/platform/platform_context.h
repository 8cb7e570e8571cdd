// What a block's factory builds into (SystemC side): the chip, the program, the one statistics
// registry, the per-layer traffic counters, the command sequencer and each core's buffers. The
// platform builder (sim/platform) creates it, walks the chip's sections through the block
// registry, and each factory adds its shells here; blocks are SystemC modules that live until the
// process ends.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/buffer/core_buffers.h"
#include "models/dram/dram_observer.h"
#include "models/platform/block.h"
#include "models/platform/memory_target.h"
#include "models/spec/chip_spec.h"
#include "models/spec/operator_ir.h"
#include "models/stats/stat_registry.h"
#include "models/timing/clock.h"

namespace tessera {

class CommandUnit;
class SequencerModule;

struct PlatformOptions {
  // How far ahead of the kernel a DMA channel books its transfer's bursts before it yields:
  // transfers that overlap on a saturated port share it at this granularity.
  SimTime dma_quantum = 0;
  DramObserver dram_observer;  // every DRAM request (packet-level traces); empty: off
};

class PlatformContext {
 public:
  PlatformContext(const ChipSpec& chip, const OperatorProgram& program, PlatformOptions options,
                  StatRegistry& stats, LayerTraffic& traffic, SequencerModule& sequencer,
                  std::vector<CoreBuffers*> core_buffers)
      : chip_(chip),
        program_(program),
        options_(std::move(options)),
        stats_(stats),
        traffic_(traffic),
        sequencer_(sequencer),
        buffers_(std::move(core_buffers)) {}

  const ChipSpec& chip() const { return chip_; }
  const OperatorProgram& program() const { return program_; }
  const PlatformOptions& options() const { return options_; }
  StatRegistry& stats() { return stats_; }
  LayerTraffic& traffic() { return traffic_; }
  SequencerModule& sequencer() { return sequencer_; }
  CoreBuffers& buffers(uint16_t core) { return *buffers_[core]; }
  uint16_t cores() const { return static_cast<uint16_t>(buffers_.size()); }

  // The memory level the cores' DMA engines send to (set by the builder once the levels exist).
  MemoryTarget* memory() const { return memory_; }
  void set_memory(MemoryTarget* m) { memory_ = m; }

  void add_block(Block* b) { blocks_.push_back(b); }
  // A unit of `core`: the sequencer routes the command kinds it accepts on that core to it.
  void add_unit(uint16_t core, CommandUnit* unit);
  const std::vector<Block*>& blocks() const { return blocks_; }
  const std::vector<CommandUnit*>& units() const { return units_; }

 private:
  const ChipSpec& chip_;
  const OperatorProgram& program_;
  PlatformOptions options_;
  StatRegistry& stats_;
  LayerTraffic& traffic_;
  SequencerModule& sequencer_;
  std::vector<CoreBuffers*> buffers_;
  MemoryTarget* memory_ = nullptr;
  std::vector<Block*> blocks_;
  std::vector<CommandUnit*> units_;
};

// "chip.core[3]"-style bracketed names.
inline std::string indexed(const std::string& base, size_t i) {
  return base + "[" + std::to_string(i) + "]";
}

}  // namespace tessera
