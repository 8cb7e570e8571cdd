#include "models/dram/dram_schema.h"

#include "models/dram_bank/bank_dram_config.h"
#include "models/dram_bank/dram_address_map.h"
#include "models/platform/block_registry.h"

namespace tessera {

const std::vector<std::string>& dram_timing_names() {
  static const std::vector<std::string> names = {
      "tRCD",   "tRP",  "tCL", "tCWL",   "tRAS",   "tRC",  "tCCD_S", "tCCD_L", "tRRD_S",
      "tRRD_L", "tFAW", "tWR", "tWTR_S", "tWTR_L", "tRTP", "tRFC",   "tREFI"};
  return names;
}

const Schema<DramSpec>& dram_schema() {
  static const Schema<DramSpec> s = [] {
    Schema<DramSpec> s(
        "dram",
        "Off-chip memory (DRAM or HBM); bank-level parameters usually come from a preset "
        "in configs/dram/ pulled in with include:");
    s.type_key(
         "which registered block models it: simple (bandwidth, latency, queue) or bank (banks, row "
         "buffers, "
         "JEDEC timing, refresh); `tessera describe dram` lists the types and the default "
         "(simulation.dram is "
         "an alias)")
        .text("preset", &DramSpec::preset, kNoDefault,
              "a bank-level preset by name (ddr4-3200, lpddr4x-4266, lpddr5-6400, hbm2e-3200, "
              "hbm3-6400) or a .yaml path; "
              "it replaces the keys an earlier preset brought, keys written here win (so --set and "
              "sweeps can change the memory)")
        .text("technology", &DramSpec::technology, "",
              "memory technology: ddr4, lpddr4x, lpddr5, hbm2e, hbm3")
        .integer("channels", &DramSpec::channels, "1", 1, 4096, "", "independent channels")
        .quantity("bandwidth", &DramSpec::bandwidth, Quantity::Bandwidth, kNoDefault, 0, 1e16,
                  false,
                  "peak bandwidth per channel (simple model; default: clock x 2 x bus_bits / 8)")
        .quantity("latency", &DramSpec::latency_s, Quantity::Time, kNoDefault, 0, 1e-3, false,
                  "unloaded read latency (simple model; default: (tRCD + tCL + burst + "
                  "controller_latency) x tCK)")
        .integer("bus_bits", &DramSpec::bus_bits, "0", 0, 4096, "bits",
                 "data bus width per channel (bank model)")
        .integer("burst_length", &DramSpec::burst_length, "0", 0, 64, "beats",
                 "beats per burst (bank model)")
        .integer("transfers_per_clock", &DramSpec::transfers_per_clock, "2", 1, 16, "beats/tCK",
                 "data beats per command clock: 2 (DDR4, LPDDR4X, HBM2E), 4 (HBM3 at CK), 8 "
                 "(LPDDR5 at CK)")
        .integer("ranks", &DramSpec::ranks, "1", 1, 16, "", "ranks per channel")
        .integer("bank_groups", &DramSpec::bank_groups, "1", 1, 64, "", "bank groups per rank")
        .integer("banks_per_group", &DramSpec::banks_per_group, "1", 1, 64, "",
                 "banks per bank group")
        .integer("rows", &DramSpec::rows, "0", 0, int64_t(1) << 32, "", "rows per bank")
        .bytes("row_size", &DramSpec::row_size, "0B", 0, uint64_t(1) << 24,
               "bytes per row (page) per channel")
        .table("timing", &DramSpec::timing, dram_timing_names(), nullptr, 0, 1e7, kNoDefault,
               "JEDEC timing parameters in tCK cycles: tRCD tRP tCL tCWL tRAS tRC tCCD_S tCCD_L "
               "tRRD_S tRRD_L "
               "tFAW tWR tWTR_S tWTR_L tRTP tRFC tREFI")
        .choice("page_policy", &DramSpec::page_policy, "open",
                {{"open", std::string("open")}, {"closed", std::string("closed")}},
                "open: rows stay open for later hits; closed: precharge after each access without "
                "pending hits")
        .text("mapping", &DramSpec::mapping, "ro-ba-ra-co-bg-ch",
              "address fields, most significant first: ro (row), ba (bank), ra (rank), co "
              "(column), bg (bank group), ch (channel)")
        .integer("controller_latency", &DramSpec::controller_latency, "0", 0, 100000, "cycles",
                 "cycles the memory controller adds to every access (queueing logic, PHY)")
        .integer("queue_depth", &DramSpec::queue_depth, "32", 1, 1 << 20, "requests",
                 "request queue per channel; a full queue back-pressures the DMA")
        .bytes("interleave", &DramSpec::interleave, "256B", 1, kMaxBytes,
               "bytes mapped to one channel before moving to the next")
        .quantity("clock", &DramSpec::clock_hz, Quantity::Frequency, kNoDefault, 0, kMaxClock,
                  false, "controller clock (default: hardware.clock)")
        .check([](const DramSpec& d, const ConfigNode& n, const std::string& path) {
          static const char* known[] = {"ddr4", "lpddr4x", "lpddr5", "hbm2e", "hbm3"};
          bool ok = false;
          for (const char* k : known) ok = ok || d.technology == k;
          if (!ok)
            fail_key(n, path, "technology",
                     "unknown technology '" + d.technology +
                         "' (expected ddr4, lpddr4x, lpddr5, hbm2e or hbm3)");
          if (d.bus_bits > 0 || !d.timing.empty()) {
            // A bank-level description must be complete and consistent.
            for (const auto& name : dram_timing_names())
              if (!d.timing.count(name))
                fail_key(n, path, "timing." + name, "missing timing parameter");
            for (const auto& kv : d.timing)
              if (kv.second != static_cast<double>(static_cast<int64_t>(kv.second)) ||
                  kv.second < 1)
                // At the parameter's own line (a --set override names --set, not the preset).
                fail_key(key_node(n, "timing"), join_key(path, "timing"), kv.first,
                         "must be a whole number of cycles >= 1");
            if (d.bus_bits % 8 || d.bus_bits == 0)
              fail_key(n, path, "bus_bits", "must be a positive multiple of 8");
            if (d.burst_length < 1 || d.burst_length % d.transfers_per_clock)
              fail_key(n, path, "burst_length",
                       "must be a whole number of clocks (a multiple of transfers_per_clock)");
            if (d.rows == 0) fail_key(n, path, "rows", "must be set for the bank model");
            if (d.clock_hz <= 0)
              fail_key(n, path, "clock", "the bank model needs the DRAM clock (tCK)");
            if (d.row_size == 0 || d.row_size % d.burst_bytes())
              fail_key(n, path, "row_size", "must be a whole number of bursts");
            DramTimings t = to_dram_timings(d);
            std::string bad = check_dram_timings(t);
            if (!bad.empty()) {
              // The message starts with the parameter at fault; point at its own line.
              std::string first = bad.substr(0, bad.find(' '));
              const ConfigNode& tn = key_node(n, "timing");
              fail_key(tn, join_key(path, "timing"), first,
                       "timing parameters cannot hold together: " + bad);
            }
            try {
              DramAddressMap map(d.mapping, static_cast<uint32_t>(d.channels),
                                 to_dram_organization(d));
            } catch (const std::invalid_argument& e) {
              fail_key(n, path, "mapping", e.what());
            }
          } else if (d.bandwidth <= 0 || d.latency_s <= 0) {
            fail_at(n, path,
                    "needs bandwidth and latency, or a bank-level preset (include "
                    "configs/dram/*.yaml)");
          }
        });
    return s;
  }();
  return s;
}

namespace {
const SchemaRegistrar kSchema(dram_schema());
const BlockSectionRegistrar kSection({"dram", "off-chip memory", BlockRole::MemoryLevel, 3,
                                      "simple"});
}  // namespace

}  // namespace tessera
