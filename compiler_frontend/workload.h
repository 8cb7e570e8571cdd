// Turns a workload name into Graph IR: a zoo model ("resnet50"), a single layer
// ("gemm:M=512,N=768,K=3072", "conv:H=56,W=56,C=64,K=64,R=3,S=3"), or a model file.
#pragma once

#include <map>
#include <string>

#include "compiler_frontend/graph/graph_ir.h"
#include "compiler_frontend/zoo/zoo.h"

namespace tessera {

struct WorkloadRequest {
  std::string model;
  ZooParams params;
  std::map<std::string, std::vector<int64_t>> input_shapes;  // ONNX: --input-shape overrides
  bool skip_unsupported = false;                             // ONNX: --unsupported=skip
};

// Parses "name=1x3x224x224" into a name and dimensions; throws InputError when malformed.
std::pair<std::string, std::vector<int64_t>> parse_input_shape(const std::string& spec);

Graph load_workload(const WorkloadRequest& req);

// "key=value,key=value" after "kind:"; values keep their text. Throws InputError on malformed text.
std::map<std::string, std::string> parse_spec_args(const std::string& spec,
                                                   const std::string& kind);

Graph build_gemm_layer(const std::string& spec, const ZooParams& p);
Graph build_conv_layer(const std::string& spec, const ZooParams& p);
// gpt:layers=N[,d=768][,heads=12][,positions=1024]: a GPT-style decoder of any depth and width
// (custom model sizes, and graphs of 100,000 operators for scale tests).
Graph build_gpt_spec(const std::string& spec, const ZooParams& p);

}  // namespace tessera
