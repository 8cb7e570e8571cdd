#!/usr/bin/env bash
# Prints totals.cycles of the transfer-level memory path (the default simulation.dma_quantum)
# against the per-burst reference (simulation.dma_quantum=0: every burst booked at the kernel
# time it is issued, in time order) for every shipped chip and the given zoo models.
# Usage: scripts/memory_path_table.sh [build/tessera] [model...]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/tessera}
shift || true
models=("$@")
[ ${#models[@]} -gt 0 ] || models=(resnet50 bert_base gpt2_small)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cycles() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["totals"]["cycles"])' "$1/report.json"; }
printf '%-14s %-11s %14s %14s %8s %8s %8s\n' chip model per_burst transfer diff_% burst_s transfer_s
for hw in configs/hw/*.yaml; do
  chip=$(basename "$hw" .yaml)
  for model in "${models[@]}"; do
    t0=$(date +%s.%N)
    "$bin" run --hw "$hw" --model "$model" --set simulation.dma_quantum=0s --out "$scratch/b" > /dev/null
    t1=$(date +%s.%N)
    "$bin" run --hw "$hw" --model "$model" --out "$scratch/t" > /dev/null
    t2=$(date +%s.%N)
    b=$(cycles "$scratch/b"); t=$(cycles "$scratch/t")
    printf '%-14s %-11s %14s %14s %8.2f %8.2f %8.2f\n' "$chip" "$model" "$b" "$t" \
      "$(python3 -c "print(100*($t-$b)/$b)")" "$(python3 -c "print($t1-$t0)")" "$(python3 -c "print($t2-$t1)")"
  done
done
