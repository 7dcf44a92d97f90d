"""What the hand-run timing scripts share (scripts/bench-*-time.py): signing in, and timing one GET 20 times after a
warm-up, printed as a row of docs/BENCHMARKS.md's tables (p50, p95, max, size)."""
import time

import requests


def login(base, username, password="chengyun-demo"):
    return requests.post(f"{base}/api/v1/auth/login", json={"username": username, "password": password}).json()["token"]


def run(base, name, path, token, n=20):
    h = {"Authorization": f"Bearer {token}"}
    r = requests.get(base + path, headers=h)
    r.raise_for_status()
    times = []
    for _ in range(n):
        t = time.perf_counter()
        r = requests.get(base + path, headers=h)
        times.append((time.perf_counter() - t) * 1000)
        r.raise_for_status()
    times.sort()
    print(f"| `{path}` ({name}) | {times[len(times)//2]:.1f} ms | {times[int(len(times)*0.95)-1]:.1f} ms | {times[-1]:.1f} ms | {len(r.content):,} B |")
    return r
