#!/usr/bin/env bash
# The whole test suite: system packages, a debug build, then every Swift test (domain, store contract on real
# SQLite files and on a real PostgreSQL server, HTTP over loopback, kill -9 durability against the real binary), then the external clients from
# PyPI against the real server (scripts/test-external.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# Warnings are errors, and a target may import only the targets it declares (swift-nio's CI does both).
swift build --build-tests -Xswiftc -warnings-as-errors --explicit-target-dependency-import-check error
# The PostgreSQL adapter's tests run against a real server in a temporary folder, stopped and removed at the end.
pg=$(mktemp -d)
trap 'scripts/postgres.sh stop "$pg"; rm -rf "$pg"' EXIT
CHENGYUN_TEST_POSTGRES=$(scripts/postgres.sh start "$pg")
export CHENGYUN_TEST_POSTGRES
swift test --skip-build 2>&1 | tee .build/test-output.txt
if grep -q 'Suite "存储契约 store contract — PostgreSQL" skipped' .build/test-output.txt; then
  echo "test: the PostgreSQL tests were skipped"; exit 1
fi
# The HTTP suite again, every test city on a fresh PostgreSQL database (suites that behave the same on either store —
# the HTTP layer's own checks, the configuration, the binary's durability — are marked to run once, in the first pass),
# beside the external clients against the real server (scripts/test-external.sh): one waits mostly on PostgreSQL, the
# other on a browser, so the two share the machine's cores; the PostgreSQL pass's output follows the external one's.
# (The background pass inherits errexit: its status is read from `wait`, never left to `set -e`, or a failure there
# would end this script before its output is printed.)
(CHENGYUN_TEST_STORE=postgres swift test --skip-build --filter ChengyunHTTPTests > .build/test-output-postgres.txt 2>&1) &
postgres_pass=$!
external=0
scripts/test-external.sh || external=$?
postgres=0
wait "$postgres_pass" || postgres=$?
cat .build/test-output-postgres.txt
if [ "$postgres" != 0 ]; then echo "test: the HTTP suite on PostgreSQL failed (exit $postgres)"; exit 1; fi
if [ "$external" != 0 ]; then echo "test: the external clients failed"; exit "$external"; fi
