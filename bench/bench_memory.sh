#!/usr/bin/env bash
# Memory-hierarchy speed (issue 4): simulated cycles per wall second at both DRAM fidelity
# levels, for ResNet-50 batch 1 on the edge chip (target: under 3 s with bank-level DRAM) and
# BERT-base (sequence 512) on the 64-core chip (target: under 30 s).
# Usage: bench/bench_memory.sh [path/to/tessera]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build/tessera}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
printf "%-14s %-22s %-7s %9s %14s %16s\n" hw workload dram wall_s sim_cycles cycles_per_wall_s
run() {  # hw model seq dram
  local start end
  start=$EPOCHREALTIME
  "$BIN" run --hw "configs/hw/$1.yaml" --model "$2" --set workload.seq_len="$3" --set simulation.dram="$4" \
    --json --out "$OUT/r" > "$OUT/report.json"
  end=$EPOCHREALTIME
  /usr/bin/python3 - "$OUT/report.json" "$start" "$end" "$1" "$2 s$3" "$4" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
wall = float(sys.argv[3]) - float(sys.argv[2])
cyc = r["totals"]["cycles"]
print(f"{sys.argv[4]:<14} {sys.argv[5]:<22} {sys.argv[6]:<7} {wall:9.3f} {cyc:14d} {cyc/wall:16.3e}")
PY
}
for dram in simple bank; do
  run edge-npu resnet50 128 $dram
  run manycore-npu bert_base 512 $dram
done
