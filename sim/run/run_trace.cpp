#include "sim/run/run_trace.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace tessera {

namespace {

constexpr int kChip = 1, kHost = 0;
constexpr int kLayersTid = 0, kDramTidBase = 900000;
int pe_tid(int core) {
  return 1000 * core + 1;
}
int vector_tid(int core) {
  return 1000 * core + 2;
}
int dma_tid(int core, int lane) {
  return 1000 * core + 10 + lane;
}

std::string tile_text(const GemmTile& g) {
  return std::to_string(g.m) + "x" + std::to_string(g.n) + "x" + std::to_string(g.k);
}

// Spreads `amount` evenly over [s, e) into windows of `w` (a zero-length interval lands in
// the window holding s).
void spread(std::vector<double>& bins, double s, double e, double amount, double w) {
  if (bins.empty()) return;
  const size_t last = bins.size() - 1;
  const size_t a = std::min(last, static_cast<size_t>(s / w));
  if (e <= s) {
    bins[a] += amount;
    return;
  }
  const size_t b = std::min(last, static_cast<size_t>(e / w));
  for (size_t i = a; i <= b; ++i) {
    const double lo = std::max(s, static_cast<double>(i) * w),
                 hi = std::min(e, static_cast<double>(i + 1) * w);
    if (hi > lo) bins[i] += amount * (hi - lo) / (e - s);
  }
}

}  // namespace

ChipTracer::ChipTracer(TraceWriter& w, const ChipSpec& chip) : w_(w), chip_(chip) {}

void ChipTracer::attach(const OperatorProgram& prog) {
  prog_ = &prog;
  const ChipSpec& chip = chip_;
  w_.process(kChip, chip.name, 1);
  w_.thread(kChip, kLayersTid, "layers", 0);
  if (!w_.wants(TraceLevel::Command) && !w_.wants(TraceLevel::Packet)) return;
  for (int c = 0; c < chip.cores; ++c) {
    const std::string core = "core " + std::to_string(c) + " ";
    w_.thread(kChip, pe_tid(c), core + "PE array", pe_tid(c));
    w_.thread(kChip, vector_tid(c), core + "vector unit", vector_tid(c));
    for (int l = 0; l < chip.dma.channels; ++l)
      w_.thread(kChip, dma_tid(c, l), core + "DMA channel " + std::to_string(l), dma_tid(c, l));
  }
  if (w_.wants(TraceLevel::Packet))
    for (int64_t ch = 0; ch < chip.dram.channels; ++ch)
      w_.thread(kChip, kDramTidBase + static_cast<int>(ch), "DRAM channel " + std::to_string(ch),
                kDramTidBase + static_cast<int>(ch));
}

int ChipTracer::thread_of(const Command& c, uint8_t lane) const {
  switch (c.kind) {
    case CmdKind::Compute:
      return pe_tid(c.core);
    case CmdKind::Vector:
      return vector_tid(c.core);
    default:
      return dma_tid(c.core, lane);
  }
}

SimObservers ChipTracer::observers() {
  SimObservers o;
  if (w_.wants(TraceLevel::Command))
    o.command = [this](uint32_t cmd, SimTime s, SimTime busy_end, SimTime e, uint8_t lane) {
      on_command(cmd, s, busy_end, e, lane);
    };
  if (w_.wants(TraceLevel::Packet))
    o.dram = [this](uint32_t ch, SimTime s, SimTime e, uint64_t bytes, bool write) {
      w_.complete(kChip, kDramTidBase + static_cast<int>(ch), write ? "write" : "read", "dram",
                  fs_to_seconds(s), fs_to_seconds(e - s), {TraceArg("bytes", bytes)});
    };
  return o;
}

void ChipTracer::on_command(uint32_t cmd, SimTime start, SimTime busy_end, SimTime end,
                            uint8_t lane) {
  const Command& c = prog_->commands[cmd];
  if (c.kind == CmdKind::Barrier) return;
  const LayerPlan& L = prog_->layers[c.layer];
  const int tid = thread_of(c, lane);
  const double s = fs_to_seconds(start), b = fs_to_seconds(busy_end), e = fs_to_seconds(end);
  double unit_hz = c.kind == CmdKind::Compute  ? chip_.pe_clock_hz()
                   : c.kind == CmdKind::Vector ? chip_.vector_clock_hz()
                                               : chip_.dma_clock_hz();
  std::vector<TraceArg> args = {TraceArg("operator", L.name),
                                TraceArg("layer", static_cast<uint64_t>(c.layer)),
                                TraceArg("cycles", std::round((b - s) * unit_hz)),
                                TraceArg("precision", precision_name(c.precision))};
  const char* cat = "compute";
  switch (c.kind) {
    case CmdKind::Compute:
      args.emplace_back("tile", tile_text(c.gemm));
      args.emplace_back("macs", c.macs);
      args.emplace_back("bytes", c.read_bytes + c.write_bytes);
      break;
    case CmdKind::Vector:
      cat = "vector";
      args.emplace_back("elements", c.bytes);
      args.emplace_back("bytes", c.read_bytes + c.write_bytes);
      break;
    default:
      cat = c.kind == CmdKind::Load ? "load" : "store";
      args.emplace_back("bytes", c.bytes);
      break;
  }
  w_.complete(kChip, tid, L.name, cat, s, b - s, args);
  // A PE array or vector unit waiting on its buffers stays blocked: show it. (A DMA channel
  // issues its next transfer while requests are in flight; the in-flight counter shows those.)
  if (e > b && (c.kind == CmdKind::Compute || c.kind == CmdKind::Vector))
    w_.complete(kChip, tid, "stall", "stall", b, e - b,
                {TraceArg("operator", L.name), TraceArg("cycles", std::round((e - b) * unit_hz))});
}

void ChipTracer::finish(const RunResult& r) {
  // Layers (every level), on as many rows as their overlap needs (prefetching overlaps
  // neighbours; slices on one row never overlap, so every viewer nests them correctly).
  std::vector<size_t> order;
  for (size_t i = 0; i < r.layers.size(); ++i)
    if (r.layers[i].end > r.layers[i].start) order.push_back(i);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return r.layers[a].start < r.layers[b].start; });
  std::vector<SimTime> row_end;
  for (size_t i : order) {
    const LayerResult& L = r.layers[i];
    const LayerPlan& P = r.program.layers[i];
    size_t row = 0;
    while (row < row_end.size() && row_end[row] > L.start) ++row;
    if (row == row_end.size()) {
      row_end.push_back(0);
      if (row > 0)
        w_.thread(kChip, kLayersTid + 100 + static_cast<int>(row),
                  "layers (overlapping " + std::to_string(row) + ")", static_cast<int>(row));
    }
    row_end[row] = L.end;
    const int tid = row == 0 ? kLayersTid : kLayersTid + 100 + static_cast<int>(row);
    w_.complete(kChip, tid, P.name, "layer", fs_to_seconds(L.start), fs_to_seconds(L.end - L.start),
                {TraceArg("op", P.op_type), TraceArg("cycles", L.cycles), TraceArg("macs", P.macs),
                 TraceArg("dataflow", P.dataflow), TraceArg("bound", L.bound),
                 TraceArg("dram_bytes", L.dram_bytes())});
  }
  // Counters over the power windows.
  const double w =
      r.power.window_s > 0 ? r.power.window_s : std::max(1e-6, r.unthrottled_latency_s / 200);
  const double T = fs_to_seconds(r.sim.end);
  const size_t n = std::max<size_t>(1, static_cast<size_t>(std::ceil(T / w)));
  for (const PowerSample& p : r.power.series) {
    std::vector<std::pair<std::string, double>> v = {{"watts", p.watts}};
    if (r.spec.hardware.power.capped()) v.push_back({"cap", r.spec.hardware.power.tdp_w});
    w_.counter(kChip, "power (W)", p.t_s, v);
  }
  std::vector<double> dram(n, 0), inflight(n, 0);
  for (size_t i = 0; i < r.program.commands.size(); ++i) {
    const Command& c = r.program.commands[i];
    if (c.kind != CmdKind::Load && c.kind != CmdKind::Store) continue;
    const double s = fs_to_seconds(r.sim.cmd_start[i]), e = fs_to_seconds(r.sim.cmd_end[i]);
    spread(dram, s, e, static_cast<double>(c.bytes), w);
    spread(inflight, s, e, e - s, w);
  }
  for (size_t i = 0; i < n; ++i) {
    w_.counter(kChip, "DRAM bandwidth (GB/s)", static_cast<double>(i) * w,
               {{"GB/s", dram[i] / w / 1e9}});
    w_.counter(kChip, "DMA transfers in flight", static_cast<double>(i) * w,
               {{"transfers", inflight[i] / w}});
  }
  if (r.spec.hardware.host.present()) {
    w_.process(kHost, "host", 0);
    w_.thread(kHost, 1, "input pipeline", 1);
    w_.complete(kHost, 1, "prepare and send the next batch", "host", 0, r.host_input_s,
                {TraceArg("bytes_per_sample", r.host_bytes_per_sample),
                 TraceArg("batch", static_cast<uint64_t>(r.spec.workload.batch))});
  }
}

}  // namespace tessera
