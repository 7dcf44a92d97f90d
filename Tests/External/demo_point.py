"""Prints the middle of the largest grid of committee 310101001001 — the demo inspector's — as `lon,lat`, read from the
running server's map (the demo lays its grids over Shanghai's real districts, so the tests ask the city where it is
rather than assuming it). The largest grid is a whole cell, so the point is far from any boundary and a test's tap on a
map fitted to the city still lands inside it.

    python demo_point.py http://127.0.0.1:PORT
"""
import sys

import requests


def inside(ring, x, y):
    hit = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) / (y1 - y0) * (x1 - x0):
            hit = not hit
    return hit


def area(ring):
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:]))) / 2


def main(base):
    token = requests.post(f"{base}/api/v1/auth/login", json={"username": "insp.310101001001", "password": "chengyun-demo"}).json()["token"]
    grids = requests.get(f"{base}/api/v1/map/areas?kind=grid", headers={"Authorization": f"Bearer {token}"}).json()["features"]
    rings = [f["geometry"]["coordinates"][0] for f in grids
             if f["properties"]["code"].startswith("310101001001") and f["geometry"]["type"] == "Polygon"]
    ring = max(rings, key=area)
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    # The point of a 9×9 raster over the box that lies inside and is nearest the box's middle.
    points = [(min(xs) + (max(xs) - min(xs)) * (i + 0.5) / 9, min(ys) + (max(ys) - min(ys)) * (j + 0.5) / 9) for i in range(9) for j in range(9)]
    middle = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
    x, y = min((p for p in points if inside(ring, *p)), key=lambda p: (p[0] - middle[0]) ** 2 + (p[1] - middle[1]) ** 2)
    print(f"{x:.6f},{y:.6f}")


if __name__ == "__main__":
    main(sys.argv[1])
