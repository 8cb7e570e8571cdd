#!/usr/bin/env bash
# Opens a Tessera trace (Chrome trace-event JSON, plain or .gz) in speedscope, for users without
# Perfetto UI. speedscope is installed locally under .cache/speedscope from the npm registry the
# first time (nothing global).
#
# Usage: scripts/view_trace.sh [--screenshot PNG] [--dom HTML] TRACE
#   without options: opens the trace in your browser through speedscope's own command line
#   --screenshot PNG: renders it headless with Debian's chromium and saves a picture instead
#   --dom HTML:       also saves the rendered page (used by the browser test)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
speedscope_version="1.22.2"
prefix="$root/.cache/speedscope"
dist="$prefix/node_modules/speedscope/dist/release"

die() { echo "view_trace.sh: $*" >&2; exit 2; }

screenshot="" dom="" trace=""
while [ $# -gt 0 ]; do
  case "$1" in
    --screenshot) [ $# -ge 2 ] || die "--screenshot needs a file"; screenshot="$2"; shift 2 ;;
    --dom) [ $# -ge 2 ] || die "--dom needs a file"; dom="$2"; shift 2 ;;
    -h|--help) sed -n 2,9p "$0"; exit 0 ;;
    -*) die "unknown option '$1'" ;;
    *) [ -z "$trace" ] || die "one trace at a time"; trace="$1"; shift ;;
  esac
done
[ -n "$trace" ] || die "usage: scripts/view_trace.sh [--screenshot PNG] [--dom HTML] TRACE"
[ -f "$trace" ] || die "cannot read trace '$trace'"
case "$trace" in *.partial) die "'$trace' is an unfinished trace (the run that wrote it failed)";; esac

if [ ! -f "$dist/index.html" ]; then
  command -v npm >/dev/null || die "npm is not installed (scripts/setup.sh installs it)"
  echo "view_trace.sh: installing speedscope $speedscope_version into $prefix" >&2
  npm install --silent --no-audit --no-fund --prefix "$prefix" "speedscope@$speedscope_version" >&2 \
    || die "npm could not install speedscope"
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/tessera-view.XXXXXX")"
name="$(basename "$trace")"
plain="$work/${name%.gz}"
# speedscope reads plain JSON only.
case "$trace" in
  *.gz) gzip -dc "$trace" > "$plain" || die "'$trace' is not a valid gzip file" ;;
  *) cp "$trace" "$plain" ;;
esac

if [ -z "$screenshot" ] && [ -z "$dom" ]; then
  exec node "$prefix/node_modules/speedscope/bin/cli.mjs" "$plain"
fi

# Headless: the same loader speedscope's command line writes (a script calling
# loadFileFromBase64), opened from file:// so no server is needed.
chromium_bin="$(command -v chromium || command -v chromium-browser || true)"
[ -n "$chromium_bin" ] || die "chromium is not installed (scripts/setup.sh installs it)"
loader="$work/load.js"
{ printf 'speedscope.loadFileFromBase64(%s, "' "\"${name%.gz}\""; base64 -w0 "$plain"; printf '")'; } > "$loader"
url="file://$dist/index.html#localProfilePath=$loader"
flags=(--headless --no-sandbox --disable-gpu-sandbox --virtual-time-budget=5000 --window-size=1280,800)
if [ -n "$screenshot" ]; then
  timeout 60 "$chromium_bin" "${flags[@]}" --screenshot="$(realpath -m "$screenshot")" "$url" >/dev/null 2>&1 \
    || die "chromium failed to render the trace"
  [ -s "$screenshot" ] || die "chromium wrote no screenshot"
fi
if [ -n "$dom" ]; then
  timeout 60 "$chromium_bin" "${flags[@]}" --dump-dom "$url" > "$dom" 2>/dev/null \
    || die "chromium failed to render the trace"
fi
rm -rf "$work"
