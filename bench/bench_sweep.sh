#!/usr/bin/env bash
# Sweep speed (issue 8).
#  1. A 200-point edge sweep on resnet18 with --jobs 2 (target: under 5 minutes on 2 cores).
#  2. Per-point overhead beyond the simulation (process start, config resolution, result
#     writing; target: under 50 ms): 200 points of an 8x8x8 GEMM, whose simulation is nearly
#     nothing, run one at a time; the wall time per point is the overhead. The children's own
#     wall times (status.json) split it into the child (process start, config, simulation,
#     writing report files) and the parent (planning, spawning, status and results).
# Usage: bench/bench_sweep.sh [path/to/tessera]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath "${1:-build/tessera}")
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

timed() {  # prints the wall seconds of the command
  local s=$EPOCHREALTIME
  "$@" > /dev/null 2>&1
  local e=$EPOCHREALTIME
  python3 -c "print(f'{float(\"$e\") - float(\"$s\"):.2f}')"
}

wall=$(timed "$BIN" sweep bench/sweeps/edge-resnet18-200.yaml --jobs 2 --out "$OUT/edge")
ok=$(grep -c ',ok,' "$OUT/edge/results.csv" || true)
echo "edge-resnet18-200: 200 points ($ok ok) with --jobs 2 in $wall s"

wall=$(timed "$BIN" sweep bench/sweeps/overhead-200.yaml --jobs 1 --out "$OUT/over")
python3 - "$OUT/over" "$wall" <<'PY'
import json, os, sys
d, wall = sys.argv[1], float(sys.argv[2])
child = [json.load(open(os.path.join(d, "points", p, "status.json")))["wall_s"] for p in os.listdir(os.path.join(d, "points"))]
n = len(child)
print(f"overhead-200: {n} trivial points in {wall:.2f} s = {1e3 * wall / n:.1f} ms per point "
      f"(child process {1e3 * sum(child) / n:.1f} ms, sweep parent {1e3 * (wall - sum(child)) / n:.1f} ms)")
PY
