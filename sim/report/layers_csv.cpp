#include <cstdio>
#include <sstream>

#include "sim/report/report.h"

namespace tessera {

namespace {
// Layer names come from models and ONNX files: quote them so commas cannot split a row.
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}
std::string num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}
}  // namespace

std::string layers_csv(const RunResult& r) {
  std::ostringstream os;
  os << "index,name,op,kind,precision,macs,compute_cycles,cycles,start_cycle,end_cycle,latency_s,"
        "dataflow,"
        "tile_m,tile_n,tile_k,dram_bytes,min_dram_bytes,utilization,bound,energy_j,dram_read_bytes,"
        "dram_write_bytes,l2_bytes\n";
  for (size_t i = 0; i < r.program.layers.size(); ++i) {
    const LayerPlan& p = r.program.layers[i];
    const LayerResult& l = r.layers[i];
    os << i << ',' << csv_field(p.name) << ',' << csv_field(p.op_type) << ',' << p.kind << ','
       << precision_name(p.precision) << ',' << p.macs << ',' << p.compute_cycles << ',' << l.cycles
       << ',' << static_cast<uint64_t>(fs_to_seconds(l.start) * r.clock_hz + 0.5) << ','
       << static_cast<uint64_t>(fs_to_seconds(l.end) * r.clock_hz + 0.5) << ','
       << num(fs_to_seconds(l.end - l.start)) << ',' << p.dataflow << ',' << p.tile_m << ','
       << p.tile_n << ',' << p.tile_k << ',' << l.dram_bytes() << ',' << p.min_dram_bytes << ','
       << num(l.utilization) << ',' << l.bound << ',' << num(l.energy_j) << ',' << l.dram_read_bytes
       << ',' << l.dram_write_bytes << ',' << l.l2_bytes << '\n';
  }
  return os.str();
}

}  // namespace tessera
