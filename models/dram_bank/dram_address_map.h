// Address mapping of the bank-level DRAM: splits a physical address into channel, rank, bank
// group, bank, row and column fields. The order is given most significant first, e.g.
// "ro-ba-ra-co-bg-ch": channel bits lowest (consecutive bursts spread over channels), then bank
// groups (consecutive bursts of a channel alternate groups, avoiding tCCD_L), then columns.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/dram_bank/bank_dram_timing.h"

namespace tessera {

struct DramLocation {
  uint32_t channel = 0;
  DramRequest req;  // rank, bank group, bank, row, column filled in
};

class DramAddressMap {
 public:
  // Throws std::invalid_argument with a reason when the mapping is malformed. Fields are mixed
  // radix, so counts need not be powers of two.
  DramAddressMap(const std::string& order, uint32_t channels, const DramOrganization& org);
  DramLocation decode(uint64_t addr) const;
  uint64_t capacity() const { return capacity_; }  // bytes the mapping covers

 private:
  struct Field {
    char kind;  // c(hannel) r(ank) g(roup) b(ank) o(row) l(column)
    uint64_t count;
  };
  std::vector<Field> lsb_first_;
  uint64_t burst_bytes_ = 1;
  uint64_t capacity_ = 0;
};

}  // namespace tessera
