#!/usr/bin/env python3
"""Times the ledgers' report and entries (docs/BENCHMARKS.md) on a city filled by scripts/bench-ledgers.py and served
at URL: the district with the most committees, its street with the most, that street's first committee; 20 requests
each after a warm-up. Prints the table's rows.

usage: scripts/bench-ledgers-time.py CITY.sqlite [URL]   (needs `requests`)
"""
import sqlite3
import sys

import bench_timing

BASE = sys.argv[2] if len(sys.argv) > 2 else "http://127.0.0.1:18099"
db = sqlite3.connect(sys.argv[1])
district = db.execute("""SELECT d.id, d.name, (SELECT count(*) FROM org_node c WHERE c.kind='committee' AND c.path LIKE d.path||'%') n
                         FROM org_node d WHERE d.kind='district' ORDER BY n DESC LIMIT 1""").fetchone()
dpath = db.execute("SELECT path FROM org_node WHERE id=?", (district[0],)).fetchone()[0]
street = db.execute("""SELECT s.id, s.name, (SELECT count(*) FROM org_node c WHERE c.kind='committee' AND c.path LIKE s.path||'%') n
                       FROM org_node s WHERE s.kind='street' AND s.path LIKE ? ORDER BY n DESC LIMIT 1""", (dpath + '%',)).fetchone()
spath = db.execute("SELECT path FROM org_node WHERE id=?", (street[0],)).fetchone()[0]
committee = db.execute("SELECT id, code, name FROM org_node WHERE kind='committee' AND path LIKE ? ORDER BY path LIMIT 1", (spath + '%',)).fetchone()
streets = db.execute("SELECT count(*) FROM org_node WHERE kind='street' AND path LIKE ?", (dpath + '%',)).fetchone()[0]
print("district", district, "streets", streets, "street", street, "committee", committee)
admin, worker = bench_timing.login(BASE, "admin"), bench_timing.login(BASE, f"cw.{committee[1]}")
def run(name, path, token, n=20):
    return bench_timing.run(BASE, name, path, token, n)
m = "2026-11"
r = run("the city: 16 districts", f"/api/v1/ledgers/report?month={m}", admin)
print("  city row", r.json()["rows"][0]["figures"])
run(f"a district: {streets} streets", f"/api/v1/ledgers/report?month={m}&nodeId={district[0]}", admin)
run(f"a street: {street[2]} committees", f"/api/v1/ledgers/report?month={m}&nodeId={street[0]}", admin)
run("a committee", f"/api/v1/ledgers/report?month={m}", worker)
run("a committee, XLSX", f"/api/v1/ledgers/report.xlsx?month={m}", worker)
run("the city, XLSX", f"/api/v1/ledgers/report.xlsx?month={m}", admin)
run("a committee's entries, first page", f"/api/v1/ledger-entries?from=2026-11-01&to=2026-11-30&limit=30", worker)
run("a street's entries, first page of a month", f"/api/v1/ledger-entries?nodeId={street[0]}&from=2026-11-01&to=2026-11-30&limit=30", admin)
run("a district's entries, first page, any day", f"/api/v1/ledger-entries?nodeId={district[0]}&limit=30", admin)
