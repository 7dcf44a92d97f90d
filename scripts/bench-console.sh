#!/usr/bin/env bash
# Benchmark of the big screen: the full demo city (2,000 grids, 10,000 cases), `chengyun serve` (release build) on
# loopback, and headless Chromium timing sign-in → every panel drawn. Figures go to docs/BENCHMARKS.md.
# Usage: scripts/bench-console.sh [RUNS] [DATABASE] — DATABASE: a city to serve instead of the demo city, e.g. one
# `chengyun bench analytics --db` built (its `leader` signs in with the demo password).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release --product chengyun
bin=.build/release/chengyun
venv=.build/pyenv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install -q --disable-pip-version-check -r Tests/External/requirements.txt
db=${2:-.build/bench/console-city.sqlite}
mkdir -p .build/bench
[ -n "${2:-}" ] || "$bin" demo --database "$db" --if-missing >/dev/null 2>&1
log=$(mktemp)
"$bin" serve --database "$db" --port 0 --log-level warning >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 1 6000); do url=$(sed -n 's/^chengyun serving \(http:[^ ]*\).*/\1/p' "$log"); [ -n "$url" ] && break; sleep 0.1; done
CHENGYUN_URL="$url" "$venv/bin/python" Tests/External/bench_console.py "${1:-5}"
