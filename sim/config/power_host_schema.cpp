// Schemas of the chip's power management, host and runtime sections, and the technology
// section's node-name shorthand.
#include <algorithm>

#include "sim/config/config_tree.h"
#include "sim/config/embedded_files.h"
#include "sim/config/hardware_schema.h"

namespace tessera {

namespace {

const Schema<VfPoint>& vf_point_schema() {
  static const Schema<VfPoint> s = [] {
    Schema<VfPoint> s("vf_point", "One operating point: a clock and the supply it needs");
    s.quantity("frequency", &VfPoint::frequency_hz, Quantity::Frequency, "", 0, 1e12, false,
               "clock")
        .quantity("voltage", &VfPoint::voltage, Quantity::Voltage, "", 0, 5, false,
                  "supply voltage");
    return s;
  }();
  return s;
}

}  // namespace

const Schema<PowerSpec>& power_schema() {
  static const Schema<PowerSpec> s = [] {
    Schema<PowerSpec> s("power",
                        "Power cap (TDP) and the voltage-frequency table the chip throttles along");
    s.quantity("tdp", &PowerSpec::tdp_w, Quantity::Power, "0W", 0, 1e6, true,
               "thermal design power: no window of the run may average more (0W: no cap)")
        .quantity("window", &PowerSpec::window_s, Quantity::Time, "0s", 0, 1e3, true,
                  "averaging window of the power time series and of the cap (0s: the run / 200, at "
                  "least 1 us)")
        .list("vf_table", &PowerSpec::vf_table, vf_point_schema(), "[]",
              "operating points in increasing frequency; the chip runs at hardware.clock unless "
              "capped")
        .quantity("nominal_voltage", &PowerSpec::nominal_voltage, Quantity::Voltage, "0V", 0, 5,
                  true, "supply at hardware.clock (0V: the technology's nominal voltage)")
        .check([](const PowerSpec& p, const ConfigNode& n, const std::string& path) {
          for (size_t i = 1; i < p.vf_table.size(); ++i)
            if (p.vf_table[i].frequency_hz <= p.vf_table[i - 1].frequency_hz ||
                p.vf_table[i].voltage < p.vf_table[i - 1].voltage)
              fail_key(n, path, "vf_table",
                       "not monotonic: point " + std::to_string(i) +
                           " must have a higher frequency and no lower voltage than point " +
                           std::to_string(i - 1));
        });
    return s;
  }();
  return s;
}

const Schema<HostSpec>& host_schema() {
  static const Schema<HostSpec> s = [] {
    Schema<HostSpec> s("host", "The host that prepares inputs and sends them to the device");
    s.quantity("link_bandwidth", &HostSpec::link_bandwidth, Quantity::Bandwidth, "", 0, 1e15, false,
               "host-to-device bandwidth (PCIe Gen4 x16 about 25GB/s usable, Gen5 about 50GB/s)")
        .quantity("link_latency", &HostSpec::link_latency_s, Quantity::Time, "1us", 0, 1, true,
                  "per transfer")
        .real("preprocess_rate", &HostSpec::preprocess_rate, "0", 0, 1e12, "samples/s",
              "samples per second the host decodes and prepares (0: unlimited)")
        .bytes("bytes_per_sample", &HostSpec::bytes_per_sample, "0B", 0, uint64_t(1) << 40,
               "input bytes per sample (0: the model's input tensors)")
        .choice("link", &HostSpec::link, "pcie",
                {{"pcie", std::string("pcie")},
                 {"serdes", std::string("serdes")},
                 {"nvlink", std::string("nvlink")}},
                "energy class of the link (technology.link_energy_per_bit)");
    return s;
  }();
  return s;
}

const Schema<RuntimeSpec>& runtime_schema() {
  static const Schema<RuntimeSpec> s = [] {
    Schema<RuntimeSpec> s("runtime", "How operators are issued to the device");
    s.choice("mode", &RuntimeSpec::mode, "aot",
             {{"aot", std::string("aot")}, {"jit", std::string("jit")}},
             "aot: one compiled program; jit: the host dispatches each operator (eager frameworks)")
        .quantity("dispatch_overhead", &RuntimeSpec::dispatch_overhead_s, Quantity::Time, "10us", 0,
                  1, true, "jit: host time to dispatch one operator (PyTorch eager: about 5-20 us)")
        .quantity("kernel_overhead", &RuntimeSpec::kernel_overhead_s, Quantity::Time, "0s", 0, 1,
                  true,
                  "device time to launch and retire one operator (GPU kernels: 2-3 us); when set, "
                  "operators "
                  "run one after another as on a GPU stream");
    return s;
  }();
  return s;
}

void parse_technology(TechSpec& t, ConfigNode& n, const std::string& path) {
  if (!n.is_scalar()) {
    t = tech_schema().parse(n, path);
    return;
  }
  const std::string node = require_scalar(n, path);
  const std::string file = "configs/tech/" + node + ".yaml";
  if (!find_embedded_file(file)) {
    std::string known;
    for (const std::string& f : embedded_file_names())
      if (f.rfind("configs/tech/", 0) == 0)
        known += (known.empty() ? "" : ", ") + f.substr(13, f.size() - 18);
    fail_at(n, path, "no technology table for node '" + node + "' (shipped: " + known + ")");
  }
  ConfigNode table = load_config_file("@" + file);
  ConfigNode* section = table.find("technology");
  if (!section) fail_at(n, path, file + " has no technology section");
  t = tech_schema().parse(*section, path);
}

}  // namespace tessera
