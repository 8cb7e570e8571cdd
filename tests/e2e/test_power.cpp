// Energy, power, area, host and runtime through the whole tool: energy recomputed from the
// reported events to the last bit, the power cap, input starvation, JIT dispatch, technology
// nodes, `tessera compare`, and the bad-input cases of issue 6.
#include <gtest/gtest.h>

#include <algorithm>

#include "tessera_runner.h"

using namespace tessera_test;

namespace {

nlohmann::json run_hw(const std::string& hw, std::vector<std::string> extra = {}) {
  std::vector<std::string> a = {"--hw", source_path(hw)};
  a.insert(a.end(), extra.begin(), extra.end());
  return run_json(a);
}

}  // namespace

// energy = sum over events of count x energy per event + leakage x time, block by block in the
// report's order, exactly as the energy model sums it (so equal to the last bit).
TEST(Energy, RecomputedFromTheEventsToTheLastBit) {
  for (const char* hw : {"configs/hw/edge-npu.yaml", "configs/hw/manycore-npu.yaml"}) {
    auto r = run_hw(hw, {"--model", "resnet18"});
    ASSERT_TRUE(r.contains("energy")) << hw;
    const auto& pe = r["energy"]["per_event"];
    const auto& ev = r["energy"]["events"];
    const double seconds = r["totals"]["latency_s"];
    double dynamic = 0, leakage = 0;
    for (const auto& b : r["energy"]["blocks"]) {
      const std::string name = b["block"];
      double d = 0;
      if (name == "pe_array") {
        for (const char* p : {"fp32", "bf16", "fp16", "fp8", "int8", "int4"})
          d += ev["macs"][p].get<double>() * pe["mac_j"][p].get<double>();
      } else if (name == "vector_unit") {
        for (const char* p : {"fp32", "bf16", "fp16", "fp8", "int8", "int4"})
          d += ev["vector_ops"][p].get<double>() * pe["vector_op_j"][p].get<double>();
      } else if (name.rfind("buffer.", 0) == 0) {
        const std::string buf = name.substr(7);
        const uint64_t bytes = ev["buffer_read_bytes"][buf].get<uint64_t>() +
                               ev["buffer_write_bytes"][buf].get<uint64_t>();
        d = static_cast<double>(bytes) * pe["buffer_byte_j"][buf].get<double>();
      } else if (name == "l2") {
        d = ev["l2_bytes"].get<double>() * pe["l2_byte_j"].get<double>();
      } else if (name == "interconnect") {
        d = ev["interconnect_bytes"].get<double>() * pe["interconnect_byte_j"].get<double>();
      } else if (name == "dram") {
        d = ev["dram_bytes"].get<double>() * pe["dram_byte_j"].get<double>();
      } else {
        FAIL() << "unexpected block " << name;
      }
      EXPECT_EQ(d, b["dynamic_j"].get<double>()) << hw << " " << name;
      EXPECT_EQ(b["leakage_w"].get<double>() * seconds, b["leakage_j"].get<double>())
          << hw << " " << name;
      dynamic += b["dynamic_j"].get<double>();
      leakage += b["leakage_j"].get<double>();
    }
    EXPECT_EQ(dynamic + leakage, r["totals"]["energy_j"].get<double>()) << hw;
    EXPECT_GT(r["totals"]["area_mm2"].get<double>(), 0);
  }
}

TEST(Power, TimeSeriesAveragesToTheEnergy) {
  auto r = run_hw("configs/hw/edge-tpu.yaml");
  ASSERT_TRUE(r.contains("power"));
  ASSERT_GT(r["power"].size(), 10u);
  const double window = r["power_window_s"], T = r["totals"]["latency_s"];
  double joules = 0, peak = 0;
  for (size_t i = 0; i < r["power"].size(); ++i) {
    const double next = i + 1 < r["power"].size() ? r["power"][i + 1]["t_s"].get<double>() : T;
    joules += r["power"][i]["watts"].get<double>() * (next - r["power"][i]["t_s"].get<double>());
    peak = std::max(peak, r["power"][i]["watts"].get<double>());
  }
  EXPECT_NEAR(joules, r["totals"]["energy_j"].get<double>(), 1e-6 * joules);
  EXPECT_DOUBLE_EQ(peak, r["totals"]["peak_power_w"].get<double>());
  EXPECT_GE(peak, r["totals"]["avg_power_w"].get<double>());
  EXPECT_LE(r["power"][0]["t_s"].get<double>(), window);
}

// A cap below the run's unconstrained peak: the chip throttles along its V-F table, finishes
// later, never exceeds the cap in any window, and spends no more energy than the dynamic energy
// at nominal voltage plus leakage over the longer run.
TEST(Power, CapThrottlesWithoutExceedingIt) {
  auto free = run_hw("configs/hw/edge-tpu.yaml", {"--set", "hardware.power.tdp=100W"});
  const double peak = free["totals"]["peak_power_w"];
  ASSERT_GT(peak, 0);
  EXPECT_EQ(free["totals"]["throttled_s"].get<double>(), 0);
  for (double frac : {0.8, 0.5, 0.3}) {
    const double cap = peak * frac;
    auto r = run_hw("configs/hw/edge-tpu.yaml",
                    {"--set", "hardware.power.tdp=" + std::to_string(cap) + "W"});
    ASSERT_TRUE(r.contains("totals")) << frac;
    const auto& t = r["totals"];
    EXPECT_GT(t["latency_s"].get<double>(), free["totals"]["latency_s"].get<double>()) << frac;
    EXPECT_GT(t["throttled_s"].get<double>(), 0) << frac;
    EXPECT_LT(t["min_frequency_hz"].get<double>(), 480e6) << frac;
    for (const auto& p : r["power"]) EXPECT_LE(p["watts"].get<double>(), cap * (1 + 1e-9)) << frac;
    const double leak_w = free["energy"]["leakage_w"];
    const double bound =
        free["totals"]["dynamic_energy_j"].get<double>() + leak_w * t["latency_s"].get<double>();
    EXPECT_LE(t["energy_j"].get<double>(), bound * (1 + 1e-9)) << frac;
  }
}

TEST(Power, DarkSiliconUnderATightCap) {
  auto r = run_hw("configs/hw/h100-sxm.yaml",
                  {"--model", "gemm:M=256,N=256,K=256", "--set", "hardware.power.tdp=60W"});
  const double dark = r["totals"]["dark_silicon_fraction"];
  EXPECT_GT(dark, 0);
  EXPECT_LT(dark, 1);
  auto loose = run_hw("configs/hw/h100-sxm.yaml", {"--model", "gemm:M=256,N=256,K=256"});
  EXPECT_EQ(loose["totals"]["dark_silicon_fraction"].get<double>(), 0);
}

// Input bandwidth below what the accelerator consumes: the throughput is the input bound.
TEST(Host, InputStarvationSetsTheThroughput) {
  auto r = run_hw("configs/hw/edge-npu.yaml",
                  {"--batch", "4", "--set", "hardware.host.link_bandwidth=10MB/s", "--set",
                   "hardware.host.link_latency=0s"});
  const auto& t = r["totals"];
  ASSERT_TRUE(t.contains("host_bytes_per_sample"));
  EXPECT_EQ(t["host_bytes_per_sample"], 3u * 224 * 224);  // int8 image
  EXPECT_TRUE(t["input_bound"].get<bool>());
  EXPECT_EQ(t["bound"], "host");
  EXPECT_NEAR(t["throughput_per_s"].get<double>(), 10e6 / (3.0 * 224 * 224), 1e-9);
  EXPECT_GT(t["input_starved_fraction"].get<double>(), 0.5);
  // A fast link: the device sets the pace again.
  auto fast = run_hw("configs/hw/edge-npu.yaml",
                     {"--batch", "4", "--set", "hardware.host.link_bandwidth=25GB/s"});
  EXPECT_FALSE(fast["totals"]["input_bound"].get<bool>());
  EXPECT_NEAR(fast["totals"]["throughput_per_s"].get<double>(),
              4 / fast["totals"]["device_latency_s"].get<double>(), 1e-6);
  // Preprocessing slower than the link.
  auto slow = run_hw("configs/hw/edge-npu.yaml",
                     {"--batch", "4", "--set", "hardware.host.link_bandwidth=25GB/s", "--set",
                      "hardware.host.preprocess_rate=50"});
  EXPECT_NEAR(slow["totals"]["throughput_per_s"].get<double>(), 50, 1e-9);
}

TEST(Runtime, JitDispatchAndKernelLaunchCost) {
  auto aot = run_hw("configs/hw/edge-npu.yaml");
  auto jit = run_hw("configs/hw/edge-npu.yaml", {"--set", "hardware.runtime.mode=jit", "--set",
                                                 "hardware.runtime.dispatch_overhead=200us"});
  const double layers = static_cast<double>(aot["layers"].size());
  // Host-bound: the last operator cannot start before the host dispatched it.
  EXPECT_GE(jit["totals"]["latency_s"].get<double>(), layers * 200e-6);
  EXPECT_LT(aot["totals"]["latency_s"].get<double>(), jit["totals"]["latency_s"].get<double>());
  auto gpu = run_hw("configs/hw/edge-npu.yaml", {"--set", "hardware.runtime.kernel_overhead=20us"});
  EXPECT_GE(gpu["totals"]["latency_s"].get<double>(),
            aot["totals"]["latency_s"].get<double>() + layers * 20e-6 * 0.99);
}

TEST(Technology, EnergyFallsWithTheNode) {
  double last = 1e9;
  for (const char* node : {"45nm", "16nm", "7nm", "5nm"}) {
    auto r = run_hw("configs/hw/edge-npu.yaml", {"--set", std::string("technology=") + node});
    ASSERT_TRUE(r.contains("totals")) << node;
    const double e = r["totals"]["energy_j"];
    EXPECT_LT(e, last) << node;
    last = e;
  }
}

TEST(Compare, SideBySide) {
  Outcome r = run_tessera(
      {"compare", source_path("configs/hw/edge-npu.yaml"), source_path("configs/hw/edge-tpu.yaml"),
       source_path("configs/hw/cloud-npu.yaml"), source_path("configs/hw/h100-sxm.yaml"), "--model",
       "resnet50", "--json"});
  ASSERT_EQ(r.status, 0) << r.err;
  auto rows = nlohmann::json::parse(r.out);
  ASSERT_EQ(rows.size(), 4u);
  for (const auto& row : rows)
    for (const char* k :
         {"config", "hardware", "latency_s", "throughput_per_s", "energy_per_inference_j",
          "tops_per_w", "avg_power_w", "peak_power_w", "pe_utilization", "area_mm2", "bound"})
      EXPECT_TRUE(row.contains(k)) << k;
  // The edge chip spends less energy per inference's watt budget but takes longer than the cloud.
  EXPECT_GT(rows[0]["latency_s"].get<double>(), rows[2]["latency_s"].get<double>());
  EXPECT_LT(rows[1]["avg_power_w"].get<double>(), rows[2]["avg_power_w"].get<double>());
  Outcome table = run_tessera({"compare", source_path("configs/hw/edge-npu.yaml"),
                               source_path("configs/hw/edge-tpu.yaml")});
  EXPECT_EQ(table.status, 0) << table.err;
  EXPECT_NE(table.out.find("edge-tpu"), std::string::npos);
  Outcome bad =
      run_tessera({"compare", source_path("configs/hw/edge-npu.yaml"), "/nonexistent.yaml"});
  EXPECT_EQ(bad.status, 1);
  EXPECT_NE(bad.err.find("nonexistent.yaml"), std::string::npos) << bad.err;
}

TEST(PowerBadInput, OneLineErrorsNamingTheKey) {
  const std::string hw = source_path("configs/hw/edge-tpu.yaml");
  struct Case {
    std::vector<std::string> sets;
    const char* expect;
  } cases[] = {
      {{"hardware.power.tdp=1mW"}, "hardware.power.tdp"},
      {{"hardware.power.vf_table=[{frequency: 400MHz, voltage: 0.8V}, {frequency: 300MHz, voltage: "
        "0.9V}]"},
       "not monotonic"},
      {{"hardware.power.vf_table=[{frequency: 300MHz, voltage: 0.9V}, {frequency: 400MHz, voltage: "
        "0.8V}]"},
       "not monotonic"},
      {{"technology=3nm"}, "no technology table for node '3nm'"},
      {{"hardware.host.link_bandwidth=0GB/s"}, "hardware.host.link_bandwidth"},
      {{"hardware.runtime.mode=eager"}, "hardware.runtime.mode"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> a = {"run", "--hw", hw, "--out", ""};
    for (const auto& s : c.sets) a.insert(a.end(), {"--set", s});
    Outcome r = run_tessera(a);
    EXPECT_EQ(r.status, 1) << c.expect;
    EXPECT_NE(r.err.find(c.expect), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
}
