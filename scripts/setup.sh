#!/usr/bin/env bash
# Installs Tessera's build dependencies from Debian 12 packages and builds the project.
# Usage: scripts/setup.sh [--deps-only]
# Every package comes from Debian's archive (see ../shared/TOOLCHAIN.md for why each is needed).
set -euo pipefail
cd "$(dirname "$0")/.."

deps_only=0
for arg in "$@"; do
  case "$arg" in
    --deps-only) deps_only=1 ;;
    *) echo "setup.sh: unknown option '$arg'" >&2; exit 2 ;;
  esac
done

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

core_packages=(
  build-essential cmake ninja-build pkg-config
  libsystemc-dev libboost-graph-dev libyaml-cpp-dev libcli11-dev
  libgtest-dev libgmock-dev nlohmann-json3-dev
  libonnx-dev libprotobuf-dev protobuf-compiler
  zlib1g-dev
  clang-format
)

# Tools for viewing and the test tiers, installed when their command is missing (a machine may
# already have them from elsewhere, e.g. a nodejs that bundles npm and conflicts with Debian's):
# headless chromium renders the HTML report and speedscope; node/npm fetch speedscope; a
# single-node Slurm (scripts/slurm-local.sh) runs the Slurm test; gnuplot draws PNG fronts.
tool_packages=(chromium:chromium node:nodejs npm:npm sbatch:slurm-wlm munged:munge gnuplot:gnuplot-nox)

missing=()
for p in "${core_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
for t in "${tool_packages[@]}"; do
  command -v "${t%%:*}" >/dev/null 2>&1 || [ -x "/usr/sbin/${t%%:*}" ] || missing+=("${t#*:}")
done
if [ "${#missing[@]}" -gt 0 ]; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi

# speedscope (trace viewer, scripts/view_trace.sh) from the npm registry into .cache/, not global.
if [ ! -f .cache/speedscope/node_modules/speedscope/dist/release/index.html ]; then
  npm install --silent --no-audit --no-fund --prefix .cache/speedscope speedscope@1.22.2 \
    || echo "setup.sh: warning: npm could not install speedscope; the browser test will skip it" >&2
fi

[ "$deps_only" -eq 1 ] && exit 0

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build build -j "$(nproc)"
