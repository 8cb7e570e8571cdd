// Shell-level tests: each TEST builds the SystemC platform of a tiny chip from the registry, runs
// a hand-written Operator IR program on it and checks the exact times and the traffic. SystemC
// elaborates once per process, so CTest runs every TEST as a process of its own (this file has
// its own sc_main, and gtest_discover_tests starts one process per test).
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <systemc>
#include <vector>

#include "models/spec/errors.h"
#include "sim/config/config_tree.h"
#include "sim/config/run_config.h"
#include "sim/platform/chip_platform.h"

using namespace tessera;

namespace {

const SimTime ns = 1000000;

// 1 GHz, one core: a 128 B/cycle buffer, a one-channel DMA of 64 B bursts, one DRAM channel
// moving 64 B per ns with 10 ns latency. `extra` adds sections (an L2, a NoC).
RunSpec tiny_chip(const std::string& extra = "") {
  ConfigNode tree = load_config_text(R"(technology: 45nm
hardware:
  name: tiny
  clock: 1GHz
  pe_array: {rows: 8, cols: 8, macs_per_cycle: {int8: 1}}
  vector_unit: {lanes: 16, latency: 4}
  buffers:
    - {name: buf, size: 256KiB, banks: 8, bank_width: 16B, holds: [inputs, weights, outputs]}
  dma: {channels: 1, burst: 64B, outstanding: 16}
  dram: {technology: lpddr4x, channels: 1, bandwidth: 64GB/s, latency: 10ns, queue_depth: 64, interleave: 256B}
)" + extra + R"(
workload:
  model: gemm:M=8,N=8,K=8
simulation:
  dma_quantum: 0s
)",
                                     "tiny.yaml");
  return parse_run(tree);
}

struct ProgramText {
  OperatorProgram p;
  ProgramText() { p.layers.push_back(LayerPlan{}); }
  // Appends a command that depends on `deps` (earlier commands); returns its index.
  uint32_t add(Command c, std::vector<uint32_t> deps = {}) {
    c.num_deps = static_cast<uint32_t>(deps.size());
    p.commands.push_back(c);
    const uint32_t id = static_cast<uint32_t>(p.commands.size() - 1);
    edges.push_back(deps);
    return id;
  }
  // The successor lists in CSR form.
  OperatorProgram build() {
    std::vector<std::vector<uint32_t>> succ(p.commands.size());
    for (uint32_t c = 0; c < edges.size(); ++c)
      for (uint32_t d : edges[c]) succ[d].push_back(c);
    for (uint32_t c = 0; c < succ.size(); ++c) {
      p.commands[c].succ_begin = static_cast<uint32_t>(p.successors.size());
      p.commands[c].succ_count = static_cast<uint32_t>(succ[c].size());
      p.successors.insert(p.successors.end(), succ[c].begin(), succ[c].end());
    }
    return p;
  }
  std::vector<std::vector<uint32_t>> edges;
};

Command transfer(CmdKind kind, uint64_t addr, uint64_t bytes) {
  Command c;
  c.kind = kind;
  c.addr = addr;
  c.bytes = bytes;
  return c;
}

}  // namespace

// The DMA shell, the simple DRAM and the buffer: a 256 B load is four 64 B bursts issued at 0,
// 1, 2, 3 ns, each on the DRAM bus for 1 ns plus 10 ns latency (done at 11..14 ns), each written
// into the buffer in one cycle: the load completes at 15 ns, not 14.
TEST(DmaShell, LoadThroughSimpleDramCompletesOnTheExactCycle) {
  const RunSpec r = tiny_chip();
  ProgramText t;
  t.add(transfer(CmdKind::Load, 0, 256));
  ChipSimulation out;
  simulate_chip(r.hardware, r.simulation, t.build(), {}, out);
  EXPECT_EQ(out.cmd_end[0], 15 * ns);
  EXPECT_EQ(out.traffic.dram_read[0], 256u);
  EXPECT_EQ(out.traffic.dram_write[0], 0u);
}

// The same load booked a quantum ahead (the default transfer-level path) ends on the same cycle
// when nothing else competes.
TEST(DmaShell, QuantumDoesNotChangeAnUncontendedTransfer) {
  RunSpec r = tiny_chip();
  r.simulation.dma_quantum_s = 250e-9;
  ProgramText t;
  t.add(transfer(CmdKind::Load, 0, 256));
  ChipSimulation out;
  simulate_chip(r.hardware, r.simulation, t.build(), {}, out);
  EXPECT_EQ(out.cmd_end[0], 15 * ns);
  EXPECT_LE(out.activations, 6u);  // the DMA waits once per transfer, not per burst
}

// A store through an L2 allocates its lines there; the write-back at the end of the run brings
// every byte to DRAM, attributed to the store's layer.
TEST(L2Shell, StoredLinesReachDramAtTheEnd) {
  const RunSpec r = tiny_chip("  l2: {size: 64KiB, banks: 2, line: 128B, ways: 4, latency: 2}\n");
  ProgramText t;
  const uint32_t load = t.add(transfer(CmdKind::Load, 0, 512));
  t.add(transfer(CmdKind::Store, 4096, 512), {load});
  ChipSimulation out;
  simulate_chip(r.hardware, r.simulation, t.build(), {}, out);
  EXPECT_EQ(out.traffic.dram_read[0], 512u);
  EXPECT_EQ(out.traffic.dram_write[0], 512u);
  EXPECT_EQ(out.traffic.l2[0], 1024u);
  EXPECT_GT(out.cmd_end[1], out.cmd_end[0]);
}

// The vector unit shell: 32 elements of a 1-cycle op on 16 lanes take 2 cycles plus 4 of
// latency.
TEST(VectorShell, CommandTakesGroupsPlusLatency) {
  const RunSpec r = tiny_chip();
  ProgramText t;
  t.p.works.push_back(VectorWork().add(VectorOp::Add));
  Command v;
  v.kind = CmdKind::Vector;
  v.work = 0;
  v.bytes = 32;
  t.add(v);
  ChipSimulation out;
  simulate_chip(r.hardware, r.simulation, t.build(), {}, out);
  EXPECT_EQ(out.cmd_end[0] - out.cmd_start[0], 6 * ns);
}

// The PE-array shell: an 8x8x8 output-stationary tile on an 8x8 array is one fold of
// K + R + C - 2 = 22 cycles (SCALE-Sim v2).
TEST(PeArrayShell, TileTakesTheScaleSimCycles) {
  const RunSpec r = tiny_chip();
  ProgramText t;
  Command c;
  c.kind = CmdKind::Compute;
  c.gemm = GemmTile{8, 8, 8, Dataflow::OS};
  c.macs = 512;
  t.add(c);
  ChipSimulation out;
  simulate_chip(r.hardware, r.simulation, t.build(), {}, out);
  EXPECT_EQ(out.cmd_end[0] - out.cmd_start[0], 22 * ns);
}

// The sequencer and the watchdog: a command whose dependency never comes stops the run with a
// model error naming what is left, not a hang.
TEST(SequencerShell, MissingDependencyStopsTheRun) {
  const RunSpec r = tiny_chip();
  ProgramText t;
  Command c = transfer(CmdKind::Load, 0, 64);
  t.add(c);
  OperatorProgram p = t.build();
  p.commands[0].num_deps = 1;  // waits for a command that does not exist
  ChipSimulation out;
  try {
    simulate_chip(r.hardware, r.simulation, p, {}, out);
    FAIL() << "expected the watchdog to stop the run";
  } catch (const ModelError& e) {
    EXPECT_NE(std::string(e.what()).find("no progress"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("1 of 1 commands are outstanding"), std::string::npos)
        << e.what();
  }
}

int sc_main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}

int main(int argc, char** argv) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
  return sc_core::sc_elab_and_sim(argc, argv);
}
