// A private scratch folder for fuzz targets whose code under test reads paths, not bytes
// (the ONNX importer, the sweep loader): created once per fuzzer process, removed at exit.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace tessera_fuzz {

inline std::string& scratch_root() {
  static std::string root;
  return root;
}

inline void remove_scratch() {
  std::error_code ec;
  if (!scratch_root().empty()) std::filesystem::remove_all(scratch_root(), ec);
}

// Makes $TMPDIR/tessera-fuzz-TARGET-XXXXXX (aborts when it cannot: the fuzzer cannot run).
inline const std::string& make_scratch(const std::string& target) {
  const char* tmp = std::getenv("TMPDIR");
  std::string tmpl =
      std::string(tmp && *tmp ? tmp : "/tmp") + "/tessera-fuzz-" + target + "-XXXXXX";
  if (!mkdtemp(tmpl.data())) {
    std::perror(("fuzz_" + target + ": mkdtemp").c_str());
    std::abort();
  }
  scratch_root() = tmpl;
  std::atexit(remove_scratch);
  return scratch_root();
}

}  // namespace tessera_fuzz
