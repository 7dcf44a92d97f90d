#!/usr/bin/env python3
"""Fills a copy of a Shanghai-sized demo city (SQLite, migrated by the server to the registrations' schema) with what
the registration rates read, for measuring GET /api/v1/registrations/rates by hand (docs/BENCHMARKS.md): every
committee's residents tallied as the base data keeps them (~4,080 each, 24.8 million in all), and PER registrations a
committee by the building groups' QR codes (an account each; nine in ten verified, the rest waiting), their last day of
use spread over the last 90 days, with the rollups (node, status, day) those registrations make — as the store keeps
them in the same transaction. Synthetic, deterministic; no person (names and phones are left empty: the rates never
read them). Run once on a fresh copy.

usage: scripts/bench-registrations.py CITY.sqlite [PER]
"""
import random
import sqlite3
import sys
import time
from collections import Counter
from datetime import datetime, timezone

path = sys.argv[1]
per = int(sys.argv[2]) if len(sys.argv) > 2 else 160
rng = random.Random(26)
db = sqlite3.connect(path)
db.execute("PRAGMA foreign_keys = OFF")
db.execute("PRAGMA journal_mode = WAL")
db.execute("PRAGMA synchronous = OFF")
committees = db.execute("SELECT id, path FROM org_node WHERE kind = 'committee' ORDER BY path").fetchall()
today = int((datetime.now(timezone.utc).timestamp() + 8 * 3600) // 86400)
now_ms = int(datetime.now(timezone.utc).timestamp() * 1000)
start = time.time()

# The base data's residents, tallied per committee (the rates' denominators).
db.executemany("INSERT OR REPLACE INTO base_data_tally (committee_id, committee_path, key, count) VALUES (?, ?, 'residents', ?)",
               [(cid, cpath, 4080 + rng.randrange(-800, 800)) for cid, cpath in committees])

# A building group per committee for the registrations to belong to (the rates do not read them).
group = {}
for cid, cpath in committees:
    cur = db.execute("""INSERT INTO building_group (code, name, kind, node_id, node_path, leader_id, leader_user_id, second_leader_id, party_group, chat_group,
                        registration_code, version) VALUES (?, '1号楼组', 'village', ?, ?, NULL, NULL, NULL, NULL, NULL, ?, 1)""",
                     (f"BENCH-{cid}", cid, cpath, f"bench{cid:011d}"))
    group[cid] = cur.lastrowid

rollup = Counter()
users = db.execute("SELECT COALESCE(MAX(id), 0) FROM app_user").fetchone()[0]
made = 0
for cid, cpath in committees:
    nodes = [int(x) for x in cpath.strip("/").split("/")][:4]
    accounts, assignments, registrations = [], [], []
    for n in range(per):
        users += 1
        verified = rng.random() < 0.9
        day = None
        if verified and rng.random() < 0.85:
            day = today - rng.randrange(90)
        accounts.append((users, f"bench.{cid}.{n}", "居民", "x"))
        assignments.append((users, "resident", cid))
        registrations.append((group[cid], cid, cpath, users, "", "", None, "", None, "verified" if verified else "pending", now_ms, None, None, "", day, f"bench-{n}"))
        for node in nodes:
            rollup[(node, "verified" if verified else "pending", (day or 0) if verified else 0)] += 1
    db.executemany("INSERT INTO app_user (id, username, display_name, password_hash) VALUES (?, ?, ?, ?)", accounts)
    db.executemany("INSERT INTO assignment (user_id, role, node_id) VALUES (?, ?, ?)", assignments)
    db.executemany("""INSERT INTO resident_registration (group_id, node_id, node_path, user_id, name, phone, building_id, room, resident_id, status, created_at,
                      decided_at, decided_by, note, last_active_day, client_key) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""", registrations)
    made += len(registrations)
db.executemany("""INSERT INTO registration_rollup (node_id, status, day, n) VALUES (?, ?, ?, ?)
                  ON CONFLICT (node_id, status, day) DO UPDATE SET n = n + excluded.n""", [(k[0], k[1], k[2], v) for k, v in rollup.items()])
db.commit()
print(f"{len(committees)} committees: {made} registrations, {len(rollup)} rollup rows in {time.time() - start:.0f} s")
