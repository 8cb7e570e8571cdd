#!/usr/bin/env bash
# Cloud versus edge (issue 6): `tessera compare` of the four shipped single-chip configs of
# different classes on resnet50 (target: under 10 s wall), then the H100 calibration against
# measured bf16 GEMMs (scripts/h100_calibration.py; acceptance: median |error| <= 15%, max <= 40%
# over shapes of at least 1 GFLOP).
# Usage: bench/bench_compare.sh [path/to/tessera]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build/tessera}
start=$EPOCHREALTIME
"$BIN" compare configs/hw/edge-tpu.yaml configs/hw/edge-npu.yaml configs/hw/cloud-npu.yaml configs/hw/h100-sxm.yaml \
  --model resnet50
end=$EPOCHREALTIME
/usr/bin/python3 -c "import sys; print(f'compare wall: {float(sys.argv[2]) - float(sys.argv[1]):.2f} s')" "$start" "$end"
/usr/bin/python3 scripts/h100_calibration.py "$BIN"
