#!/usr/bin/python3
"""Compares Tessera's H100-class predictions with bf16 GEMM latencies measured on an H100 SXM
(tests/data/h100_gemm_public.csv, copied from ../shared/refdata; method in refdata/h100.md).

Usage: scripts/h100_calibration.py [path/to/tessera] [extra tessera args, e.g. --set ...]
Prints each shape's measured and predicted time and the error, then the median and maximum
absolute error over the shapes of at least 1 GFLOP (the acceptance set: median <= 15%,
max <= 40%)."""
import csv, json, os, statistics, subprocess, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "build", "tessera")
extra = sys.argv[2:]
errors = []
print(f"{'M':>6} {'N':>6} {'K':>6} {'GFLOP':>8} {'measured_us':>12} {'predicted_us':>13} {'error':>8}")
with open(os.path.join(root, "tests", "data", "h100_gemm_public.csv")) as f:
    for row in csv.DictReader(f):
        m, n, k = int(row["M"]), int(row["N"]), int(row["K"])
        measured = float(row["us"])
        out = subprocess.run([binary, "run", "--hw", os.path.join(root, "configs", "hw", "h100-sxm.yaml"),
                              "--model", f"gemm:M={m},N={n},K={k}", "--set", "workload.precision=bf16",
                              "--json", "--out", ""] + extra, capture_output=True, text=True, check=True)
        predicted = json.loads(out.stdout)["totals"]["latency_s"] * 1e6
        gflop = 2 * m * n * k / 1e9
        err = (predicted - measured) / measured
        mark = "" if gflop >= 1 else "  (below 1 GFLOP: not in the acceptance set)"
        if gflop >= 1:
            errors.append(abs(err))
        print(f"{m:>6} {n:>6} {k:>6} {gflop:>8.2f} {measured:>12.2f} {predicted:>13.2f} {100 * err:>7.1f}%{mark}")
print(f"shapes >= 1 GFLOP: {len(errors)}, median |error| {100 * statistics.median(errors):.1f}%, "
      f"max |error| {100 * max(errors):.1f}%")
