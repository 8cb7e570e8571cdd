#!/usr/bin/env bash
# The largest inputs (issue 9): wall time and peak memory of
#  1. a graph of 100,505 operators (gpt:layers=6700,d=64,heads=2, 16 tokens) on edge-npu,
#  2. a 64 MiB ring all-reduce on 16,384 nodes (analytical network),
#  3. a GPT-2 training step on 16,384 nodes (tp 8 x pp 4 x dp 512, analytical network; minutes).
# and the memory estimate against the measured peak for each chip run.
# Usage: bench/bench_limits.sh [path/to/tessera] [--quick]   (--quick skips 3)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build/tessera}
QUICK=${2:-}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

measure() {  # name, then the tessera arguments
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$OUT/time" "$BIN" "$@" --json --out "" > "$OUT/report.json"
  read -r wall kb < "$OUT/time"
  python3 - "$name" "$wall" "$kb" "$OUT/report.json" <<'PY'
import json, sys
name, wall, kb, path = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
r = json.load(open(path))
res = r.get("resources", {})
extra = ""
if res:
    extra = f", {res['operators']} operators, {res['commands']} commands, estimate {res['memory_estimate_bytes'] / 2**20:.0f} MiB"
print(f"{name}: {wall:.1f} s, peak {kb / 1024:.0f} MiB{extra}")
PY
}

measure "100k operators" run --model gpt:layers=6700,d=64,heads=2 --set workload.seq_len=16
measure "16,384-node ring all-reduce" run --hw configs/clusters/ring-8.yaml --set cluster.nodes=16384 \
  --model allreduce:bytes=64MiB,algorithm=ring
if [ "$QUICK" != "--quick" ]; then
  measure "16,384-node GPT-2 training step" run --hw configs/clusters/torus3d-64.yaml --set cluster.nodes=16384 \
    --set "cluster.shape=[16,32,32]" --model gpt2_small --set workload.mode=training --batch 16384 \
    --set cluster.parallelism.tp=8 --set cluster.parallelism.pp=4 --set cluster.parallelism.microbatches=8
fi
