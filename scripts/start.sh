#!/usr/bin/env bash
# Quick start: install what is missing, build, generate the demo city (once) and serve it on http://127.0.0.1:8080.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release --product chengyun
bin=$(swift build -c release --show-bin-path)/chengyun
db=${CHENGYUN_DATABASE:-var/chengyun.sqlite}
"$bin" demo --database "$db" --if-missing
exec "$bin" serve --database "$db" --host 127.0.0.1 --port "${PORT:-8080}"
