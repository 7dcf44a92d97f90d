#!/usr/bin/env bash
# The whole test suite: system packages, a debug build, then every Swift test (domain, store contract on real
# SQLite files, HTTP over loopback, kill -9 durability against the real binary), then the external clients from
# PyPI against the real server (scripts/test-external.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# Warnings are errors, and a target may import only the targets it declares (swift-nio's CI does both).
swift build --build-tests -Xswiftc -warnings-as-errors --explicit-target-dependency-import-check error
swift test --skip-build 2>&1 | tee .build/test-output.txt
scripts/test-external.sh
