// Single-layer workloads for quick experiments and for comparisons with SCALE-Sim:
//   gemm:M=512,N=768,K=3072[,B=batch]
//   conv:N=1,H=56,W=56,C=64,K=64,R=3,S=3,stride=1,pad=1,groups=1
//   gpt:layers=24,d=1024,heads=16,positions=1024
#include <cerrno>
#include <cstdlib>
#include <set>

#include "compiler_frontend/workload.h"
#include "compiler_frontend/zoo/graph_builder.h"
#include "compiler_frontend/zoo/zoo.h"
#include "models/spec/errors.h"

namespace tessera {

std::map<std::string, std::string> parse_spec_args(const std::string& spec,
                                                   const std::string& kind) {
  std::map<std::string, std::string> args;
  size_t colon = spec.find(':');
  std::string body = colon == std::string::npos ? "" : spec.substr(colon + 1);
  size_t pos = 0;
  while (pos <= body.size() && !body.empty()) {
    size_t comma = body.find(',', pos);
    std::string item =
        body.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    size_t eq = item.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == item.size())
      throw InputError("workload '" + spec + "': expected key=value in '" + item + "' (" + kind +
                       ")");
    std::string key = item.substr(0, eq);
    if (args.count(key)) throw InputError("workload '" + spec + "': key '" + key + "' given twice");
    args[key] = item.substr(eq + 1);
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  return args;
}

namespace {

int64_t take_int(std::map<std::string, std::string>& args, const std::string& spec,
                 const std::string& key, int64_t def, bool required, int64_t lo) {
  auto it = args.find(key);
  if (it == args.end()) {
    if (required) throw InputError("workload '" + spec + "': missing " + key + "=");
    return def;
  }
  errno = 0;
  char* end = nullptr;
  long long v = std::strtoll(it->second.c_str(), &end, 10);
  if (end == it->second.c_str() || *end || errno == ERANGE || v < lo || v > (int64_t(1) << 40))
    throw InputError("workload '" + spec + "': " + key + "=" + it->second +
                     " must be a whole number >= " + std::to_string(lo));
  args.erase(it);
  return v;
}

void reject_rest(const std::map<std::string, std::string>& args, const std::string& spec,
                 const char* allowed) {
  if (!args.empty())
    throw InputError("workload '" + spec + "': unknown key '" + args.begin()->first +
                     "' (allowed: " + allowed + ")");
}

}  // namespace

Graph build_gemm_layer(const std::string& spec, const ZooParams& p) {
  auto args = parse_spec_args(spec, "gemm:M=..,N=..,K=..");
  int64_t m = take_int(args, spec, "M", 0, true, 1);
  int64_t n = take_int(args, spec, "N", 0, true, 1);
  int64_t k = take_int(args, spec, "K", 0, true, 1);
  int64_t batch = take_int(args, spec, "B", p.batch, false, 1);
  reject_rest(args, spec, "M, N, K, B");
  GraphBuilder b("gemm_M" + std::to_string(m) + "_N" + std::to_string(n) + "_K" + std::to_string(k),
                 batch, p.precision);
  TensorId a = b.input("A", {batch, m, k});
  TensorId w = b.weight("B", {k, n});
  // B inputs sharing the weights form one (B*M) x K by K x N product.
  b.linear_with(a, "gemm", w, n);
  return b.finish();
}

Graph build_conv_layer(const std::string& spec, const ZooParams& p) {
  auto args = parse_spec_args(spec, "conv:H=..,W=..,C=..,K=..,R=..,S=..");
  int64_t n = take_int(args, spec, "N", p.batch, false, 1);
  int64_t h = take_int(args, spec, "H", 0, true, 1);
  int64_t w = take_int(args, spec, "W", 0, true, 1);
  int64_t c = take_int(args, spec, "C", 0, true, 1);
  int64_t k = take_int(args, spec, "K", 0, true, 1);
  int64_t r = take_int(args, spec, "R", 0, true, 1);
  int64_t s = take_int(args, spec, "S", r, false, 1);
  int64_t stride = take_int(args, spec, "stride", 1, false, 1);
  int64_t pad = take_int(args, spec, "pad", 0, false, 0);
  int64_t groups = take_int(args, spec, "groups", 1, false, 1);
  reject_rest(args, spec, "N, H, W, C, K, R, S, stride, pad, groups");
  if (c % groups || k % groups)
    throw InputError("workload '" + spec + "': C and K must be divisible by groups");
  if (h + 2 * pad < r || w + 2 * pad < s)
    throw InputError("workload '" + spec + "': kernel larger than padded input");
  GraphBuilder b("conv", n, p.precision);
  TensorId x = b.input("input", {n, c, h, w});
  // Rectangular kernels: build with R, then widen to S.
  TensorId y = b.conv(x, "conv", k, r, stride, pad, groups);
  Graph g = b.finish();
  OpNode& op = g.op(0);
  op.conv.s = s;
  g.tensor(op.inputs[1]).shape = {k, c / groups, r, s};
  g.tensor(y).shape = {n, k, op.conv.out_h(), op.conv.out_w()};
  return g;
}

Graph build_gpt_spec(const std::string& spec, const ZooParams& p) {
  auto args = parse_spec_args(spec, "gpt:layers=..,d=..,heads=..,positions=..");
  const int64_t layers = take_int(args, spec, "layers", 0, true, 1);
  const int64_t d = take_int(args, spec, "d", 768, false, 1);
  const int64_t heads = take_int(args, spec, "heads", 12, false, 1);
  const int64_t positions = take_int(args, spec, "positions", 1024, false, 1);
  reject_rest(args, spec, "layers, d, heads, positions");
  if (d % heads) throw InputError("workload '" + spec + "': d must be divisible by heads");
  if (layers > 1000000) throw InputError("workload '" + spec + "': at most 1000000 layers");
  const std::string name = "gpt_L" + std::to_string(layers) + "_d" + std::to_string(d);
  return build_gpt(p, name.c_str(), static_cast<int>(layers), d, heads, positions);
}

}  // namespace tessera
