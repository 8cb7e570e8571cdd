#include "models/pe_array/pe_array_schema.h"

#include "models/platform/block_registry.h"
#include "models/spec/precision.h"

namespace tessera {

const Schema<PeArraySpec>& pe_array_schema() {
  static const Schema<PeArraySpec> s = [] {
    Schema<PeArraySpec> s("pe_array", "Systolic array of processing elements (MAC units)");
    s.type_key(
         "which registered block models it; `tessera describe pe_array` lists the types and the "
         "default")
        .integer("rows", &PeArraySpec::rows, "", 1, 1 << 16, "PEs", "rows of PEs")
        .integer("cols", &PeArraySpec::cols, "", 1, 1 << 16, "PEs", "columns of PEs")
        .integer("arrays", &PeArraySpec::arrays, "1", 1, 1024, "", "independent PE arrays per core")
        .choice("dataflow", &PeArraySpec::dataflow, "ws",
                {{"os", Dataflow::OS},
                 {"ws", Dataflow::WS},
                 {"is", Dataflow::IS},
                 {"auto", Dataflow::Auto}},
                "output-, weight- or input-stationary; auto lets the mapper choose per layer")
        .quantity("clock", &PeArraySpec::clock_hz, Quantity::Frequency, kNoDefault, 0, kMaxClock,
                  false, "clock of the array (default: hardware.clock)")
        .text("native_precision", &PeArraySpec::native_precision, "int8",
              "precision used when workload.precision is 'native'")
        .table("macs_per_cycle", &PeArraySpec::macs_per_cycle, precision_names(), nullptr, 1.0 / 64,
               64, "",
               "MACs per PE per cycle for each supported precision; a precision not listed is "
               "unsupported "
               "(values above 1 pack several reduction elements per PE, below 1 take several "
               "cycles per MAC)")
        .choice("weight_preload", &PeArraySpec::weight_preload, "serial",
                {{"serial", WeightPreload::Serial}, {"overlapped", WeightPreload::Overlapped}},
                "serial: each fold preloads its stationary operand after the previous fold drains "
                "(SCALE-Sim); overlapped: preload hidden by double-buffered PE registers")
        .choice(
            "cycle_count", &PeArraySpec::cycle_count, "scalesim",
            {{"scalesim", CycleCount::Scalesim}, {"exact", CycleCount::Exact}},
            "scalesim: report compute_cycles as SCALE-Sim v2 does (last cycle index, count - 1)")
        .flag("zero_skipping", &PeArraySpec::zero_skipping, "false",
              "PEs skip MACs with a zero operand (unstructured sparsity pays off)")
        .flag("structured_sparsity", &PeArraySpec::structured_sparsity, "false",
              "array supports 2:4 structured sparsity (halves MACs of 2:4-pruned layers)")
        .real("efficiency", &PeArraySpec::efficiency, "1.0", 0.01, 1.0, "",
              "sustained fraction of the ideal fold rate (instruction issue, register-file and "
              "operand-network stalls inside the core that the fold model does not see)")
        .check([](const PeArraySpec& p, const ConfigNode& n, const std::string& path) {
          if (p.macs_per_cycle.empty())
            fail_key(n, path, "macs_per_cycle", "must list at least one precision");
          if (!p.macs_per_cycle.count(p.native_precision))
            fail_key(n, path, "native_precision",
                     "'" + p.native_precision + "' is not listed in macs_per_cycle");
          for (const auto& kv : p.macs_per_cycle) {
            double v = kv.second;
            bool whole = v >= 1 && v == static_cast<double>(static_cast<int64_t>(v));
            bool reciprocal =
                v < 1 && 1.0 / v == static_cast<double>(static_cast<int64_t>(1.0 / v));
            if (!whole && !reciprocal)
              fail_key(n, path, "macs_per_cycle." + kv.first,
                       "must be a whole number or 1/n (e.g. 2, 1, 0.5, 0.25)");
          }
        });
    return s;
  }();
  return s;
}

namespace {
const SchemaRegistrar kSchema(pe_array_schema());
const BlockSectionRegistrar kSection({"pe_array", "the PE arrays of every core",
                                      BlockRole::CoreUnit, 1, "systolic"});
const BlockTypeRegistrar kType("pe_array", "systolic",
                               "systolic arrays under a dataflow (SCALE-Sim v2 fold model)");
}  // namespace

}  // namespace tessera
