// libFuzzer target: the bytes are an ONNX model file. It goes through tessera::import_onnx
// (protobuf parse, initializers, graph inputs, topological order, shape rules, constant folding,
// Graph IR emission), as `tessera run --model file.onnx` does before lowering. An input that the
// importer rejects because of an unsupported operator is imported again with
// skip_unsupported (--unsupported=skip), which also reaches ONNX's own shape inference.
//
// import_onnx reads a path, so each input is written to one file in a private temporary folder.
//
// TESSERA_FUZZ_VERBOSE=1 prints why each input was rejected (replaying a corpus by hand).
//
// Expected outcomes: a Graph, or an exception derived from std::exception (tessera::InputError,
// ...). Anything else (crash, abort, undefined behaviour, leak, hang) is a finding.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "compiler_frontend/onnx/onnx_importer.h"
#include "fuzz/fuzz_scratch.h"

namespace {

std::string g_file;  // <root>/fuzz.onnx

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const std::string& g_root = tessera_fuzz::make_scratch("onnx");
  g_file = g_root + "/fuzz.onnx";
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 1024 * 1024) return 0;
  {
    std::ofstream out(g_file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    if (!out) {
      std::fprintf(stderr, "fuzz_onnx: cannot write %s\n", g_file.c_str());
      std::abort();
    }
  }
  tessera::OnnxImportOptions opts;
  std::vector<std::string> skipped;
  try {
    (void)tessera::import_onnx(g_file, opts, &skipped);
    return 0;
  } catch (const std::exception& e) {
    if (std::getenv("TESSERA_FUZZ_VERBOSE")) std::fprintf(stderr, "rejected: %s\n", e.what());
    if (std::string(e.what()).find("is not supported") == std::string::npos) return 0;
  }
  opts.skip_unsupported = true;
  try {
    (void)tessera::import_onnx(g_file, opts, &skipped);
  } catch (const std::exception& e) {
    if (std::getenv("TESSERA_FUZZ_VERBOSE"))
      std::fprintf(stderr, "rejected (skip unsupported): %s\n", e.what());
  }
  return 0;
}
