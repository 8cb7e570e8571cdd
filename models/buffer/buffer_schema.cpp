#include "models/buffer/buffer_schema.h"

namespace tessera {

const Schema<BufferSpec>& buffer_schema() {
  static const Schema<BufferSpec> s = [] {
    Schema<BufferSpec> s("buffer", "On-chip SRAM scratchpad");
    s.text("name", &BufferSpec::name, "", "buffer name, used in reports")
        .bytes("size", &BufferSpec::size, "", 1, kMaxBytes, "capacity")
        .integer("banks", &BufferSpec::banks, kFromStruct, 1, 4096, "", "independent banks")
        .bytes("bank_width", &BufferSpec::bank_width, kFromStruct, 1, 1 << 20,
               "bytes per bank per cycle per port")
        .integer("ports", &BufferSpec::ports, kFromStruct, 1, 16, "",
                 "ports; with 2 or more, DMA writes and PE reads do not contend")
        .string_list("holds", &BufferSpec::holds, "",
                     "operands kept here: inputs, weights, outputs")
        .quantity("clock", &BufferSpec::clock_hz, Quantity::Frequency, kNoDefault, 0, kMaxClock,
                  false, "clock of the buffer (default: hardware.clock)")
        .check([](const BufferSpec& b, const ConfigNode& n, const std::string& path) {
          if (b.holds.empty()) fail_key(n, path, "holds", "must name at least one operand");
          for (const auto& h : b.holds)
            if (h != "inputs" && h != "weights" && h != "outputs")
              fail_key(n, path, "holds",
                       "unknown operand '" + h + "' (expected inputs, weights or outputs)");
        });
    return s;
  }();
  return s;
}

namespace {
const SchemaRegistrar kSchema(buffer_schema());
}  // namespace

}  // namespace tessera
