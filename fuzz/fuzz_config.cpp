// libFuzzer target: the bytes are the YAML text of a run file. It goes through the config loader
// (YAML parse, includes, the source-located tree), the DRAM preset step and the run schema, the
// same path `tessera run RUN.yaml` and `tessera validate` take before any simulation.
//
// TESSERA_FUZZ_VERBOSE=1 prints why each input was rejected (replaying a corpus by hand).
//
// Expected outcomes: a parsed RunSpec, or an exception derived from std::exception
// (tessera::ConfigError, InputError, ...). Anything else -- a crash, an abort, undefined
// behaviour, a leak, a hang -- is a finding.
//
// Includes resolve against "fuzz.yaml" in the working directory; "@configs/..." names the
// embedded shipped configs, which is how the seed corpus reaches full hardware descriptions.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "sim/config/config_tree.h"
#include "sim/config/run_config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return 0;  // -max_len keeps inputs far below this; a guard for direct runs
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    tessera::ConfigNode tree = tessera::load_config_text(text, "fuzz.yaml");
    tessera::apply_dram_preset(tree);  // load_run does this between loading and parsing
    tessera::RunSpec spec = tessera::parse_run(tree);
    (void)spec;
    (void)tessera::to_yaml(tree);  // the resolved config written next to every result
  } catch (const std::exception& e) {
    // Rejected input: the expected way to fail.
    if (std::getenv("TESSERA_FUZZ_VERBOSE")) std::fprintf(stderr, "rejected: %s\n", e.what());
  }
  return 0;
}
