// The built-in model zoo: networks defined in C++ so the default run needs no files.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "compiler_frontend/graph/graph_ir.h"

namespace tessera {

struct ZooParams {
  int64_t batch = 1;
  int64_t seq_len = 128;  // transformers: tokens per sequence (prefill length for GPT-2)
  Precision precision = Precision::FP32;
};

struct ZooModel {
  std::string name;
  std::string description;
  std::string reference;  // where the published MAC/parameter figures come from
  std::function<Graph(const ZooParams&)> build;
};

const std::vector<ZooModel>& model_zoo();
const ZooModel* find_zoo_model(const std::string& name);

// Builders (one file per family).
Graph build_resnet(const ZooParams& p, int depth);
Graph build_mobilenet_v2(const ZooParams& p);
Graph build_vgg16(const ZooParams& p);
Graph build_bert_base(const ZooParams& p);
Graph build_gpt2_small(const ZooParams& p);
Graph build_gpt3(const ZooParams& p);
// A GPT-style decoder of any size (the gpt: workload): `layers` blocks of width d.
Graph build_gpt(const ZooParams& p, const char* name, int layers, int64_t d, int64_t heads,
                int64_t positions);
Graph build_vit_b_16(const ZooParams& p);

}  // namespace tessera
