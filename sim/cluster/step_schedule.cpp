#include "sim/cluster/step_schedule.h"

#include <algorithm>
#include <stdexcept>

namespace tessera {

const char* comm_group_name(CommGroup g) {
  switch (g) {
    case CommGroup::TensorParallel:
      return "tensor_parallel";
    case CommGroup::DataParallel:
      return "data_parallel";
    case CommGroup::PipelineForward:
      return "pipeline_forward";
    case CommGroup::PipelineBackward:
      return "pipeline_backward";
  }
  return "?";
}

namespace {

struct Task {
  bool forward;
  int64_t mb;
};

std::vector<Task> stage_order(int64_t s, int64_t stages, const StepOptions& o) {
  std::vector<Task> t;
  const int64_t m = o.microbatches;
  if (!o.training) {
    for (int64_t i = 0; i < m; ++i) t.push_back({true, i});
    return t;
  }
  if (o.schedule == PipelineSchedule::GPipe) {
    for (int64_t i = 0; i < m; ++i) t.push_back({true, i});
    for (int64_t i = m - 1; i >= 0; --i) t.push_back({false, i});
    return t;
  }
  const int64_t warm = std::min(stages - s - 1, m);
  for (int64_t i = 0; i < warm; ++i) t.push_back({true, i});
  for (int64_t i = 0; i < m; ++i) {
    if (warm + i < m) t.push_back({true, warm + i});
    t.push_back({false, i});
  }
  return t;
}

class Engine {
 public:
  Engine(const std::vector<StageProfile>& st, const StepOptions& o, const CommTimer& timer,
         bool comm)
      : st_(st), o_(o), timer_(timer), comm_(comm) {}

  StepResult run() {
    const size_t P = st_.size();
    const int64_t m = o_.microbatches;
    r_.stages.assign(P, StageTimes{});
    std::vector<std::vector<Task>> order(P);
    for (size_t s = 0; s < P; ++s)
      order[s] = stage_order(static_cast<int64_t>(s), static_cast<int64_t>(P), o_);
    const double unknown = -1;
    std::vector<std::vector<double>> ready_f(P,
                                             std::vector<double>(static_cast<size_t>(m), unknown));
    std::vector<std::vector<double>> ready_b(P,
                                             std::vector<double>(static_cast<size_t>(m), unknown));
    for (int64_t i = 0; i < m; ++i) ready_f[0][static_cast<size_t>(i)] = 0;
    for (int64_t i = 0; i < m; ++i) ready_b[P - 1][static_cast<size_t>(i)] = 0;
    std::vector<size_t> next(P, 0);
    std::vector<double> free(P, 0), send_f(P, 0), send_b(P, 0), last_start(P, 0);
    size_t left = 0;
    for (auto& o : order) left += o.size();
    while (left > 0) {
      bool progress = false;
      for (size_t s = 0; s < P; ++s) {
        while (next[s] < order[s].size()) {
          const Task t = order[s][next[s]];
          double ready = (t.forward ? ready_f : ready_b)[s][static_cast<size_t>(t.mb)];
          if (ready < 0) break;
          double start = std::max(free[s], ready);
          double end = run_task(s, t.forward, start);
          if (comm_)
            r_.tasks.push_back(
                {static_cast<int32_t>(s), t.forward, static_cast<int32_t>(t.mb), start, end});
          last_start[s] = start;
          free[s] = end;
          ++next[s];
          --left;
          progress = true;
          if (t.forward && s + 1 < P) {
            ready_f[s + 1][static_cast<size_t>(t.mb)] =
                send(send_f[s], end, CommGroup::PipelineForward, st_[s].send_forward_bytes, s);
          } else if (!t.forward && s > 0) {
            ready_b[s - 1][static_cast<size_t>(t.mb)] =
                send(send_b[s], end, CommGroup::PipelineBackward, st_[s].send_backward_bytes, s);
          }
        }
      }
      if (!progress) throw std::logic_error("pipeline schedule has a dependency cycle");
    }
    for (size_t s = 0; s < P; ++s) {
      StageTimes& T = r_.stages[s];
      const StageProfile& S = st_[s];
      double after = free[s];
      if (o_.training) {
        if (o_.dp > 1) after = std::max(after, all_reduce_gradients(s, last_start[s]));
        if (comm_ && S.optimizer_s > 0)
          r_.tasks.push_back({static_cast<int32_t>(s), false, -1, after, after + S.optimizer_s});
        after += S.optimizer_s;
      }
      T.end_s = after;
      T.optimizer_s = o_.training ? S.optimizer_s : 0;
      T.compute_s =
          static_cast<double>(m) * (T.forward_s + (o_.training ? T.backward_s : 0)) + T.optimizer_s;
      r_.step_s = std::max(r_.step_s, T.end_s);
      r_.compute_s = std::max(r_.compute_s, T.compute_s);
    }
    std::stable_sort(r_.events.begin(), r_.events.end(),
                     [](const CommEvent& a, const CommEvent& b) { return a.start_s < b.start_s; });
    return std::move(r_);
  }

 private:
  double time_of(CommGroup g, CollectiveOp op, uint64_t bytes, size_t stage) {
    if (!comm_ || bytes == 0) return 0;
    CommRequest q{g, op, bytes, static_cast<int32_t>(stage)};
    return timer_(q);
  }

  void record(CommGroup g, CollectiveOp op, uint64_t bytes, size_t stage, double start,
              double end) {
    if (!comm_) return;
    ++r_.comm_events_total;
    ++r_.comm_counts[CommRequest{g, op, bytes, static_cast<int32_t>(stage)}];
    r_.comm_busy_s[static_cast<int>(g)] += end - start;
    r_.comm_bytes[static_cast<int>(g)] += bytes;
    if (o_.keep_events && r_.events.size() < o_.max_events)
      r_.events.push_back(CommEvent{g, op, bytes, static_cast<int32_t>(stage), start, end});
  }

  // Runs one micro-batch task from `start`; returns its end. Records per-micro-batch compute.
  double run_task(size_t s, bool forward, double start) {
    const std::vector<Segment>& segs = forward ? st_[s].forward : st_[s].backward;
    double t = start, compute = 0, blocked = 0;
    for (const Segment& g : segs) {
      t += g.compute_s;
      compute += g.compute_s;
      if (g.has_collective) {
        double d = time_of(CommGroup::TensorParallel, g.op, g.bytes, s);
        record(CommGroup::TensorParallel, g.op, g.bytes, s, t, t + d);
        t += d;
        blocked += d;
      }
    }
    StageTimes& T = r_.stages[s];
    (forward ? T.forward_s : T.backward_s) = compute;
    T.tp_comm_s += blocked;
    return t;
  }

  double send(double& stream_free, double ready, CommGroup g, uint64_t bytes, size_t s) {
    double d = time_of(g, CollectiveOp::SendRecv, bytes, s);
    if (d == 0) return ready;
    double start = std::max(stream_free, ready);
    stream_free = start + d;
    record(g, CollectiveOp::SendRecv, bytes, s, start, stream_free);
    return stream_free;
  }

  // Buckets of the last backward (started at `start`); returns when the last all-reduce ends.
  double all_reduce_gradients(size_t s, double start) {
    double t = start, stream = 0;
    uint64_t bucket = 0;
    const std::vector<Segment>& segs = st_[s].backward;
    uint64_t total = 0;
    for (const Segment& g : segs) total += g.gradient_bytes;
    uint64_t seen = 0;
    for (const Segment& g : segs) {
      t += g.compute_s;
      if (g.gradient_bytes > 0) {
        bucket += g.gradient_bytes;
        seen += g.gradient_bytes;
        if (bucket >= o_.bucket_bytes || seen == total) {
          double d = time_of(CommGroup::DataParallel, CollectiveOp::AllReduce, bucket, s);
          double begin = std::max(stream, t);
          stream = begin + d;
          record(CommGroup::DataParallel, CollectiveOp::AllReduce, bucket, s, begin, stream);
          if (comm_) ++r_.dp_buckets;
          bucket = 0;
        }
      }
      if (g.has_collective) t += time_of(CommGroup::TensorParallel, g.op, g.bytes, s);
    }
    return stream;
  }

  const std::vector<StageProfile>& st_;
  const StepOptions& o_;
  const CommTimer& timer_;
  bool comm_;
  StepResult r_;
};

}  // namespace

StepResult schedule_step(const std::vector<StageProfile>& stages, const StepOptions& opts,
                         const CommTimer& timer) {
  if (stages.empty()) throw std::invalid_argument("schedule_step: no stages");
  if (opts.microbatches < 1)
    throw std::invalid_argument("schedule_step: microbatches must be at least 1");
  StepResult base = Engine(stages, opts, timer, false).run();
  StepResult r = Engine(stages, opts, timer, true).run();
  r.no_comm_step_s = base.step_s;
  r.exposed_comm_s = std::max(0.0, r.step_s - base.step_s);
  r.bubble_s = std::max(0.0, base.step_s - base.compute_s);
  // The step and the compute time are the same segment times summed in different orders: a
  // difference of a few rounding errors is no bubble.
  if (r.bubble_s <= 1e-12 * base.step_s) r.bubble_s = 0;
  r.bubble_fraction = base.step_s > 0 ? r.bubble_s / base.step_s : 0;
  return r;
}

}  // namespace tessera
