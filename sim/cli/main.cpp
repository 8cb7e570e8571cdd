// The `tessera` command line. CLI11 is used in this file only (it is the most expensive header
// to compile). Every error from the libraries arrives here as a typed exception and leaves as
// one line on stderr and a non-zero exit status.
#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <systemc>

#include "compiler_frontend/zoo/zoo.h"
#include "models/config/config_error.h"
#include "models/config/schema.h"
#include "models/config/units.h"
#include "models/platform/block_registry.h"
#include "models/spec/errors.h"
#include "sim/cli/compare.h"
#include "sim/cluster/cluster_run.h"
#include "sim/cluster/cluster_trace.h"
#include "sim/cluster/collective_workload.h"
#include "sim/config/run_config.h"
#include "sim/report/cluster_report.h"
#include "sim/report/html_report.h"
#include "sim/report/partial_report.h"
#include "sim/report/report.h"
#include "sim/run/run_incomplete.h"
#include "sim/run/run_pipeline.h"
#include "sim/run/run_trace.h"
#include "sim/sweep/sweep_command.h"
#include "traces/temporary_files.h"
#include "traces/trace_validator.h"
#include "traces/trace_writer.h"

namespace {

using namespace tessera;

struct RunOptions {
  std::string run_file;
  std::string hw;
  std::string model;
  int64_t batch = 0;
  std::vector<std::string> sets;
  std::string out = "tessera-out";
  bool json = false;
  std::vector<std::string> input_shapes;
  std::string unsupported = "error";
  std::string trace, trace_level, trace_window, html;  // level "": command
  uint64_t trace_max_events = 0;                       // 0: 5,000,000
  std::string max_wall;
};

// --trace options into the writer's; throws InputError on a bad level or window.
TraceOptions trace_options(const RunOptions& o) {
  TraceOptions t;
  t.path = o.trace;
  if (!parse_trace_level(o.trace_level.empty() ? "command" : o.trace_level, &t.level))
    throw InputError("unknown trace level '" + o.trace_level +
                     "' (expected layer, command or packet)");
  if (o.trace_max_events > 0) t.max_events = o.trace_max_events;
  if (!o.trace_window.empty()) {
    const size_t colon = o.trace_window.find(':');
    std::string err;
    auto a = colon == std::string::npos
                 ? std::nullopt
                 : parse_quantity(o.trace_window.substr(0, colon), Quantity::Time, &err);
    auto b = colon == std::string::npos
                 ? std::nullopt
                 : parse_quantity(o.trace_window.substr(colon + 1), Quantity::Time, &err);
    if (!a || !b || *b <= *a)
      throw InputError("--trace-window '" + o.trace_window +
                       "': expected START:END with units, e.g. 0ms:2ms");
    t.window_start_s = *a;
    t.window_end_s = *b;
  }
  return t;
}

void add_model_options(CLI::App* app, RunOptions& o) {
  app->add_option("--hw", o.hw, "hardware file (replaces the run's hardware)");
  app->add_option("--batch", o.batch, "batch size (a whole number >= 1)")
      ->check([](const std::string& v) {
        return v.find_first_not_of("0123456789") == std::string::npos &&
                       v.find_first_not_of('0') != std::string::npos
                   ? std::string()
                   : "expected a whole number >= 1, got '" + v + "'";
      });
  app->add_option("--set", o.sets, "override a config value: key.path=value (repeatable)");
  app->add_option("--input-shape", o.input_shapes,
                  "ONNX: static shape of a dynamic input, name=1x3x224x224 (repeatable)");
  app->add_option("--unsupported", o.unsupported,
                  "ONNX: what to do with an unknown operator: error (default) or skip")
      ->check(CLI::IsMember({"error", "skip"}));
}

RunInputs to_inputs(const RunOptions& o) {
  RunInputs in;
  in.run_file = o.run_file;
  in.hw_file = o.hw;
  in.model = o.model;
  if (o.batch > 0) in.batch = o.batch;
  if (!o.input_shapes.empty()) {
    std::string list;
    for (const auto& s : o.input_shapes) list += (list.empty() ? "" : ",") + s;
    in.sets.push_back("workload.input_shapes=[" + list + "]");
  }
  if (o.unsupported == "skip") in.sets.push_back("workload.skip_unsupported=true");
  in.sets.insert(in.sets.end(), o.sets.begin(), o.sets.end());
  if (!o.max_wall.empty()) in.sets.push_back("simulation.max_wall=" + o.max_wall);
  return in;
}

int cmd_run_cluster(const RunOptions& o, const LoadedRun& run) {
  ClusterResult r;
  if (!o.trace.empty()) {
    TraceWriter writer(trace_options(o));
    ClusterTracer tracer(writer);
    r = execute_cluster_run(run, &tracer);
    writer.finish();
  } else {
    r = execute_cluster_run(run);
  }
  if (!o.out.empty()) write_cluster_outputs(o.out, r);
  if (!o.html.empty()) write_html_report(o.html, r);
  if (o.json) {
    std::cout << cluster_report_json(r);
  } else {
    print_cluster_summary(std::cout, r);
    if (!o.out.empty())
      std::cout << "  wrote " << o.out << "/report.json, links.csv, collectives.csv"
                << (r.has_node ? ", layers.csv" : "") << ", config.yaml\n";
  }
  return 0;
}

int cmd_run_one(const RunOptions& o, const LoadedRun& run);

// A run the wall-clock limit stopped: a partial report marked incomplete, one line, exit 3.
int cmd_run(const RunOptions& o) {
  if (o.trace.empty() &&
      (!o.trace_level.empty() || !o.trace_window.empty() || o.trace_max_events > 0))
    throw InputError("--trace-level, --trace-window and --trace-max-events need --trace FILE");
  LoadedRun run = load_run(to_inputs(o));
  try {
    return run.spec.cluster.present() ? cmd_run_cluster(o, run) : cmd_run_one(o, run);
  } catch (const RunIncomplete& e) {
    if (!o.out.empty()) write_partial_report(o.out, run.spec, e.progress());
    if (o.json) std::cout << partial_report_json(run.spec, e.progress());
    std::cerr << "tessera: incomplete: " << e.what()
              << (o.out.empty() ? std::string() : "; partial report in " + o.out + "/report.json")
              << "\n";
    return 3;
  }
}

int cmd_run_one(const RunOptions& o, const LoadedRun& run) {
  if (is_collective_workload(run.spec.workload.model))
    throw InputError(
        "workload '" + run.spec.workload.model +
        "' is a collective benchmark: it needs a cluster config (--hw with a cluster: section)");
  RunResult r;
  if (!o.trace.empty()) {
    TraceWriter writer(trace_options(o));
    ChipTracer tracer(writer, run.spec.hardware);
    r = execute_run_traced(run, tracer);
    writer.finish();
  } else {
    r = execute_run(run);
  }
  if (!o.out.empty()) write_run_outputs(o.out, r);
  if (!o.html.empty()) write_html_report(o.html, r);
  if (o.json) {
    std::cout << report_json(r);
  } else {
    print_summary(std::cout, r);
    if (!o.out.empty())
      std::cout << "  wrote " << o.out << "/report.json, layers.csv, config.yaml\n";
  }
  return 0;
}

std::string with_commas(uint64_t v) {
  std::string s = std::to_string(v), out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i && (s.size() - i) % 3 == 0) out += ',';
    out += s[i];
  }
  return out;
}

int cmd_models() {
  std::printf("%-14s %18s %16s  %s\n", "model", "MACs (batch 1)", "parameters", "description");
  for (const auto& m : model_zoo()) {
    ZooParams p;
    Graph g = m.build(p);
    std::printf("%-14s %18s %16s  %s [%s]\n", m.name.c_str(), with_commas(g.total_macs()).c_str(),
                with_commas(g.weight_elements()).c_str(), m.description.c_str(),
                m.reference.c_str());
  }
  std::printf(
      "\nTransformers use workload.seq_len (default 128). Single layers: gemm:M=..,N=..,K=.. and\n"
      "conv:N=..,H=..,W=..,C=..,K=..,R=..,S=..,stride=..,pad=..,groups=..\n");
  return 0;
}

// A block section's registered types (hardware.<section>.type), each with its own keys.
void describe_block_types(const std::string& section, std::ostream& os) {
  const BlockSection* b = BlockRegistry::instance().section(section);
  if (!b) return;
  os << "\ntypes (hardware." << section << ".type, "
     << (b->default_type.empty() ? std::string("required") : "default " + b->default_type)
     << "):\n";
  for (const BlockType* t : BlockRegistry::instance().types_of(section)) {
    os << "  " << t->type << ": " << t->doc << "\n";
    if (t->own_keys) t->own_keys->describe(os, "    ");
  }
}

int cmd_describe(const std::string& component) {
  if (component.empty()) {
    std::cout << "Config components (tessera describe NAME for one):\n";
    for (const SchemaBase* s : SchemaRegistry::instance().all())
      std::printf("  %-14s %s\n", s->name().c_str(), s->doc().c_str());
    std::cout << "\n";
    SchemaRegistry::instance().find("run")->describe(std::cout);
    return 0;
  }
  const SchemaBase* s = SchemaRegistry::instance().find(component);
  if (!s)
    throw InputError("unknown component '" + component + "' (run `tessera describe` for the list)");
  s->describe(std::cout);
  describe_block_types(component, std::cout);
  return 0;
}

int cmd_graph(const RunOptions& o, const std::string& dot) {
  LoadedRun run = load_run(to_inputs(o));
  RunResult r;
  compile_workload(run.spec, r);
  print_graph_table(std::cout, r.graph, r.passes);
  if (!dot.empty()) {
    std::ofstream out(dot);
    out << r.graph.to_dot();
    if (!out) throw std::runtime_error("cannot write " + dot);
    std::cout << "wrote " << dot << "\n";
  }
  return 0;
}

int cmd_validate(const std::string& file) {
  RunInputs in;
  in.run_file = file;
  LoadedRun run = load_run(in);
  if (run.spec.cluster.present()) {
    std::cout << "ok: " << file << " (" << validate_cluster_run(run) << ")\n";
    return 0;
  }
  RunResult r;
  compile_workload(run.spec, r);  // also checks that every layer maps onto the hardware
  std::cout << "ok: " << file << " (hardware " << run.spec.hardware.name << ", workload "
            << run.spec.workload.model << ", " << r.program.layers.size() << " layers, "
            << r.program.commands.size() << " commands)\n";
  return 0;
}

int dispatch(int argc, char** argv) {
  CLI::App app{"Tessera: cycle-level simulator of ML accelerators and clusters"};
  app.require_subcommand(1);
  RunOptions ro;
  CLI::App* run = app.add_subcommand(
      "run", "simulate a workload on hardware (no arguments: the embedded default)");
  run->add_option("run_file", ro.run_file,
                  "run file (YAML); default: embedded resnet50 on edge-npu");
  run->add_option("--model", ro.model,
                  "zoo name, gemm:M=..,N=..,K=.., conv:..., gpt:layers=.., or model.onnx")
      ->check([](const std::string& v) {
        return v.empty() ? std::string("expected a model, not an empty string") : std::string();
      });
  add_model_options(run, ro);
  run->add_option("--out", ro.out,
                  "output folder for report.json, layers.csv, config.yaml (default tessera-out)");
  run->add_flag("--json", ro.json, "print report.json to stdout instead of the summary");
  run->add_option("--trace", ro.trace, "write a Chrome trace-event timeline (.json or .json.gz)");
  run->add_option("--trace-level", ro.trace_level, "layer, command (default) or packet");
  run->add_option("--trace-window", ro.trace_window, "only events within START:END, e.g. 0ms:2ms");
  run->add_option("--trace-max-events", ro.trace_max_events,
                  "stop tracing after this many events (default 5000000)");
  run->add_option("--html", ro.html, "write a self-contained HTML report with charts");
  run->add_option("--max-wall", ro.max_wall,
                  "wall-clock limit, e.g. 60s: stop with a partial report (exit 3)");
  std::string check_file;
  CLI::App* trace_check =
      app.add_subcommand("trace-check", "validate the structure of a trace file");
  trace_check->add_option("file", check_file, "trace (.json or .json.gz)")->required();
  std::string check_max = "2GiB";
  trace_check->add_option("--max-size", check_max,
                          "refuse a trace larger than this once decompressed (default 2GiB)");
  RunOptions go;
  std::string dot;
  CLI::App* graph = app.add_subcommand("graph", "print the Graph IR of a model after passes");
  graph->add_option("model", go.model, "zoo name, single layer or .onnx file")->required();
  add_model_options(graph, go);
  graph->add_option("--dot", dot, "also write the operator graph as Graphviz");
  CLI::App* models = app.add_subcommand("models", "list the built-in model zoo");
  std::string component;
  CLI::App* describe =
      app.add_subcommand("describe", "print every config key with type, unit, default and doc");
  describe->add_option("component", component, "one component (hardware, pe_array, dram, ...)");
  std::vector<std::string> cfiles;
  RunOptions co;
  bool cjson = false;
  CLI::App* compare =
      app.add_subcommand("compare", "the same workload on several configs, side by side");
  compare->add_option("configs", cfiles, "hardware or run files (at least two)")
      ->required()
      ->expected(2, -1);
  compare->add_option("--model", co.model,
                      "workload for every config (default: each file's, else resnet50)");
  add_model_options(compare, co);
  compare->add_flag("--json", cjson, "print the rows as JSON");
  std::string vfile;
  CLI::App* validate = app.add_subcommand("validate", "load and check a config without simulating");
  validate->add_option("file", vfile, "run or hardware file")->required();
  SweepCommand sw;
  CLI::App* sweep =
      app.add_subcommand("sweep", "run a sweep file's design points (and merge, report)");
  sweep->add_option("file", sw.file, "sweep file (configs/sweeps/*.yaml)");
  sweep->add_option("--out", sw.out, "results folder (default sweep-out/NAME)");
  sweep->add_option("--jobs,-j", sw.jobs, "points run at once (default 1)");
  sweep->add_flag("--resume", sw.resume,
                  "continue a sweep in --out: finished points are kept, the rest run");
  sweep->add_option("--shard", sw.shard, "run shard I of K (I/K) of the distinct points");
  sweep->add_option("--timeout", sw.timeout,
                    "per-point time limit, e.g. 600s (overrides the file's)");
  sweep->add_flag("--dry-run", sw.dry_run, "list the points without running them");
  sweep->add_flag("--slurm", sw.slurm,
                  "submit an sbatch array job (task i runs shard i) and a merge job");
  sweep->add_option("--partition", sw.slurm_options.partition, "Slurm partition");
  sweep->add_option("--array-size", sw.slurm_options.array_size,
                    "Slurm array tasks (default: points, at most 64)");
  sweep->add_option("--time", sw.slurm_options.time, "Slurm time limit per task (e.g. 1:00:00)");
  sweep->add_flag("--wait", sw.slurm_options.wait,
                  "with --slurm: block until the merge job has finished");
  std::string sweep_dir;
  CLI::App* sweep_merge =
      sweep->add_subcommand("merge", "merge the shards of a sweep folder into results.csv");
  sweep_merge->add_option("dir", sweep_dir, "sweep folder")->required();
  std::vector<std::string> fronts;
  CLI::App* sweep_report =
      sweep->add_subcommand("report", "Pareto fronts of a sweep folder as SVG/PNG plots and HTML");
  sweep_report->add_option("dir", sweep_dir, "sweep folder")->required();
  sweep_report->add_option("--front", fronts,
                           "objectives, e.g. \"latency_s:min,energy_j:min\" (repeatable)");
  // Usage errors: one line and exit status 2 (help and --version still print normally).
  if (argc > 1 && argv[1][0] != '-') {
    bool known = false;
    std::string names;
    for (const CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
      known = known || sub->get_name() == argv[1];
      names += (names.empty() ? "" : ", ") + sub->get_name();
    }
    if (!known) {
      std::cerr << "tessera: usage error: unknown command '" << argv[1] << "' (commands: " << names
                << ")\n";
      return 2;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help
    std::string msg = e.what();
    for (char& ch : msg)
      if (ch == '\n') ch = ' ';
    std::cerr << "tessera: usage error: " << msg << " (see tessera --help)\n";
    return 2;
  }
  if (run->parsed()) return cmd_run(ro);
  if (sweep_merge->parsed()) return cmd_sweep_merge(sweep_dir);
  if (sweep_report->parsed()) return cmd_sweep_report(sweep_dir, fronts);
  if (sweep->parsed()) {
    if (sw.file.empty())
      throw InputError("sweep: give a sweep file (or `sweep merge DIR`, `sweep report DIR`)");
    return cmd_sweep(sw);
  }
  if (models->parsed()) return cmd_models();
  if (graph->parsed()) return cmd_graph(go, dot);
  if (describe->parsed()) return cmd_describe(component);
  if (validate->parsed()) return cmd_validate(vfile);
  if (trace_check->parsed()) {
    std::string err;
    const auto max_bytes = parse_bytes(check_max, &err);
    if (!max_bytes || *max_bytes == 0)
      throw InputError("trace-check --max-size '" + check_max + "': expected a size such as 2GiB" +
                       (err.empty() ? "" : " (" + err + ")"));
    TraceCheck c = validate_trace_file(check_file, *max_bytes);
    if (c.ok()) {
      std::cout << "ok: " << check_file << " (" << c.events << " events"
                << (c.truncated ? ", truncated by the event limit" : "") << ")\n";
      return 0;
    }
    for (const auto& p : c.problems) std::cerr << check_file << ": " << p << "\n";
    return 1;
  }
  if (compare->parsed()) {
    std::vector<std::string> common;
    if (!co.model.empty()) common.insert(common.end(), {"--model", co.model});
    if (co.batch > 0) common.insert(common.end(), {"--batch", std::to_string(co.batch)});
    for (const auto& x : co.sets) common.insert(common.end(), {"--set", x});
    for (const auto& x : co.input_shapes) common.insert(common.end(), {"--input-shape", x});
    if (co.unsupported != "error") common.insert(common.end(), {"--unsupported", co.unsupported});
    if (!co.hw.empty()) throw InputError("compare takes the configs as arguments, not --hw");
    return run_compare(cfiles, common, cjson);
  }
  return 2;
}

}  // namespace

int sc_main(int argc, char** argv) {
  sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
  sc_core::sc_report_handler::set_actions(sc_core::SC_WARNING, sc_core::SC_THROW);
  try {
    return dispatch(argc, argv);
  } catch (const tessera::ConfigError& e) {
    std::cerr << "tessera: config error: " << tessera::printable(e.what()) << "\n";
  } catch (const tessera::InputError& e) {
    std::cerr << "tessera: input error: " << tessera::printable(e.what()) << "\n";
  } catch (const tessera::MappingError& e) {
    std::cerr << "tessera: mapping error: " << tessera::printable(e.what()) << "\n";
  } catch (const tessera::ModelError& e) {
    std::cerr << "tessera: model error: " << tessera::printable(e.what()) << "\n";
  } catch (const sc_core::sc_report& e) {
    std::string msg = e.what();  // SystemC reports span lines: keep the error on one
    for (char& ch : msg)
      if (ch == '\n') ch = ' ';
    std::cerr << "tessera: SystemC error: " << tessera::printable(msg) << "\n";
  } catch (const std::bad_alloc&) {
    std::cerr << "tessera: out of memory: the run needs more memory than this machine has (see "
                 "simulation.memory_limit)\n";
  } catch (const std::exception& e) {
    std::cerr << "tessera: error: " << tessera::printable(e.what()) << "\n";
  }
  return 1;
}

// Our own main: silence the SystemC banner before the kernel starts, then run sc_main.
int main(int argc, char** argv) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
  tessera::run_clock_start();  // wall-clock limits count from here
  // A file-size limit then fails the write (EFBIG) and gets a one-line error instead of a kill.
  std::signal(SIGXFSZ, SIG_IGN);
  // Ctrl-C or a kill (TERM) removes the temporaries being written before the process dies.
  tessera::remove_temporaries_on_signals();
  return sc_core::sc_elab_and_sim(argc, argv);
}
