"""Read boundary files: GeoJSON, zipped Shapefile (pyshp) and KML (defusedxml).

Each reader yields `RawFeature`s: the feature's position in the file (1-based), its
attributes and its geometry as a GeoJSON dict (None when the file has none for it).
Checking is the importer's job; a reader only refuses a file it cannot read at all.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shapefile
from defusedxml import ElementTree

KML_NS = "{http://www.opengis.net/kml/2.2}"


class FileFormatError(ValueError):
    """The file cannot be read as a boundary file (a Chinese sentence)."""


@dataclass(frozen=True)
class RawFeature:
    index: int
    properties: dict[str, Any]
    geometry: dict[str, Any] | None


def read(path: Path) -> list[RawFeature]:
    """Every feature of the file, by its extension (.geojson/.json, .zip, .kml)."""
    suffix = path.suffix.lower()
    data = path.read_bytes()
    if suffix in (".geojson", ".json"):
        return read_geojson(data)
    if suffix == ".zip":
        return read_shapefile_zip(data)
    if suffix == ".kml":
        return read_kml(data)
    raise FileFormatError(f"不支持的文件类型“{suffix}”：应为 .geojson、.json、.zip（Shapefile）或 .kml")


def read_geojson(data: bytes) -> list[RawFeature]:
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as e:
        raise FileFormatError("文件不是有效的 GeoJSON（UTF-8 编码的 JSON）") from e
    if isinstance(doc, dict) and doc.get("type") == "FeatureCollection":
        features = doc.get("features")
    elif isinstance(doc, dict) and doc.get("type") == "Feature":
        features = [doc]
    else:
        raise FileFormatError("GeoJSON 应为 FeatureCollection 或 Feature（要素需带属性中的代码）")
    if not isinstance(features, list):
        raise FileFormatError("GeoJSON 的 features 应为列表")
    out = []
    for i, f in enumerate(features, start=1):
        f = f if isinstance(f, dict) else {}
        props = f.get("properties") if isinstance(f.get("properties"), dict) else {}
        geom = f.get("geometry") if isinstance(f.get("geometry"), dict) else None
        out.append(RawFeature(i, dict(props or {}), geom))
    return out


def read_shapefile_zip(data: bytes) -> list[RawFeature]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as e:
        raise FileFormatError("文件不是有效的 zip 压缩包") from e
    names = {Path(n).suffix.lower(): n for n in archive.namelist()
             if not n.startswith("__MACOSX") and not n.endswith("/")}
    if ".shp" not in names or ".dbf" not in names:
        raise FileFormatError("zip 中应有 Shapefile 的 .shp 与 .dbf 文件")
    encoding = "utf-8"
    if ".cpg" in names:
        encoding = archive.read(names[".cpg"]).decode("ascii", "ignore").strip() or encoding
    parts = {k: io.BytesIO(archive.read(names[k])) for k in (".shp", ".dbf", ".shx")
             if k in names}
    out = []
    try:
        reader = shapefile.Reader(shp=parts[".shp"], dbf=parts[".dbf"], shx=parts.get(".shx"),
                                  encoding=encoding)
        fields = [f[0] for f in reader.fields[1:]]
        for i, sr in enumerate(reader.iterShapeRecords(), start=1):
            props = dict(zip(fields, list(sr.record), strict=False))
            geom = None if sr.shape.shapeType == shapefile.NULL else dict(
                sr.shape.__geo_interface__)
            out.append(RawFeature(i, props, geom))
    except (shapefile.ShapefileException, UnicodeDecodeError, ValueError) as e:
        raise FileFormatError(f"Shapefile 无法读取（{e}）；非 UTF-8 编码请在 zip 中附 .cpg 文件") from e
    return out


def _coords(text: str | None) -> list[list[float]]:
    points = []
    for token in (text or "").split():
        values = token.split(",")
        if len(values) >= 2:
            points.append([float(values[0]), float(values[1])])
    return points


def _kml_polygon(poly: Any) -> list[list[list[float]]]:
    rings = []
    for tag in ("outerBoundaryIs", "innerBoundaryIs"):
        for boundary in poly.findall(f"{KML_NS}{tag}"):
            ring = boundary.find(f"{KML_NS}LinearRing/{KML_NS}coordinates")
            rings.append(_coords(ring.text if ring is not None else ""))
    return rings


def read_kml(data: bytes) -> list[RawFeature]:
    try:
        root = ElementTree.fromstring(data)
    except Exception as e:  # defusedxml refuses entities; ParseError for broken XML
        raise FileFormatError("文件不是有效的 KML（XML）") from e
    out = []
    for i, mark in enumerate(root.iter(f"{KML_NS}Placemark"), start=1):
        props: dict[str, Any] = {}
        name = mark.find(f"{KML_NS}name")
        if name is not None and name.text:
            props["name"] = name.text.strip()
        for d in mark.iter(f"{KML_NS}Data"):
            value = d.find(f"{KML_NS}value")
            props[d.get("name", "")] = (value.text or "").strip() if value is not None else ""
        for d in mark.iter(f"{KML_NS}SimpleData"):
            props[d.get("name", "")] = (d.text or "").strip()
        try:
            polygons = [_kml_polygon(p) for p in mark.iter(f"{KML_NS}Polygon")]
        except ValueError:
            polygons = []
            props["__error__"] = "坐标不是数字"
        geom: dict[str, Any] | None = None
        if len(polygons) == 1:
            geom = {"type": "Polygon", "coordinates": polygons[0]}
        elif polygons:
            geom = {"type": "MultiPolygon", "coordinates": polygons}
        out.append(RawFeature(i, props, geom))
    return out
