#!/usr/bin/env bash
# Cluster speed (issue 5). Targets: analytical backend, 64 MiB ring all-reduce over 4,096 nodes
# in under 2 s and 16,384 in under 10 s; packet backend over 1,024 nodes in under 60 s with
# under 4 GiB of memory. Reference (ASTRA-sim analytical, same machine class): 10.7 s for 1,024
# nodes, 390 s for 4,096. Also times a GPT-3 175B training step on 1,024 nodes (tp 8 x pp 16 x
# dp 8, configs/runs/gpt3-1024.yaml), which is dominated by the cycle-level simulation of one
# node's micro-batch (all 96 layers, forward and backward).
# Usage: bench/bench_cluster.sh [path/to/tessera] [--skip-gpt3]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build/tessera}
SKIP_GPT3=${2:-}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
printf "%-10s %-44s %7s %10s %12s %12s\n" backend workload nodes wall_s max_rss_MiB simulated_s
run() {  # backend nodes model [extra args...]
  local backend=$1 nodes=$2 model=$3
  shift 3
  /usr/bin/time -f "%e %M" -o "$OUT/time" "$BIN" run --hw configs/clusters/ring-8.yaml --model "$model" \
    --set cluster.nodes="$nodes" --set simulation.network="$backend" "$@" --json --out "" > "$OUT/report.json"
  read -r wall rss < "$OUT/time"
  sim=$(/usr/bin/python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['totals']['latency_s'])" "$OUT/report.json")
  printf "%-10s %-44s %7s %10s %12d %12.6g\n" "$backend" "$model" "$nodes" "$wall" $((rss / 1024)) "$sim"
}
for n in 1024 4096 16384; do run analytical $n allreduce:bytes=64MiB,algorithm=ring; done
run analytical 4096 allreduce:bytes=64MiB,algorithm=ring,count=2
run packet 1024 allreduce:bytes=64MiB,algorithm=ring
run packet 256 alltoall:bytes=64MiB
if [[ "$SKIP_GPT3" != "--skip-gpt3" ]]; then
  /usr/bin/time -f "%e %M" -o "$OUT/time" "$BIN" run configs/runs/gpt3-1024.yaml --json --out "" > "$OUT/report.json"
  read -r wall rss < "$OUT/time"
  sim=$(/usr/bin/python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['totals']['step_time_s'])" "$OUT/report.json")
  printf "%-10s %-44s %7s %10s %12d %12.6g\n" analytical "gpt3 training step (tp8 pp16 dp8)" 1024 "$wall" $((rss / 1024)) "$sim"
fi
