#!/usr/bin/env bash
# Cost of tracing (issue 7).
#  1. Overhead: wall time of ResNet-50 batch 1 on edge-npu without a trace and with a
#     command-level trace (median of 5 runs each; target: under 30 % more).
#  2. Scale: a packet-level trace of about 1 GB (ResNet-50 batch 12, bank-level DRAM, no event
#     limit) with the peak RSS of the writing process (target: under 200 MB, i.e. the trace is
#     streamed, never held), then the same trace gzip-compressed.
# Usage: bench/bench_trace.sh [path/to/tessera]   (needs about 1.2 GB free in $TMPDIR)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build/tessera}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

median_wall() {  # runs the command 5 times, prints the median wall seconds
  local times=()
  for _ in 1 2 3 4 5; do
    local s=$EPOCHREALTIME
    "$@" > /dev/null
    local e=$EPOCHREALTIME
    times+=("$(python3 -c "print(float('$e') - float('$s'))")")
  done
  printf "%s\n" "${times[@]}" | sort -g | sed -n 3p
}

run=("$BIN" run --hw configs/hw/edge-npu.yaml --model resnet50 --batch 1 --out "$OUT/r")
plain=$(median_wall "${run[@]}")
traced=$(median_wall "${run[@]}" --trace "$OUT/t.json")
events=$(grep -o '"ph":"X"' "$OUT/t.json" | wc -l)
python3 -c "
p, t = float('$plain'), float('$traced')
print(f'resnet50 b1 edge-npu: untraced {p:.3f} s, command trace {t:.3f} s ({$events} slices): overhead {100 * (t - p) / p:.1f} %')"

big=("$BIN" run --hw configs/hw/edge-npu.yaml --model resnet50 --batch 12 --set simulation.dram=bank
     --trace-level packet --trace-max-events 100000000 --out "$OUT/r")
for suffix in json json.gz; do
  s=$EPOCHREALTIME
  /usr/bin/time -f "%M" -o "$OUT/rss" "${big[@]}" --trace "$OUT/big.$suffix" > /dev/null
  e=$EPOCHREALTIME
  size=$(stat -c %s "$OUT/big.$suffix")
  python3 - "$suffix" "$size" "$s" "$e" "$OUT/rss" <<'PY'
import sys
suffix, size, s, e, rss = sys.argv[1:]
peak = int(open(rss).read().split()[-1]) / 1024
print(f"packet trace .{suffix}: {int(size) / 1e9:.2f} GB written in {float(e) - float(s):.1f} s, peak RSS {peak:.0f} MB")
PY
  rm -f "$OUT/big.$suffix"
done
