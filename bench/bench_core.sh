#!/usr/bin/env bash
# Speed of one accelerator end to end (issue 2): wall time of `tessera run` and simulated cycles
# per wall second, for ResNet-50 (batch 1 and 32) and BERT-base (sequence 512) on both shipped
# chips. Usage: bench/bench_core.sh [path/to/tessera]   (default: build/tessera)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build/tessera}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
printf "%-10s %-22s %10s %16s %14s %18s\n" hw workload wall_s sim_cycles sim_ms cycles_per_wall_s
for hw in edge-npu cloud-npu; do
  for w in "resnet50 1" "resnet50 32" "bert_base 1 512"; do
    set -- $w
    model=$1; batch=$2; seq=${3:-128}
    start=$(date +%s.%N)
    "$BIN" run --hw "configs/hw/$hw.yaml" --model "$model" --batch "$batch" --set workload.seq_len="$seq" \
      --json --out "$OUT/r" > "$OUT/report.json"
    end=$(date +%s.%N)
    /usr/bin/python3 - "$OUT/report.json" "$start" "$end" "$hw" "$model b$batch s$seq" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
wall = float(sys.argv[3]) - float(sys.argv[2])
cyc = r["totals"]["cycles"]
print(f"{sys.argv[4]:<10} {sys.argv[5]:<22} {wall:10.3f} {cyc:16d} {r['totals']['latency_s']*1e3:14.3f} {cyc/wall:18.3e}")
PY
  done
done
