#include "models/dram_bank/dram_address_map.h"

#include <sstream>
#include <stdexcept>

namespace tessera {

DramAddressMap::DramAddressMap(const std::string& order, uint32_t channels,
                               const DramOrganization& org) {
  if (org.burst_bytes == 0) throw std::invalid_argument("bytes per burst must be positive");
  burst_bytes_ = org.burst_bytes;
  struct Known {
    const char* name;
    char kind;
    uint64_t count;
  } known[] = {{"ch", 'c', channels},        {"ra", 'r', org.ranks},
               {"bg", 'g', org.bank_groups}, {"ba", 'b', org.banks_per_group},
               {"ro", 'o', org.rows},        {"co", 'l', org.columns}};
  std::vector<std::string> parts;
  std::stringstream ss(order);
  std::string p;
  while (std::getline(ss, p, '-')) parts.push_back(p);
  std::vector<bool> seen(6, false);
  std::vector<Field> msb_first;
  for (const auto& part : parts) {
    bool ok = false;
    for (size_t i = 0; i < 6; ++i) {
      if (part != known[i].name) continue;
      if (seen[i]) throw std::invalid_argument("field '" + part + "' appears twice");
      if (known[i].count == 0)
        throw std::invalid_argument(std::string("field '") + part + "' has no elements");
      seen[i] = true;
      msb_first.push_back(Field{known[i].kind, known[i].count});
      ok = true;
    }
    if (!ok)
      throw std::invalid_argument("unknown field '" + part + "' (use ch, ra, bg, ba, ro, co)");
  }
  for (size_t i = 0; i < 6; ++i)
    if (!seen[i])
      throw std::invalid_argument(std::string("field '") + known[i].name +
                                  "' is missing, so the mapping does not cover the capacity");
  lsb_first_.assign(msb_first.rbegin(), msb_first.rend());
  // Mixed radix: any count works (48 HBM pseudo-channels, say), not only powers of two.
  long double cap = burst_bytes_;
  for (const auto& f : lsb_first_) cap *= static_cast<long double>(f.count);
  if (cap > 9.0e18L) throw std::invalid_argument("address space too large");
  capacity_ = static_cast<uint64_t>(cap);
}

DramLocation DramAddressMap::decode(uint64_t addr) const {
  DramLocation loc;
  uint64_t a = (addr % capacity_) / burst_bytes_;
  for (const auto& f : lsb_first_) {
    uint64_t v = a % f.count;
    a /= f.count;
    switch (f.kind) {
      case 'c':
        loc.channel = static_cast<uint32_t>(v);
        break;
      case 'r':
        loc.req.rank = static_cast<uint32_t>(v);
        break;
      case 'g':
        loc.req.bank_group = static_cast<uint32_t>(v);
        break;
      case 'b':
        loc.req.bank = static_cast<uint32_t>(v);
        break;
      case 'o':
        loc.req.row = v;
        break;
      case 'l':
        loc.req.column = static_cast<uint32_t>(v);
        break;
    }
  }
  return loc;
}

}  // namespace tessera
