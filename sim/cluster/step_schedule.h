// One training step (or inference batch) of a data x tensor x pipeline parallel job, composed
// from per-stage compute profiles and communication times (no SystemC, no network model: the
// caller supplies a timer).
//
// Per node, compute is one stream: the micro-batch tasks of its stage in schedule order
// (GPipe: all forwards, then all backwards last-in first-out; 1F1B: P - s - 1 warm-up forwards,
// then one forward one backward, then the remaining backwards), then the optimizer.
//  - Tensor-parallel collectives sit inside a task and block it (Megatron: the next layer needs
//    the reduced activations).
//  - Pipeline sends leave on a send stream per direction when a task ends; the receiving stage
//    may start the micro-batch when it arrives. Back-to-back sends queue on the stream.
//  - Data-parallel gradients are packed in production order into buckets of at least
//    `bucket_bytes` (PyTorch DDP); during the backward of the last micro-batch a bucket is
//    all-reduced on a communication stream as soon as its last gradient exists, overlapping the
//    rest of the backward; the optimizer waits for every bucket.
// Every stage's nodes run in lockstep (symmetric ranks), so one timeline per stage suffices.
//
// Exposed communication and bubbles are separated by running the schedule twice, with and
// without communication time: bubble = (step without communication) - (busiest stage's
// compute); exposed communication = step - (step without communication).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "models/network/collective.h"

namespace tessera {

enum class CommGroup : uint8_t { TensorParallel, DataParallel, PipelineForward, PipelineBackward };
const char* comm_group_name(CommGroup g);

struct CommRequest {
  CommGroup group = CommGroup::TensorParallel;
  CollectiveOp op = CollectiveOp::AllReduce;
  uint64_t bytes = 0;
  int32_t stage = 0;  // the stage whose nodes take part (pipeline sends: the sending stage)
  bool operator<(const CommRequest& o) const {
    if (group != o.group) return group < o.group;
    if (op != o.op) return op < o.op;
    if (bytes != o.bytes) return bytes < o.bytes;
    return stage < o.stage;
  }
};
using CommTimer = std::function<double(const CommRequest&)>;

// A piece of a task: compute seconds, then optionally a blocking tensor-parallel collective.
struct Segment {
  double compute_s = 0;
  bool has_collective = false;
  CollectiveOp op = CollectiveOp::AllReduce;
  uint64_t bytes = 0;
  uint64_t gradient_bytes = 0;  // weight gradients complete when this segment's compute ends
};

struct StageProfile {
  std::vector<Segment> forward, backward;  // one micro-batch
  double optimizer_s = 0;
  uint64_t send_forward_bytes = 0;   // activations to the next stage per micro-batch
  uint64_t send_backward_bytes = 0;  // gradients to the previous stage per micro-batch
};

enum class PipelineSchedule : uint8_t { GPipe, OneFOneB };

struct StepOptions {
  int64_t microbatches = 1;
  PipelineSchedule schedule = PipelineSchedule::OneFOneB;
  bool training = true;
  int64_t dp = 1;
  uint64_t bucket_bytes = 25ull << 20;
  bool keep_events = true;
  size_t max_events = 20000;  // communication events kept for the report
};

struct CommEvent {
  CommGroup group;
  CollectiveOp op;
  uint64_t bytes;
  int32_t stage;
  double start_s, end_s;
};

struct TaskInterval {
  int32_t stage;
  bool forward;  // else backward (the optimizer is marked by microbatch -1)
  int32_t microbatch;
  double start_s, end_s;
};

struct StageTimes {
  double compute_s = 0;  // busy computing (forward + backward + optimizer)
  double tp_comm_s = 0;  // blocked in tensor-parallel collectives
  double end_s = 0;
  double forward_s = 0, backward_s = 0, optimizer_s = 0;  // per micro-batch compute
};

struct StepResult {
  double step_s = 0;
  double compute_s = 0;  // the busiest stage's compute
  double no_comm_step_s = 0;
  double exposed_comm_s = 0;
  double bubble_s = 0;
  double bubble_fraction = 0;  // bubble / step without communication
  std::vector<StageTimes> stages;
  std::vector<CommEvent> events;  // in start order (first max_events)
  uint64_t comm_events_total = 0;
  double comm_busy_s[4] = {0, 0, 0, 0};  // per CommGroup: seconds of communication
  uint64_t comm_bytes[4] = {0, 0, 0, 0};
  int64_t dp_buckets = 0;
  std::map<CommRequest, uint64_t> comm_counts;  // how often each distinct communication happened
  std::vector<TaskInterval> tasks;  // every micro-batch task and optimizer of every stage (traces)
};

StepResult schedule_step(const std::vector<StageProfile>& stages, const StepOptions& opts,
                         const CommTimer& timer);

}  // namespace tessera
