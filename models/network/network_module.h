// SystemC shell of the packet-level network (models/network/packet_network.h): one thread that
// sleeps until the timing core's next event and lets it process everything due at that time.
// The kernel sees one wake-up per distinct event time, not one per packet or per cycle.
#pragma once

#include <chrono>
#include <string>
#include <systemc>

#include "models/network/packet_network.h"

namespace tessera {

class NetworkModule : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(NetworkModule);
  // max_wall_s > 0: stop the kernel when the wall-clock time runs out (see wall_limit_hit()).
  NetworkModule(
      sc_core::sc_module_name name, PacketNetwork& net, double max_wall_s = 0,
      std::chrono::steady_clock::time_point wall_start = std::chrono::steady_clock::now());

  bool finished() const { return finished_; }
  uint64_t wakeups() const { return wakeups_; }
  const std::string& error() const { return error_; }  // non-empty: the network deadlocked
  bool wall_limit_hit() const { return wall_limit_hit_; }

 private:
  void run();

  PacketNetwork& net_;
  bool finished_ = false;
  uint64_t wakeups_ = 0;
  std::string error_;
  double max_wall_s_;
  std::chrono::steady_clock::time_point wall_start_;
  bool wall_limit_hit_ = false;
};

}  // namespace tessera
