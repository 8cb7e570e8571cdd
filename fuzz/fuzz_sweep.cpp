// libFuzzer target: the bytes are a sweep file (configs/sweeps/*.yaml). It goes through
// tessera::load_sweep (YAML, the sweep schema, axis blocks, expressions, fronts, and the base run
// with every axis key checked against it) and then tessera::plan_sweep (expansion, per-point
// config resolution, constraints on config values): everything `tessera sweep` does before it
// starts child runs.
//
// load_sweep reads a path, so each input is written to one file in a private temporary folder.
// That folder also holds a copy of the embedded shipped configs (configs/hw, tech, dram, ...),
// laid out as in the source tree with the input at configs/sweeps/fuzz.yaml, so the relative
// paths of the shipped sweeps ("hw: ../hw/edge-npu.yaml") resolve; "@configs/..." names the
// embedded files directly. With no hw:/base: the embedded default run is the base.
//
// Cost limits, so each input stays fast: inputs over 4 KiB are skipped, and so are sweeps whose
// expansion exceeds kMaxPoints points (every point resolves a whole run config).
//
// TESSERA_FUZZ_VERBOSE=1 prints why each input was rejected (replaying a corpus by hand).
//
// Expected outcomes: a plan, or an exception derived from std::exception. Anything else (crash,
// abort, undefined behaviour, leak, hang) is a finding.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>

#include "fuzz/fuzz_scratch.h"
#include "sim/config/embedded_files.h"
#include "sim/sweep/sweep_plan.h"
#include "sim/sweep/sweep_spec.h"

namespace {

constexpr size_t kMaxInput = 4096;
constexpr double kMaxPoints = 64;  // ~10 ms per point under ASan: 64 points stay under a second

std::string g_file;  // <root>/configs/sweeps/fuzz.yaml

void write_file(const std::filesystem::path& p, const char* data, size_t size) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(data, static_cast<std::streamsize>(size));
  if (!out) {
    std::fprintf(stderr, "fuzz_sweep: cannot write %s\n", p.c_str());
    std::abort();
  }
}

// Points plan_sweep would expand to (before constraints), without expanding them.
double expansion(const tessera::SweepSpec& spec) {
  double points = 1;
  for (const auto& b : spec.blocks) {
    double n = 1;
    switch (b.kind) {
      case tessera::AxisBlock::Kind::Grid:
        for (const auto& v : b.values) n *= static_cast<double>(v.size());
        break;
      case tessera::AxisBlock::Kind::Zip:
        n = b.values.empty() ? 0 : static_cast<double>(b.values[0].size());
        break;
      case tessera::AxisBlock::Kind::List:
        n = static_cast<double>(b.values.size());
        break;
      case tessera::AxisBlock::Kind::Random:
        n = static_cast<double>(b.samples);
        break;
    }
    points *= n;
  }
  return points;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const std::string& g_root = tessera_fuzz::make_scratch("sweep");
  for (const std::string& name : tessera::embedded_file_names()) {
    const std::string* text = tessera::find_embedded_file(name);
    write_file(std::filesystem::path(g_root) / name, text->data(), text->size());
  }
  g_file = (std::filesystem::path(g_root) / "configs" / "sweeps" / "fuzz.yaml").string();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > kMaxInput) return 0;
  write_file(g_file, reinterpret_cast<const char*>(data), size);
  try {
    const tessera::SweepSpec spec = tessera::load_sweep(g_file);
    if (expansion(spec) > kMaxPoints) return 0;
    const tessera::SweepPlan plan = tessera::plan_sweep(spec);
    (void)plan;
  } catch (const std::exception& e) {
    // Rejected sweep file: the expected way to fail.
    if (std::getenv("TESSERA_FUZZ_VERBOSE")) std::fprintf(stderr, "rejected: %s\n", e.what());
  }
  return 0;
}
