#include "sim/cluster/cluster_run.h"

#include <algorithm>
#include <map>
#include <set>
#include <systemc>

#include "compiler_frontend/lowering/lowering.h"
#include "compiler_frontend/passes/passes.h"
#include "models/network/message_dag.h"
#include "models/network/network_module.h"
#include "models/network/packet_network.h"
#include "models/platform/run_kernel.h"
#include "models/spec/errors.h"
#include "sim/cluster/cluster_network.h"
#include "sim/cluster/cluster_trace.h"
#include "sim/cluster/collective_workload.h"
#include "sim/run/memory_estimate.h"
#include "sim/run/run_incomplete.h"
#include "sim/run/run_pipeline.h"

namespace tessera {

namespace {

CollectiveSchedule schedule_or_error(const CollectiveRequest& req, const std::string& what) {
  try {
    return build_schedule(req);
  } catch (const std::invalid_argument& e) {
    throw InputError(what + ": " + e.what());
  }
}

void add_traffic(std::vector<LinkTraffic>& acc,
                 const std::vector<std::pair<int32_t, LinkTraffic>>& t, double times) {
  for (const auto& [link, x] : t) {
    LinkTraffic& a = acc[static_cast<size_t>(link)];
    a.bytes += x.bytes * times;
    a.busy_s += x.busy_s * times;
    a.stall_s += x.stall_s * times;
    a.queue_integral += x.queue_integral * times;
    a.peak_queue = std::max(a.peak_queue, x.peak_queue);
  }
}

// Energy of the bytes every link carried, by its kind (SerDes, NVLink-class, PCIe).
double network_energy(const Topology& topo, const std::vector<LinkTraffic>& acc,
                      const TechSpec& tech) {
  double j = 0;
  for (size_t l = 0; l < acc.size(); ++l) {
    auto it = tech.link_energy_per_bit.find(topo.links()[l].kind);
    if (it != tech.link_energy_per_bit.end()) j += acc[l].bytes * 8 * it->second;
  }
  return j;
}

void fill_links(ClusterResult& cr, const Topology& topo, const std::vector<LinkTraffic>& acc) {
  cr.link_count = topo.links().size();
  for (size_t l = 0; l < acc.size(); ++l) {
    const LinkTraffic& a = acc[l];
    if (a.bytes <= 0) continue;
    LinkRecord r;
    r.name = topo.links()[l].name;
    r.bytes = a.bytes;
    r.busy_s = a.busy_s;
    r.utilization = cr.latency_s > 0 ? a.busy_s / cr.latency_s : 0;
    r.stall_s = a.stall_s;
    r.mean_queue = cr.latency_s > 0 ? a.queue_integral / cr.latency_s : 0;
    r.peak_queue = a.peak_queue;
    r.stall_cycles = static_cast<uint64_t>(a.stall_s * cr.clock_hz + 0.5);
    cr.links.push_back(r);
  }
}

CollectiveRecord make_record(CollectiveOp op, const std::string& algorithm,
                             const std::string& group, uint64_t bytes, int64_t ranks, int32_t stage,
                             double start, double end) {
  CollectiveRecord c;
  c.op = collective_op_name(op);
  c.algorithm = algorithm;
  c.group = group;
  c.bytes = bytes;
  c.ranks = ranks;
  c.stage = stage;
  c.start_s = start;
  c.end_s = end;
  c.algbw = end > start ? static_cast<double>(bytes) / (end - start) : 0;
  c.busbw = c.algbw * busbw_factor(op, ranks);
  return c;
}

void init_result(ClusterResult& cr, const LoadedRun& run) {
  cr.spec = run.spec;
  cr.resolved = run.resolved;
  cr.workload = run.spec.workload.model;
  cr.backend = run.spec.simulation.network == NetworkBackend::Packet ? "packet" : "analytical";
  cr.nodes = run.spec.cluster.nodes;
  cr.clock_hz = run.spec.hardware.clock_hz;
}

// ---- Collective microbenchmarks -------------------------------------------------------------

ClusterResult run_benchmark(const LoadedRun& run, ClusterTracer* tracer) {
  const RunSpec& spec = run.spec;
  ClusterResult cr;
  init_result(cr, run);
  cr.benchmark = true;
  const CollectiveWorkload w = parse_collective_workload(spec.workload.model, spec.cluster);
  ClusterNetwork net(spec.cluster, spec.simulation.network,
                     node_reduce_bytes_per_s(spec.hardware, w.dtype));
  const Topology& topo = net.topology();
  cr.topology = topo.describe();
  CollectiveRequest req;
  req.op = w.op;
  req.algorithm = w.algorithm;
  req.bytes = w.bytes;
  req.chunks = w.chunks;
  req.root = w.root;
  req.peer = w.peer;
  if (w.root >= topo.nodes() || w.peer >= topo.nodes())
    throw InputError("workload '" + spec.workload.model + "': " +
                     (w.root >= topo.nodes() ? "root=" + std::to_string(w.root)
                                             : "peer=" + std::to_string(w.peer)) +
                     " is not a node of this cluster (nodes 0.." +
                     std::to_string(topo.nodes() - 1) + ")");
  for (int32_t i = 0; i < topo.nodes(); ++i) req.ranks.push_back(i);
  if (w.algorithm == CollectiveAlgorithm::Hierarchical) {
    req.dims = topo.dim_sizes();
    if (req.dims.size() < 2)
      throw InputError(
          "workload '" + spec.workload.model +
          "': the hierarchical algorithm needs a torus or a hierarchical topology (dimensions)");
  }
  const CollectiveSchedule s = schedule_or_error(req, "workload '" + spec.workload.model + "'");
  // count copies of the schedule are built (analytical) or become messages (packet): refuse a
  // count the memory limit cannot hold before building any of them.
  {
    // Per copy: its steps (analytical), or every message of every step and chunk (packet).
    uint64_t per_copy = std::max<uint64_t>(1, s.steps.size());
    if (spec.simulation.network == NetworkBackend::Packet) {
      per_copy = 0;
      for (const CollectiveStep& st : s.steps)
        per_copy +=
            st.pattern == CollectiveStep::Pattern::Pairs ? st.pairs.size() : req.ranks.size();
      const uint64_t chunks = static_cast<uint64_t>(std::max<int64_t>(1, s.chunks));
      per_copy =
          per_copy > UINT64_MAX / chunks ? UINT64_MAX : std::max<uint64_t>(1, per_copy * chunks);
    }
    const uint64_t count = static_cast<uint64_t>(w.count);
    const uint64_t messages = count > UINT64_MAX / per_copy ? UINT64_MAX : count * per_copy;
    check_memory_limit(estimate_network_memory(messages, topo.links().size()),
                       spec.simulation.memory_limit, "the collective");
  }
  const std::string alg = collective_algorithm_name(w.algorithm);
  std::vector<LinkTraffic> acc(topo.links().size());
  if (spec.simulation.network == NetworkBackend::Analytical) {
    std::vector<CollectiveSchedule> groups(static_cast<size_t>(w.count), s);
    TimedCollective t = net.time(groups);
    if (tracer) tracer->analytical_benchmark(topo, s, t.round_seconds);
    add_traffic(acc, t.traffic, 1);
    for (int64_t i = 0; i < w.count; ++i)
      cr.collectives.push_back(
          make_record(w.op, alg, "benchmark", w.bytes, topo.nodes(), -1, 0, t.seconds));
    cr.latency_s = t.seconds;
  } else {
    // Packet level on the SystemC kernel: the network module sleeps until the core's next event.
    MessageDag dag;
    for (int64_t i = 0; i < w.count; ++i) append_collective(dag, s, 0);
    PacketNetwork pn(topo, spec.cluster.packet_size, net.reduce_bytes_per_s(),
                     spec.cluster.endpoint_latency_s);
    pn.load(dag);
    if (tracer) tracer->attach(topo, pn);
    sc_core::sc_set_time_resolution(1, sc_core::SC_FS);
    NetworkModule module("network", pn, spec.simulation.max_wall_s, run_clock_start());
    run_kernel();
    if (module.wall_limit_hit()) {
      RunProgress p;
      p.where = "network";
      p.simulated_s = fs_to_seconds(pn.now());
      p.wall_limit_s = spec.simulation.max_wall_s;
      p.total = dag.messages.size();
      for (const auto& t : pn.times()) p.done += t.done > 0;
      throw RunIncomplete(p);
    }
    if (!module.error().empty())
      throw ModelError("cluster.network", fs_to_seconds(pn.now()), module.error());
    for (const CollectiveInstance& c : dag.collectives) {
      SimTime end = 0;
      for (uint32_t m = c.first_message; m < c.first_message + c.messages; ++m)
        end = std::max(end, pn.times()[m].done);
      cr.collectives.push_back(make_record(w.op, alg, "benchmark", w.bytes, topo.nodes(), -1,
                                           fs_to_seconds(c.launch), fs_to_seconds(end)));
      cr.latency_s = std::max(cr.latency_s, fs_to_seconds(end));
    }
    add_traffic(acc, packet_traffic(pn), 1);
    if (tracer) tracer->packet_benchmark(topo, dag, pn);
    cr.network_events = pn.events();
    cr.kernel_wakeups = module.wakeups();
  }
  cr.collectives_total = cr.collectives.size();
  fill_links(cr, topo, acc);
  cr.network_energy_j = network_energy(topo, acc, spec.technology);
  cr.energy_j = cr.network_energy_j;
  return cr;
}

// ---- Models under data x tensor x pipeline parallelism -------------------------------------

CollectiveOp graph_collective_op(const OpNode& op) {
  if (op.type == "AllGather") return CollectiveOp::AllGather;
  if (op.type == "ReduceScatter") return CollectiveOp::ReduceScatter;
  return CollectiveOp::AllReduce;
}

// Per-stage compute profiles of one micro-batch from the node simulation. The simulation ran
// only the representative stages: every other stage takes its representative's profile.
std::vector<StageProfile> stage_profiles(const RunResult& r, const std::vector<int32_t>& rep,
                                         std::vector<int64_t>& stage_layers) {
  const Graph& g = r.graph;
  const OperatorProgram& prog = r.program;
  const size_t stages = rep.size();
  std::vector<int32_t> layer_of(g.num_ops(), -1);
  for (size_t i = 0; i < prog.layers.size(); ++i)
    if (prog.layers[i].op >= 0)
      layer_of[static_cast<size_t>(prog.layers[i].op)] = static_cast<int32_t>(i);
  // Weight gradients: the layer that completes each one (what the optimizer reads).
  std::vector<uint64_t> grad_bytes(prog.layers.size(), 0);
  for (const OpNode& op : g.ops()) {
    if (op.kind != OpKind::Optimizer || op.inputs.size() < 2) continue;
    const TensorId grad = op.inputs[1];
    OpId p = g.tensor(grad).producer;
    while (p != kNone && layer_of[static_cast<size_t>(p)] < 0 && !g.op(p).inputs.empty())
      p = g.tensor(g.op(p).inputs[0]).producer;  // through views
    if (p != kNone && layer_of[static_cast<size_t>(p)] >= 0)
      grad_bytes[static_cast<size_t>(layer_of[static_cast<size_t>(p)])] += g.tensor(grad).bytes();
  }
  std::vector<StageProfile> prof(stages);
  stage_layers.assign(stages, 0);
  for (size_t i = 0; i < prog.layers.size(); ++i) {
    if (prog.layers[i].op < 0) continue;
    const OpNode& op = g.op(prog.layers[i].op);
    const size_t s =
        static_cast<size_t>(std::clamp<int32_t>(op.stage, 0, static_cast<int32_t>(stages - 1)));
    ++stage_layers[s];
    const double dt = r.layers[i].exclusive_s;
    if (op.kind == OpKind::Optimizer) {
      prof[s].optimizer_s += dt;
      continue;
    }
    Segment seg;
    seg.compute_s = dt;
    seg.gradient_bytes = grad_bytes[i];
    if (op.kind == OpKind::Collective) {
      seg.has_collective = true;
      seg.op = graph_collective_op(op);
      // NCCL's size convention: the all-gather's output, the others' input.
      seg.bytes = seg.op == CollectiveOp::AllGather ? g.tensor(op.outputs[0]).bytes()
                                                    : g.tensor(op.inputs[0]).bytes();
    }
    (op.backward ? prof[s].backward : prof[s].forward).push_back(seg);
  }
  for (size_t s = 0; s < stages; ++s) {
    const size_t from = static_cast<size_t>(rep[s]);
    if (from == s) continue;
    prof[s] = prof[from];
    stage_layers[s] = stage_layers[from];
  }
  return prof;
}

// Activations that cross each stage boundary in the forward pass (their gradients come back):
// bytes per micro-batch, from the whole graph.
void set_pipeline_sends(const Graph& g, std::vector<StageProfile>& prof) {
  const size_t stages = prof.size();
  std::vector<std::set<TensorId>> crossing(stages);
  for (const OpNode& op : g.ops()) {
    if (op.backward) continue;
    for (TensorId t : op.inputs) {
      const OpId p = g.tensor(t).producer;
      if (p == kNone || g.op(p).backward) continue;
      for (int32_t b = g.op(p).stage; b < op.stage; ++b) crossing[static_cast<size_t>(b)].insert(t);
    }
  }
  for (size_t b = 0; b + 1 < stages; ++b) {
    uint64_t bytes = 0;
    for (TensorId t : crossing[b]) bytes += g.tensor(t).bytes();
    prof[b].send_forward_bytes = bytes;
    prof[b + 1].send_backward_bytes = bytes;
  }
}

// workload.batch is what one data-parallel replica processes per step (the global batch is dp
// times it), split into cluster.parallelism.microbatches micro-batches.
int64_t microbatch_size(const RunSpec& spec) {
  const ParallelismSpec& par = spec.cluster.parallelism;
  const int64_t B = spec.workload.batch;
  if (B % par.microbatches != 0)
    throw InputError("workload.batch " + std::to_string(B) +
                     " (per data-parallel replica) must be a multiple of " +
                     "cluster.parallelism.microbatches = " + std::to_string(par.microbatches));
  return B / par.microbatches;
}

// One node's share of the model: tensor-parallel split, pipeline stages, one micro-batch.
void compile_node(const LoadedRun& run, RunResult& node) {
  RunSpec node_spec = run.spec;
  node_spec.workload.batch = microbatch_size(run.spec);
  node.resolved = run.resolved;
  compile_workload(node_spec, node, &run.spec.cluster.parallelism);
}

ClusterResult run_model(const LoadedRun& run, ClusterTracer* tracer) {
  const RunSpec& spec = run.spec;
  const ClusterSpec& cl = spec.cluster;
  const ParallelismSpec& par = cl.parallelism;
  const bool training = spec.workload.mode == RunMode::Training;
  const int64_t m = par.microbatches;
  ClusterResult cr;
  init_result(cr, run);
  cr.global_batch = spec.workload.batch * par.dp;
  cr.microbatch_size = microbatch_size(spec);
  CollectiveAlgorithm alg;
  if (!parse_collective_algorithm(cl.algorithm, &alg))
    throw InputError("cluster.algorithm: unknown algorithm");
  compile_node(run, cr.node);
  // The network before the long simulation: a topology that cannot be built fails early.
  ClusterNetwork net(cl, spec.simulation.network,
                     node_reduce_bytes_per_s(spec.hardware, cr.node.precision));
  cr.topology = net.topology().describe();
  // Symmetry: identical stages (the middle of a transformer) are simulated once.
  const Graph full = cr.node.graph;
  cr.stage_representative = identical_stages(full, par.pp);
  const int64_t distinct =
      std::count_if(cr.stage_representative.begin(), cr.stage_representative.end(),
                    [i = 0](int32_t r) mutable { return r == i++; });
  if (distinct < par.pp) {
    cr.node.graph = keep_representative_stages(full, cr.stage_representative);
    cr.node.program = lower_graph(cr.node.graph, spec.hardware);
    cr.notes.push_back("simulated " + std::to_string(distinct) + " distinct pipeline stages of " +
                       std::to_string(par.pp) + "; the others are identical to one of them");
  }
  simulate_compiled(cr.node);
  cr.has_node = true;
  std::vector<StageProfile> prof =
      stage_profiles(cr.node, cr.stage_representative, cr.stage_layers);
  set_pipeline_sends(full, prof);

  // Each distinct communication is timed once, with every group that runs it at the same time
  // (all data-parallel replicas do the same tensor-parallel collective together, ...).
  bool hierarchical_fallback = false;
  auto algorithm_for = [&](int64_t group_size) {
    if (alg == CollectiveAlgorithm::Hierarchical && group_size != cl.nodes) {
      hierarchical_fallback = true;
      return CollectiveAlgorithm::Ring;
    }
    return alg;
  };
  auto groups_for = [&](const CommRequest& q) {
    std::vector<CollectiveSchedule> groups;
    CollectiveRequest req;
    req.op = q.op;
    req.bytes = q.bytes;
    req.chunks = cl.chunks;
    if (q.group == CommGroup::PipelineForward || q.group == CommGroup::PipelineBackward) {
      const int64_t to = q.stage + (q.group == CommGroup::PipelineForward ? 1 : -1);
      req.algorithm = CollectiveAlgorithm::Direct;
      for (int64_t d = 0; d < par.dp; ++d)
        for (int64_t t = 0; t < par.tp; ++t) {
          req.ranks = {ClusterNetwork::node_of(par, t, d, q.stage),
                       ClusterNetwork::node_of(par, t, d, to)};
          groups.push_back(schedule_or_error(req, "pipeline send"));
        }
      return groups;
    }
    const bool tp = q.group == CommGroup::TensorParallel;
    const int64_t outer = tp ? par.dp : par.tp, inner = tp ? par.tp : par.dp;
    req.algorithm = algorithm_for(inner);
    if (req.algorithm == CollectiveAlgorithm::Hierarchical) req.dims = net.topology().dim_sizes();
    for (int64_t o = 0; o < outer; ++o) {
      req.ranks.clear();
      for (int64_t i = 0; i < inner; ++i)
        req.ranks.push_back(tp ? ClusterNetwork::node_of(par, i, o, q.stage)
                               : ClusterNetwork::node_of(par, o, i, q.stage));
      groups.push_back(schedule_or_error(req, std::string("cluster.algorithm ") + cl.algorithm +
                                                  " on a " + comm_group_name(q.group) +
                                                  " group of " + std::to_string(inner)));
    }
    return groups;
  };
  std::map<CommRequest, TimedCollective> timed;
  CommTimer timer = [&](const CommRequest& q) {
    auto it = timed.find(q);
    if (it == timed.end()) it = timed.emplace(q, net.time(groups_for(q))).first;
    return it->second.seconds;
  };
  StepOptions o;
  o.microbatches = m;
  o.schedule = par.schedule == "gpipe" ? PipelineSchedule::GPipe : PipelineSchedule::OneFOneB;
  o.training = training;
  o.dp = par.dp;
  o.bucket_bytes = par.bucket;
  cr.step = schedule_step(prof, o, timer);
  cr.latency_s = cr.step.step_s;

  // Energy: every node runs its stage's micro-batches (the simulated node ran one of each
  // layer), its optimizer once, and leaks for the whole step.
  const double leak_w = cr.node.latency_s > 0 ? cr.node.leakage_energy_j / cr.node.latency_s : 0;
  std::vector<double> stage_dynamic(static_cast<size_t>(par.pp), 0);
  for (size_t i = 0; i < cr.node.layers.size(); ++i) {
    const int32_t op = cr.node.program.layers[i].op;
    if (op < 0) continue;
    const OpNode& o = cr.node.graph.op(op);
    const bool once = o.kind == OpKind::Optimizer;
    stage_dynamic[static_cast<size_t>(o.stage)] +=
        cr.node.layers[i].dynamic_energy_j * (once ? 1.0 : static_cast<double>(m));
  }
  double dynamic = 0;  // one node of every stage
  for (int32_t r : cr.stage_representative) dynamic += stage_dynamic[static_cast<size_t>(r)];
  const double nodes_per_stage = static_cast<double>(cl.nodes) / static_cast<double>(par.pp);
  cr.energy_j = nodes_per_stage * dynamic + static_cast<double>(cl.nodes) * leak_w * cr.latency_s;

  std::vector<LinkTraffic> acc(net.topology().links().size());
  for (const auto& [q, count] : cr.step.comm_counts) {
    auto it = timed.find(q);
    if (it != timed.end()) add_traffic(acc, it->second.traffic, static_cast<double>(count));
  }
  fill_links(cr, net.topology(), acc);
  cr.network_energy_j = network_energy(net.topology(), acc, spec.technology);
  cr.energy_j += cr.network_energy_j;
  for (const CommEvent& e : cr.step.events) {
    const bool p2p =
        e.group == CommGroup::PipelineForward || e.group == CommGroup::PipelineBackward;
    const int64_t ranks = p2p ? 2 : (e.group == CommGroup::TensorParallel ? par.tp : par.dp);
    const std::string a = p2p ? "direct" : collective_algorithm_name(algorithm_for(ranks));
    cr.collectives.push_back(make_record(e.op, a, comm_group_name(e.group), e.bytes, ranks, e.stage,
                                         e.start_s, e.end_s));
  }
  cr.collectives_total = cr.step.comm_events_total;
  if (cr.collectives_total > cr.collectives.size())
    cr.notes.push_back("collectives lists the first " + std::to_string(cr.collectives.size()) +
                       " of " + std::to_string(cr.collectives_total) + " communication events");
  if (hierarchical_fallback)
    cr.notes.push_back(
        "hierarchical applies to groups spanning the whole cluster; smaller groups used ring");
  cr.notes.push_back(
      "each distinct collective is timed with every group that runs it at once; different "
      "collectives that overlap in time do not contend with each other");
  if (tracer) tracer->model(cr);
  return cr;
}

}  // namespace

std::string validate_cluster_run(const LoadedRun& run) {
  const RunSpec& spec = run.spec;
  ClusterNetwork net(spec.cluster, spec.simulation.network, 1);
  std::string what = std::to_string(spec.cluster.nodes) + " x " + spec.hardware.name + " (" +
                     net.topology().describe() + ")";
  if (is_collective_workload(spec.workload.model)) {
    parse_collective_workload(spec.workload.model, spec.cluster);
    return what + ", collective " + spec.workload.model;
  }
  RunResult node;
  compile_node(run, node);
  return what + ", " + spec.workload.model +
         " per node: " + std::to_string(node.program.layers.size()) + " layers, " +
         std::to_string(node.program.commands.size()) + " commands";
}

ClusterResult execute_cluster_run(const LoadedRun& run, ClusterTracer* tracer) {
  if (is_collective_workload(run.spec.workload.model)) return run_benchmark(run, tracer);
  return run_model(run, tracer);
}

}  // namespace tessera
