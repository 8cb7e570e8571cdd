// What every hardware block of a platform answers, whatever it is (plain C++): the watchdog asks
// what it waits for, the end of the run lets it settle (write back dirty lines, compute averages),
// and the energy model reads the events it counted. Statistics go through the StatRegistry.
#pragma once

#include <string>
#include <vector>

#include "models/energy/energy_model.h"
#include "models/timing/clock.h"

namespace tessera {

class Block {
 public:
  virtual ~Block() = default;
  // Appends one line per thing the block is stuck on (the watchdog found no progress); nothing
  // when it is idle or has nothing to say.
  virtual void describe_blocked(SimTime /*now*/, std::vector<std::string>& /*lines*/) const {}
  // The run ended at `end`.
  virtual void finish(SimTime /*end*/) {}
  // Adds the energy events the block counted.
  virtual void add_energy(EnergyEvents& /*events*/) const {}
};

}  // namespace tessera
