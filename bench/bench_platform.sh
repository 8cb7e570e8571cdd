#!/usr/bin/env bash
# Chip platform speed (issue 13): the transfer-level memory path. For each workload prints the
# wall time, the simulated cycles, the commands, the SystemC process activations per command and
# the wall time per command. Targets: bf16 GEMM 8192^3 on h100-sxm < 0.5 s, 16384^3 < 4 s;
# resnet50 batch 1 on edge-npu < 0.06 s, batch 32 < 0.5 s, batch 1 with bank DRAM < 0.4 s;
# GPT-3 step on 1,024 nodes (configs/runs/gpt3-1024.yaml) < 8 s; wall per command within 30 %
# from 2048^3 to 16384^3; activations per command <= 3 on the DMA path.
# Usage: bench/bench_platform.sh [path/to/tessera] [--quick]   (--quick: stops at 8192^3, no GPT-3)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build/tessera}
QUICK=${2:-}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
printf "%-40s %9s %14s %9s %9s %10s\n" workload wall_s cycles commands act/cmd us/cmd
run() {  # label args...
  local label=$1
  shift
  /usr/bin/time -f "%e" -o "$OUT/time" "$BIN" run "$@" --json --out "" > "$OUT/report.json"
  /usr/bin/python3 - "$label" "$(cat "$OUT/time")" "$OUT/report.json" <<'PY'
import json, sys
label, wall, path = sys.argv[1], float(sys.argv[2]), sys.argv[3]
r = json.load(open(path))
res = r.get("resources", {})
cmds = res.get("commands", 0) or 1
cycles = r["totals"].get("cycles", 0)
print(f"{label:40s} {wall:9.2f} {cycles:14,} {cmds:9,} {res.get('process_activations', 0) / cmds:9.2f} {1e6 * wall / cmds:10.2f}")
PY
}
H100=(--hw configs/hw/h100-sxm.yaml --set workload.precision=bf16)
sizes=(2048 4096 8192)
[[ "$QUICK" == "--quick" ]] || sizes+=(16384)
for n in "${sizes[@]}"; do run "gemm ${n}^3 bf16 h100-sxm" "${H100[@]}" --model "gemm:M=$n,N=$n,K=$n"; done
run "resnet50 b1 edge-npu" --hw configs/hw/edge-npu.yaml --model resnet50
run "resnet50 b32 edge-npu" --hw configs/hw/edge-npu.yaml --model resnet50 --batch 32
run "resnet50 b1 edge-npu bank DRAM" --hw configs/hw/edge-npu.yaml --model resnet50 --set hardware.dram.type=bank
run "resnet50 b1 h100-sxm" --hw configs/hw/h100-sxm.yaml --model resnet50
[[ "$QUICK" == "--quick" ]] || run "gpt3 step 1024 nodes" configs/runs/gpt3-1024.yaml
