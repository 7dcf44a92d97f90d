#!/usr/bin/env python3
"""Times the registration rates and the committee's list (docs/BENCHMARKS.md) on a city filled by
scripts/bench-registrations.py and served at URL: the city, the district with the most committees, its street with the
most, that street's first committee; 20 requests each after a warm-up. Prints the table's rows.

usage: scripts/bench-registrations-time.py CITY.sqlite [URL]   (needs `requests`)
"""
import sqlite3
import sys

import bench_timing

BASE = sys.argv[2] if len(sys.argv) > 2 else "http://127.0.0.1:8941"
db = sqlite3.connect(sys.argv[1])
def biggest(kind, under):
    return db.execute(f"""SELECT p.id, p.name, p.path, (SELECT count(*) FROM org_node c WHERE c.kind='committee' AND c.path LIKE p.path||'%') n
                          FROM org_node p WHERE p.kind=? AND p.path LIKE ? ORDER BY n DESC LIMIT 1""", (kind, under + '%')).fetchone()
district = biggest("district", "/")
street = biggest("street", district[2])
committee = db.execute("SELECT id, code FROM org_node WHERE kind='committee' AND path LIKE ? ORDER BY path LIMIT 1", (street[2] + '%',)).fetchone()
streets = db.execute("SELECT count(*) FROM org_node WHERE kind='street' AND path LIKE ?", (district[2] + '%',)).fetchone()[0]
admin, worker = bench_timing.login(BASE, "admin"), bench_timing.login(BASE, f"cw.{committee[1]}")
def run(name, path, token, n=20):
    return bench_timing.run(BASE, name, path, token, n)
r = run("the city: 16 districts", "/api/v1/registrations/rates", admin)
print("  city row", r.json()["rows"][0])
run(f"a district: {streets} streets", f"/api/v1/registrations/rates?nodeId={district[0]}", admin)
run(f"a street: {street[3]} committees", f"/api/v1/registrations/rates?nodeId={street[0]}", admin)
run("a committee", "/api/v1/registrations/rates", worker)
run("a committee's waiting, first page", "/api/v1/registrations?status=pending", worker)
run("a committee's registrations, first page", "/api/v1/registrations", worker)
