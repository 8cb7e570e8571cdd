#!/usr/bin/env bash
# Frontend speed (issue 3): ONNX import + passes (+ lowering) of each fixture, through
# `tessera graph` (no simulation). Target: vit_b_16 (about 1,000 ONNX nodes) under 0.5 s.
# Usage: bench/bench_frontend.sh [path/to/tessera]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build/tessera}
printf "%-16s %8s %10s %10s\n" model nodes ops wall_s
for f in tests/data/onnx/*.onnx; do
  nodes=$(/usr/bin/python3 -c "import onnx,sys; print(len(onnx.load(sys.argv[1]).graph.node))" "$f" 2>/dev/null || echo "?")
  best=999
  for i in 1 2 3; do
    start=$EPOCHREALTIME
    ops=$("$BIN" graph "$f" | grep -o '^totals: [0-9]*' | grep -o '[0-9]*')
    end=$EPOCHREALTIME
    best=$(awk -v a="$start" -v b="$end" -v m="$best" 'BEGIN { t = b - a; print (t < m ? t : m) }')
  done
  printf "%-16s %8s %10s %10.3f\n" "$(basename "$f" .onnx)" "$nodes" "$ops" "$best"
done
