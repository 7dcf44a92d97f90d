#!/usr/bin/env python3
"""Adds N synthetic closed cases over the past year to a bench city already opened by this build (so migrated), for
timing the property companies' record (docs/BENCHMARKS.md, 物业): two in five lie in a compound of their committee
(with its company), 60 % of those from 12345, half of them rated; 3 % of those are emergency repairs (event:0701), most
reached within 30 minutes. Only case_record rows (no history, no rollups): the figures of the KPI pages of such a city
are not the cases'. Usage: scripts/bench-property-cases.py CITY.sqlite N"""
import random, sqlite3, sys, time
db, n = sys.argv[1], int(sys.argv[2])
con = sqlite3.connect(db)
con.execute("PRAGMA journal_mode=WAL"); con.execute("PRAGMA synchronous=OFF")
cols = [r[1] for r in con.execute("PRAGMA table_info(case_record)")]
base = con.execute(f"SELECT {', '.join(cols)} FROM case_record WHERE node_path IS NOT NULL LIMIT 5000").fetchall()
comp = {}
for cid, path, company in con.execute("SELECT id, node_path, property_company_id FROM compound"):
    comp.setdefault(path, []).append((cid, company))
idx = {c: i for i, c in enumerate(cols)}
def committee(path):
    parts = path.strip('/').split('/')
    return '/' + '/'.join(parts[:4]) + '/' if len(parts) >= 4 else None
now = int(time.time() * 1000); year = 365 * 86400 * 1000
start_id = con.execute("SELECT max(id) FROM case_record").fetchone()[0] + 1
rnd = random.Random(7)
rows = []
t0 = time.time()
sql = f"INSERT INTO case_record ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
for i in range(n):
    r = list(base[i % len(base)])
    r[idx['id']] = start_id + i
    r[idx['number']] = f"S{start_id + i:09d}"
    r[idx['external_ref']] = None
    at = now - rnd.randrange(year)
    r[idx['reported_at']] = at
    for k in ('accepted_at', 'first_dispatched_at', 'dispatched_at', 'started_at', 'handled_at', 'first_handled_at', 'closed_at'):
        r[idx[k]] = at + 3600_000
    r[idx['state']] = 'closed'
    r[idx['rating']] = None
    r[idx['compound_id']] = None; r[idx['property_company_id']] = None
    here = comp.get(committee(r[idx['node_path']] or ''), [])
    if here and rnd.random() < 0.4:
        cid, company = here[rnd.randrange(len(here))]
        r[idx['compound_id']] = cid; r[idx['property_company_id']] = company
        r[idx['source']] = 'hotline' if rnd.random() < 0.6 else 'resident'
        if rnd.random() < 0.5: r[idx['rating']] = rnd.choice([2, 3, 4, 5, 5])
        if company and rnd.random() < 0.03:
            r[idx['category_id']] = 'event:0701'
            r[idx['first_dispatched_at']] = r[idx['dispatched_at']] = at + 60_000
            r[idx['started_at']] = at + 60_000 + rnd.choice([10, 20, 25, 40]) * 60_000
            r[idx['dispatch_count']] = 1 if rnd.random() < 0.85 else 2
    rows.append(r)
    if len(rows) == 20000:
        con.executemany(sql, rows); con.commit(); rows = []
        print(i + 1, round(time.time() - t0), flush=True)
if rows: con.executemany(sql, rows); con.commit()
print("done", n, round(time.time() - t0))
