// Collectives lowered to point-to-point messages by a named algorithm (no SystemC).
//
// A schedule is a list of steps over the participating ranks (positions 0..p-1 of `ranks`).
// In each step some positions send `bytes` to a peer given by a pattern (shift, xor, or an
// explicit list); a receiver may reduce what it got (charged at the node's reduction rate).
// Sizes follow NCCL's conventions: `bytes` of the request is the all-reduce / reduce-scatter
// input per rank, the all-gather output per rank, the all-to-all send buffer per rank, and the
// broadcast buffer.
//
// Steps belong to streams (a bidirectional ring has one per direction, a double tree one per
// tree); streams run concurrently and are independent. Dependencies within a stream (the same
// in every backend):
//  - a send waits for every message its sender received in earlier steps of the stream since its
//    previous send (and the reduction of those that are reduced);
//  - in step-synchronous algorithms (trees, halving-doubling, direct all-to-all) a send also
//    waits for the arrival of the sender's previous message in the stream;
//  - with c chunks, every step is split into c messages that follow each other on the link; chunk
//    j of a step depends only on chunk j of the steps before it (a pipeline).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace tessera {

enum class CollectiveOp : uint8_t {
  AllReduce,
  ReduceScatter,
  AllGather,
  AllToAll,
  Broadcast,
  SendRecv
};
enum class CollectiveAlgorithm : uint8_t {
  Ring,
  BiRing,
  Tree,             // binomial: reduce to the root, then broadcast
  DoubleTree,       // two binary trees, half the data each (NCCL)
  HalvingDoubling,  // Rabenseifner: recursive halving, then recursive doubling (p = 2^k)
  RecursiveDoubling,
  Direct,
  Hierarchical,  // reduce-scatter on dimension 1, all-reduce on dimension 2, all-gather on
                 // dimension 1
};

const char* collective_op_name(CollectiveOp op);
const char* collective_algorithm_name(CollectiveAlgorithm a);
bool parse_collective_op(const std::string& s, CollectiveOp* op);
bool parse_collective_algorithm(const std::string& s, CollectiveAlgorithm* a);

struct CollectiveRequest {
  CollectiveOp op = CollectiveOp::AllReduce;
  CollectiveAlgorithm algorithm = CollectiveAlgorithm::Ring;
  uint64_t bytes = 0;
  std::vector<int32_t> ranks;  // cluster nodes, in ring order
  int32_t root = 0;            // broadcast root, send/recv source (position)
  int32_t peer = 1;            // send/recv destination (position)
  int64_t chunks = 1;
  std::vector<int64_t> dims;  // hierarchical: group sizes per dimension (product = ranks.size())
};

struct CollectiveStep {
  enum class Pattern : uint8_t { Shift, Xor, Pairs };
  Pattern pattern = Pattern::Shift;
  int64_t param = 1;                               // shift distance (may be negative) or xor mask
  std::vector<std::pair<int32_t, int32_t>> pairs;  // Pairs: (from, to) positions
  int64_t stride = 1;  // Shift within groups: positions that differ by stride
  int64_t group = 0;   // Shift within groups of this many members (0: all)
  uint64_t bytes = 0;
  bool reduce = false;
  bool synchronous = false;  // the sender also waits for its previous message to arrive
  int32_t stream = 0;
  // Who takes part (Shift/Xor): every position. The (from, to) list of this step.
  std::vector<std::pair<int32_t, int32_t>> messages(int32_t p) const;
};

struct CollectiveSchedule {
  CollectiveRequest request;
  std::vector<CollectiveStep> steps;  // in order within each stream
  int64_t chunks = 1;
  int32_t streams = 1;
  bool pipelined() const { return chunks > 1; }
};

// Throws std::invalid_argument when the algorithm cannot run the operation on this group (e.g.
// halving-doubling on a non-power-of-two group, hierarchical without dimensions).
CollectiveSchedule build_schedule(const CollectiveRequest& req);

// NCCL's bus bandwidth factor (nccl-tests doc/PERFORMANCE.md).
double busbw_factor(CollectiveOp op, int64_t p);

}  // namespace tessera
