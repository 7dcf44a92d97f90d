#!/usr/bin/env bash
# The whole test suite: system packages, a debug build, then every Swift test (domain, store contract on real
# SQLite files, HTTP over loopback, kill -9 durability against the real binary), then the external clients from
# PyPI against the real server (scripts/test-external.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build --build-tests
swift test --skip-build 2>&1 | tee .build/test-output.txt
scripts/test-external.sh
