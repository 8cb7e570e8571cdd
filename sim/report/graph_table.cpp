// `tessera graph`: the Graph IR after passes as a table, with totals.
#include <cstdio>
#include <sstream>

#include "sim/report/report.h"

namespace tessera {

namespace {
std::string shape_text(const std::vector<int64_t>& s) {
  std::string t;
  for (size_t i = 0; i < s.size(); ++i) t += (i ? "x" : "") + std::to_string(s[i]);
  return t.empty() ? "scalar" : t;
}
}  // namespace

void print_graph_table(std::ostream& os, const Graph& g, const std::vector<PassRecord>& passes) {
  char line[512];
  std::snprintf(line, sizeof line, "%-5s %-44s %-20s %-12s %-22s %-5s %15s %13s %13s\n", "#",
                "operator", "type", "kind", "output shape", "dtype", "MACs", "weight B",
                "activation B");
  os << "Graph IR of " << g.name << " after passes:\n";
  for (const auto& p : passes) os << "  " << p.name << ": " << p.summary << "\n";
  os << line;
  uint64_t macs = 0, act = 0;
  std::vector<OpId> order = g.topological_order();
  for (size_t i = 0; i < order.size(); ++i) {
    const OpNode& op = g.op(order[i]);
    uint64_t wbytes = 0, abytes = 0;
    for (TensorId t : op.inputs)
      (is_stored_ahead(g.tensor(t).kind) ? wbytes : abytes) += g.tensor(t).bytes();
    for (TensorId t : op.outputs) abytes += g.tensor(t).bytes();
    std::string shape = op.outputs.empty() ? "-" : shape_text(g.tensor(op.outputs[0]).shape);
    std::string name = op.name.size() > 44 ? op.name.substr(0, 41) + "..." : op.name;
    std::snprintf(line, sizeof line, "%-5zu %-44s %-20s %-12s %-22s %-5s %15llu %13llu %13llu\n", i,
                  name.c_str(), op.type.substr(0, 20).c_str(), op_kind_name(op.kind), shape.c_str(),
                  precision_name(op.precision), static_cast<unsigned long long>(op.macs()),
                  static_cast<unsigned long long>(wbytes), static_cast<unsigned long long>(abytes));
    os << line;
    macs += op.macs();
    act += abytes;
  }
  os << "totals: " << order.size() << " operators, " << macs << " MACs, " << g.weight_bytes()
     << " weight bytes (" << g.weight_elements() << " parameters), " << act
     << " activation bytes read and written\n";
  if (!g.skipped_ops.empty()) {
    os << "skipped (--unsupported=skip):";
    for (const auto& s : g.skipped_ops) os << " " << s << ";";
    os << "\n";
  }
}

}  // namespace tessera
