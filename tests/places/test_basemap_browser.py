"""The base map: tiles from a local tile server through NUANXIN_MAP_TILES (a GCJ-02
source, like AMap); a station's marker must sit on the tile pixel of the station's
GCJ-02 point. Each generated tile is grey with a red dot where that station lies, so the
screenshot shows whether marker and map agree (a WGS-84 marker would be ~500 m off)."""

from __future__ import annotations

import io
import math
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from nuanxin.kernel.coords import wgs84_to_gcj02
from nuanxin.stations.services import StationData, create_station

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STATION = (115.4931, 35.2417)  # WGS-84
ZOOM = 15


def world_px(lng: float, lat: float, z: int) -> tuple[float, float]:
    s = math.sin(math.radians(lat))
    size = 256 * 2 ** z
    return (lng + 180) / 360 * size, (0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)) * size


class Tiles(BaseHTTPRequestHandler):
    dot: tuple[float, float] = (0.0, 0.0)  # the station in GCJ-02
    served = 0

    def do_GET(self) -> None:
        try:
            z, x, y = (int(p) for p in self.path.strip("/").removesuffix(".png").split("/"))
        except ValueError:
            self.send_error(404)
            return
        img = Image.new("RGB", (256, 256), (230, 230, 230))
        gx, gy = world_px(*self.dot, z)
        px, py = gx - x * 256, gy - y * 256
        if 0 <= px < 256 and 0 <= py < 256:
            for dx in range(-3, 4):
                for dy in range(-3, 4):
                    if 0 <= px + dx < 256 and 0 <= py + dy < 256:
                        img.putpixel((int(px) + dx, int(py) + dy), (255, 0, 0))
        buf = io.BytesIO()
        img.save(buf, "PNG")
        body = buf.getvalue()
        type(self).served += 1
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def tile_server() -> Iterator[str]:
    Tiles.dot = wgs84_to_gcj02(*STATION)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Tiles)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def red_centre(png: bytes) -> tuple[float, float]:
    img = Image.open(io.BytesIO(png)).convert("RGB")
    xs, ys = [], []
    for x in range(img.width):
        for y in range(img.height):
            r, g, b = img.getpixel((x, y))  # type: ignore[misc]
            if r > 200 and g < 60 and b < 60:
                xs.append(x)
                ys.append(y)
    assert xs, "no red dot on the map: the station's tile was not drawn"
    return sum(xs) / len(xs), sum(ys) / len(ys)


def test_station_marker_sits_on_its_tile_pixel(live_server: Any, phone_page: Any,
                                                regions: Any, settings: Any, tile_server: str,
                                                tmp_path: Path) -> None:
    settings.NUANXIN_MAP_TILES = f"{tile_server}/{{z}}/{{x}}/{{y}}.png|gcj02|测试底图"
    create_station(StationData(name="东城暖新驿站", kind="warm_station", address="中华路1号",
                               region=regions["371702001001"], lng=STATION[0], lat=STATION[1],
                               phone="", hours={"weekly": {}}, services={}), by=None)
    page = phone_page
    page.goto(f"{live_server.url}/stations/map/?lng={STATION[0]}&lat={STATION[1]}")
    page.wait_for_selector("#map[data-basemap=tiles] .nx-pin")
    page.wait_for_function("document.querySelectorAll('#map .leaflet-tile-loaded').length > 2")
    page.wait_for_timeout(400)  # the fit animation settles
    pin = page.locator("#map .nx-pin").first.bounding_box()
    box = page.locator("#map").bounding_box()
    assert pin and box
    marker = (pin["x"] + pin["width"] / 2 - box["x"], pin["y"] + pin["height"] / 2 - box["y"])
    page.screenshot(path=str(tmp_path / "basemap.png"), full_page=True)
    page.evaluate("document.querySelectorAll('#map .leaflet-marker-pane, #map "
                  ".leaflet-overlay-pane').forEach(e => e.style.visibility = 'hidden')")
    ratio = page.evaluate("window.devicePixelRatio")  # screenshots are in device pixels
    dot = tuple(v / ratio for v in red_centre(page.locator("#map").screenshot()))
    assert abs(dot[0] - marker[0]) <= 2 and abs(dot[1] - marker[1]) <= 2, (dot, marker)
    assert "测试底图" in page.inner_text("#map")
    assert Tiles.served > 0
