// Collective schedules expanded into individual messages with their dependencies (no SystemC).
// The packet backend runs these; see collective.h for the dependency rules.
#pragma once

#include <cstdint>
#include <vector>

#include "models/network/collective.h"
#include "models/timing/clock.h"

namespace tessera {

struct NetMessage {
  int32_t src = 0, dst = 0;  // cluster nodes
  uint64_t bytes = 0;
  uint64_t reduce_bytes = 0;  // reduced at the destination on arrival
  uint32_t collective = 0;
  uint32_t dep_begin = 0, dep_count = 0;  // messages that must be done (arrived and reduced)
  int32_t after = -1;  // the sender's previous message in its stream: this one is injected after it
};

struct CollectiveInstance {
  CollectiveSchedule schedule;
  SimTime launch = 0;
  uint32_t first_message = 0, messages = 0;
};

struct MessageDag {
  std::vector<NetMessage> messages;
  std::vector<uint32_t> deps;
  std::vector<CollectiveInstance> collectives;
};

// Appends the messages of one collective launched at `launch`.
void append_collective(MessageDag& dag, const CollectiveSchedule& s, SimTime launch);

}  // namespace tessera
