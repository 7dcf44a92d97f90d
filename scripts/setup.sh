#!/usr/bin/env bash
# Installs the system packages Chengyun needs on a Debian machine, only those missing.
#   libsqlite3-dev  SQLite headers and library for GRDB (WAL, R*Tree, FTS5)
#   libxml2         XML parsing for FoundationXML (CAP warnings received)
#   zlib1g-dev      zlib for ZIPFoundation (the KPI export's XLSX container)
#   pkg-config      how the package manager finds zlib
#   sqlite3         the SQLite shell: backups, and the demo-determinism test reads databases with it
#   wrk             HTTP load generator for `chengyun bench`
#   python3, python3-venv  the external client tests (Open311 client from PyPI), unless a Python with venv is on PATH
#   libjs-leaflet, libjs-leaflet.markercluster, libjs-chart.js  the console's map and charts, served by our server
#   node-qrcode-generator  draws building groups' registration QR codes in the console (served by our server)
#   fonts-noto-cjk  Chinese glyphs for the console (the wall display and the browser tests)
#   chromium, chromium-driver  the headless browser the console's end-to-end tests drive
#   postgresql-15, postgresql-contrib  PostgreSQL for a city's deployment (pg_trgm for Chinese search); the tests start
#                   a throwaway server of it (scripts/postgres.sh)
#   nginx           the load balancer in front of several nodes (the tests run one with a configuration of their own)
set -euo pipefail
packages=(libsqlite3-dev libxml2 zlib1g-dev pkg-config sqlite3 wrk libjs-leaflet libjs-leaflet.markercluster libjs-chart.js node-qrcode-generator fonts-noto-cjk chromium chromium-driver postgresql-15 postgresql-contrib nginx)
python3 -m venv --help >/dev/null 2>&1 || packages+=(python3 python3-venv)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v swift >/dev/null || { echo "setup: swift is not on PATH (expected Swift 6.x, e.g. /opt/swift/usr/bin)"; exit 1; }
