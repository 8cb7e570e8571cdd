#!/usr/bin/env bash
# Runs one libFuzzer target of Tessera for a while (issue "Hardening", fuzzing).
#
# Usage: scripts/fuzz.sh TARGET SECONDS
#   TARGET: config | sweep | onnx | units (or fuzz_config, ...): see fuzz/*.cpp
#
# What: configures (once) and builds build-fuzz/ with Clang, libFuzzer, ASan and UBSan
# (-DTESSERA_FUZZ=ON), building only that target; copies the seed corpus fuzz/corpus/TARGET into a
# working corpus build-fuzz/corpus/TARGET (new inputs go there, never into the repository) and
# fuzzes for SECONDS, then prints one summary line. Crashes, hangs (-timeout=10), leaks and
# out-of-memory inputs (-rss_limit_mb=2048) are saved in build-fuzz/findings/TARGET/ and the run
# keeps going (libFuzzer's fork mode with one worker); the full log is
# build-fuzz/logs/TARGET-DATE.log. Replay one input (with the stack of a UBSan report):
#   UBSAN_OPTIONS=print_stacktrace=1 build-fuzz/fuzz/fuzz_TARGET FILE
# Why: the config, sweep and ONNX readers take files from users; they must reject bad input
# with an error, never crash, hang or corrupt memory.
#
# The build runs `nice -n 10 ninja -j1` (FUZZ_JOBS=N for more) and the fuzzer runs under nice,
# so a shared 2-core machine stays usable. FUZZ_FORK=0 stops at the first finding instead.
# Exit status: 0 no new findings, 1 new findings (or a failed build), 2 usage error.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
usage() { echo "usage: scripts/fuzz.sh TARGET SECONDS (TARGET: config|sweep|onnx|units)" >&2; exit 2; }

[ $# -eq 2 ] || usage
target="${1#fuzz_}"
seconds="$2"
case "$target" in config|sweep|onnx|units) ;; *) usage ;; esac
[[ "$seconds" =~ ^[1-9][0-9]*$ ]] || usage

build="$root/build-fuzz"
bin="$build/fuzz/fuzz_$target"
corpus="$build/corpus/$target"
findings="$build/findings/$target"
logs="$build/logs"

# Configure if needed (a new folder, or one configured without TESSERA_FUZZ).
if [ ! -f "$build/build.ninja" ] || ! grep -q '^TESSERA_FUZZ:BOOL=ON$' "$build/CMakeCache.txt" 2>/dev/null; then
  CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DTESSERA_FUZZ=ON \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
nice -n 10 ninja -C "$build" -j"${FUZZ_JOBS:-1}" "fuzz_$target"

# Per-target limits: sweep files are capped at 4 KiB by the target; configs are at most ~6 KB;
# the ONNX seeds reach 170 KB; expressions come from sweep files (4 KiB), so units gets 4 KiB too.
dict=()
case "$target" in
  config) max_len=8192; dict=(-dict="$root/fuzz/config.dict") ;;
  sweep) max_len=4096; dict=(-dict="$root/fuzz/config.dict") ;;
  onnx) max_len=262144 ;;
  units) max_len=4096 ;;
esac

mkdir -p "$corpus" "$findings" "$logs" "$build/tmp" "$build/work/$target"
cp -n "$root/fuzz/corpus/$target/"* "$corpus/" 2>/dev/null || true
log="$logs/$target-$(date +%Y%m%d-%H%M%S).log"
before=$(find "$findings" -type f | wc -l)

mode=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
[ "${FUZZ_FORK:-1}" = 0 ] && mode=()
# The working folder is empty, so relative includes in inputs do not reach the repository;
# TMPDIR holds the targets' private folders (see fuzz_sweep.cpp, fuzz_onnx.cpp).
set +e
(cd "$build/work/$target" && TMPDIR="$build/tmp" UBSAN_OPTIONS="print_stacktrace=1:${UBSAN_OPTIONS:-}" \
  nice -n 10 "$bin" "${mode[@]}" "${dict[@]}" \
  -max_len=$max_len -timeout=10 -rss_limit_mb=2048 -max_total_time="$seconds" -print_final_stats=1 \
  -artifact_prefix="$findings/" "$corpus" </dev/null >"$log" 2>&1)
rc=$?
rm -rf "$build/tmp"/tessera-fuzz-* "$build/tmp"/libFuzzerTemp.* 2>/dev/null

after=$(find "$findings" -type f | wc -l)
last=$(grep -aE '^#[0-9]+' "$log" | tail -1 || true)
execs=$(sed -nE 's/^#([0-9]+).*/\1/p' <<<"$last")
cov=$(grep -aoE 'cov: [0-9]+' <<<"$last" | awk '{print $2}')
ft=$(grep -aoE 'ft: [0-9]+' <<<"$last" | awk '{print $2}')
kinds=$(grep -aoE 'oom/timeout/crash: [0-9/]+' <<<"$last" | awk '{print " (oom/timeout/crash " $2 ")"}')
corp=$(find "$corpus" -type f | wc -l)
echo "fuzz_$target: ${seconds}s, ${execs:-?} execs, cov ${cov:-?}, ft ${ft:-?}, corpus $corp," \
     "$((after - before)) new findings${kinds} ($after in ${findings#$root/}), libFuzzer exit $rc, log ${log#$root/}"
[ "$after" -eq "$before" ]
