#!/usr/bin/env python3
"""Fills a copy of a Shanghai-sized demo city (SQLite) with a year of what the ledgers' report reads, for measuring
GET /api/v1/ledgers/report by hand (docs/BENCHMARKS.md): for every committee, 20 kept entries a month, two 三会 held
a month, 300 door visits of a sweep over the year, and the KPI rollups' daily rows of ~1,500 cases a committee a year
(reported and closed) for every node down to the committees. Synthetic, deterministic; no person. The rows go in
directly, so the ledger rollups are left to the server, which counts them from the data when it first starts on the
file (`setting` `ledger.rollup.offset` absent).

usage: scripts/bench-ledgers.py CITY.sqlite [YEAR]
"""
import random
import sqlite3
import sys
import time
from datetime import date

path = sys.argv[1]
year = int(sys.argv[2]) if len(sys.argv) > 2 else 2026
rng = random.Random(14)
db = sqlite3.connect(path)
db.execute("PRAGMA foreign_keys = OFF")
db.execute("PRAGMA journal_mode = WAL")
db.execute("PRAGMA synchronous = OFF")
committees = db.execute("SELECT id, path FROM org_node WHERE kind = 'committee' ORDER BY path").fetchall()
upper = db.execute("SELECT id, path FROM org_node WHERE kind IN ('city','district','street') ORDER BY path").fetchall()
first = date(year, 1, 1).toordinal() - date(1970, 1, 1).toordinal()
days = 365
day_ms = 86_400_000
offset_ms = 8 * 3600 * 1000
start = time.time()
print(f"{len(committees)} committees, {len(upper)} nodes above them", flush=True)

# Kept entries: 20 a month for every committee, in the baseline's three kept ledgers (4 meeting, 5 reception, 6 activity).
rows = []
for cid, cpath in committees:
    for month in range(12):
        for k in range(20):
            d = first + month * 30 + rng.randrange(30)
            item = (4, 5, 6)[k % 3]
            rows.append((item, cid, cpath, d, "例会" if item == 4 else "接待" if item == 5 else "活动", "居委", rng.randrange(1, 40), "",
                         None, "bench", (d * 86_400_000) - offset_ms, f"bench:{month}:{k}", "typed"))
db.executemany("""INSERT INTO ledger_entry (item_id, node_id, node_path, day, title, place, participants, content, recorded_by_id, recorded_by,
                  recorded_at, client_key, origin) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)""", rows)
print(f"ledger_entry +{len(rows)} in {time.time() - start:.0f} s", flush=True)

# 三会: two held a month in every committee.
rows = []
for cid, cpath in committees:
    for month in range(12):
        for k in range(2):
            held = ((first + month * 30 + rng.randrange(30)) * day_ms) - offset_ms + 10 * 3600 * 1000
            rows.append((cid, cpath, ("hearing", "coordination", "evaluation")[k], "议事会", "书记", held, "居委", "held", "居民代表", rng.randrange(8, 40), held, "bench", 2))
db.executemany("""INSERT INTO community_consultation (node_id, node_path, kind, title, host, scheduled_at, place, status, participants, participant_count,
                  held_at, created_by, version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)""", rows)
print(f"community_consultation +{len(rows)} in {time.time() - start:.0f} s", flush=True)

# A city-wide sweep, 300 door visits a committee over the year (and as many by phone, which the ledger does not count).
sweep = db.execute("""INSERT INTO sweep (code, title, subject, area_id, area_path, guide, starts_on, due_on, launched_by, launched_at)
                      VALUES ('BENCH-LG', '四查四清', 'house', ?, ?, '', ?, ?, 'bench', 0)""", (upper[0][0], upper[0][1], first, first + 365)).lastrowid
rows = []
subject = 0
for cid, cpath in committees:
    for k in range(600):
        subject += 1
        taken = (first + rng.randrange(days)) * 86_400 - 8 * 3600 + 36_000
        rows.append((sweep, subject, 1, cid, cpath, None, "visit" if k % 2 == 0 else "phone", taken, taken, None, "楼组长", f"b{subject}", None, None, 0))
db.executemany("""INSERT INTO sweep_result (sweep_id, subject_id, building_id, node_id, node_path, group_id, method, taken_at, received_at, by_user_id,
                  by_name, client_key, recorded_use, recorded_residents, differs) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""", rows)
print(f"sweep_result +{len(rows)} in {time.time() - start:.0f} s", flush=True)

# The KPI rollups' daily node rows: ~4 cases a committee a day reported and closed, summed up the tree.
totals = {}
paths = {cid: cpath for cid, cpath in committees}
ids_by_path = {p: i for i, p in upper}
rows = []
for cid, cpath in committees:
    ancestors = [ids_by_path[p] for p in ids_by_path if cpath.startswith(p)]
    for d in range(days):
        reported, closed = rng.randrange(2, 7), rng.randrange(2, 7)
        rows.append((cid, first + d, reported, closed))
        for a in ancestors:
            t = totals.setdefault((a, first + d), [0, 0])
            t[0] += reported
            t[1] += closed
rows += [(n, d, r, c) for (n, d), (r, c) in totals.items()]
db.executemany("""INSERT INTO case_rollup_node (node_id, day, reported, closed_on) VALUES (?,?,?,?)
                  ON CONFLICT (node_id, day) DO UPDATE SET reported = reported + excluded.reported, closed_on = closed_on + excluded.closed_on""", rows)
print(f"case_rollup_node +{len(rows)} in {time.time() - start:.0f} s", flush=True)
db.commit()
db.execute("ANALYZE")
db.close()
print(f"done in {time.time() - start:.0f} s")
