"""Submitting: photos checked by content, GPS from EXIF, idempotency, rate limits, duplicates."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from nuanxin.kernel.photos import MAX_PIXELS
from nuanxin.reports.models import Report, ReportPhoto, Supporter

from .helpers import GRID_POINT, jpeg, png


def post_report(client: Any, photos: list[bytes], key: str = "", **fields: Any) -> Any:
    data: dict[str, Any] = {"category": "road_hazard", "description": "路口井盖缺失，夜里很危险",
                            "lng": GRID_POINT[0], "lat": GRID_POINT[1], **fields}
    data = {k: v for k, v in data.items() if v is not None}
    data["photos"] = [SimpleUploadedFile(f"p{i}.jpg", b, "image/jpeg")
                      for i, b in enumerate(photos)]
    extra = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post("/api/reports", data, content_type=None, **extra)


def _multipart(client: Any) -> Any:
    """ApiClient posts JSON by default; passing content_type=None is not accepted, so wrap."""
    original = client.post

    def post(path: str, data: Any = None, content_type: Any = None, **extra: Any) -> Any:
        if content_type is None:
            return super(type(client), client).post(path, data, **client._auth(extra))
        return original(path, data, content_type=content_type, **extra)

    client.post = post
    return client


@pytest.fixture
def rider_client(people: Any, api_as: Callable[..., Any], catalogue: Any, media_tmp: Any) -> Any:
    return _multipart(api_as(people["rider"]))


def stored_files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def test_submit_routes_to_grid_and_strips_exif(rider_client: Any, media_tmp: Path,
                                               people: Any) -> None:
    resp = post_report(rider_client, [jpeg(gps=(115.5, 35.3), orientation=6), png()])
    assert resp.status_code == 201, resp.json()
    body = resp.json()
    assert body["status"] == "submitted" and body["status_label"] == "待签收"
    assert body["region"] == "371702001001001"
    assert body["timeline"][0]["label"] == "提交"
    report = Report.objects.get(pk=body["id"])
    assert report.accept_due_at is not None and report.location_source == "gps"
    photos = list(report.photos.all())
    assert len(photos) == 2
    first = Image.open(media_tmp / photos[0].image)
    assert first.format == "JPEG" and dict(first.getexif()) == {}
    assert (first.width, first.height) == (48, 64)  # EXIF orientation applied, then dropped
    assert Image.open(media_tmp / photos[0].thumb).width <= 320
    # The grid worker got it in the inbox; the reporter an SMS (test outbox).
    assert people["grid"].notifications.filter(title="新随手拍待签收").count() == 1


def test_location_from_first_photo_exif(rider_client: Any) -> None:
    resp = post_report(rider_client, [jpeg(gps=GRID_POINT)], lng=None, lat=None)
    assert resp.status_code == 201, resp.json()
    report = Report.objects.get(pk=resp.json()["id"])
    assert report.location_source == "exif"
    assert abs(report.lng - GRID_POINT[0]) < 1e-5 and abs(report.lat - GRID_POINT[1]) < 1e-5


def test_gcj02_input_is_stored_as_wgs84(rider_client: Any) -> None:
    from nuanxin.kernel.coords import wgs84_to_gcj02

    glng, glat = wgs84_to_gcj02(*GRID_POINT)
    resp = post_report(rider_client, [jpeg()], lng=glng, lat=glat, crs="gcj02")
    assert resp.status_code == 201
    report = Report.objects.get(pk=resp.json()["id"])
    assert abs(report.lng - GRID_POINT[0]) < 1e-6 and abs(report.lat - GRID_POINT[1]) < 1e-6


@pytest.mark.parametrize(("photos", "message"), [
    ([b"GIF89a not really"], "无法识别为图片"),
    ([b"<?php echo 1; ?>"], "无法识别为图片"),
    ([], "至少上传1张照片"),
    ([b"\x89PNG\r\n\x1a\n" + b"\x00" * 20], "无法识别为图片"),
])
def test_bad_photos_refused_and_nothing_stored(rider_client: Any, media_tmp: Path,
                                               photos: list[bytes], message: str) -> None:
    resp = post_report(rider_client, photos)
    assert resp.status_code == 400
    assert message in resp.json()["detail"] and resp.json()["field"] == "photos"
    assert Report.objects.count() == 0 and stored_files(media_tmp) == []


def test_gif_refused_by_content_even_named_jpg(rider_client: Any, media_tmp: Path) -> None:
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, "GIF")
    resp = post_report(rider_client, [jpeg(), out.getvalue()])
    assert resp.status_code == 400 and "第2张照片不是支持的图片格式" in resp.json()["detail"]
    assert Report.objects.count() == 0 and stored_files(media_tmp) == []


def test_decompression_bomb_refused(rider_client: Any, media_tmp: Path) -> None:
    side = int(MAX_PIXELS ** 0.5) + 200  # a tiny PNG that would decode to > 40 MP
    out = io.BytesIO()
    Image.new("1", (side, side)).save(out, "PNG")
    assert len(out.getvalue()) < 2_000_000
    resp = post_report(rider_client, [out.getvalue()])
    assert resp.status_code == 400 and "像素过大" in resp.json()["detail"]
    assert Report.objects.count() == 0 and stored_files(media_tmp) == []


def test_too_many_photos_refused(rider_client: Any) -> None:
    resp = post_report(rider_client, [jpeg()] * 10)
    assert resp.status_code == 400 and "最多上传9张" in resp.json()["detail"]


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"description": "坏了"}, "description", "至少5个字"),
    ({"category": "ufo"}, "category", "不存在"),
    ({"lng": None, "lat": None}, "location", "请提供位置"),
    ({"lng": 121.47, "lat": 31.23}, "location", "不在本市服务范围"),
    ({"crs": "mars"}, "crs", "坐标系"),
])
def test_bad_fields_refused(rider_client: Any, fields: dict[str, Any], field: str,
                            message: str) -> None:
    resp = post_report(rider_client, [jpeg()], **fields)
    assert resp.status_code == 400, resp.json()
    assert resp.json()["field"] == field and message in resp.json()["detail"]
    assert Report.objects.count() == 0


def test_same_idempotency_key_never_makes_two(rider_client: Any, media_tmp: Path) -> None:
    first = post_report(rider_client, [jpeg()], key="k-123")
    again = post_report(rider_client, [jpeg()], key="k-123")
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["id"] == again.json()["id"]
    assert Report.objects.count() == 1 and ReportPhoto.objects.count() == 1
    assert len(stored_files(media_tmp)) == 2  # one photo + its thumbnail


def test_rate_limited_per_user(rider_client: Any) -> None:
    codes = [post_report(rider_client, [jpeg()]).status_code for _ in range(11)]
    assert codes[:10] == [201] * 10
    assert codes[10] == 429
    assert Report.objects.count() == 10
    resp = post_report(rider_client, [jpeg()], key="retry-after-limit")
    assert resp.status_code == 429 and "提交太频繁" in resp.json()["detail"]


def test_nearby_offers_same_problem_and_follow(rider_client: Any, people: Any,
                                               api_as: Callable[..., Any]) -> None:
    made = post_report(rider_client, [jpeg()]).json()
    near = api_as(people["rider2"]).get("/api/reports/nearby", {
        "category": "road_hazard", "lng": GRID_POINT[0] + 0.0005, "lat": GRID_POINT[1]})
    assert [r["id"] for r in near.json()] == [made["id"]]
    assert 30 < near.json()[0]["distance_m"] < 60
    far = api_as(people["rider2"]).get("/api/reports/nearby", {
        "category": "road_hazard", "lng": GRID_POINT[0] + 0.002, "lat": GRID_POINT[1]})
    assert far.json() == []
    other = api_as(people["rider2"]).get("/api/reports/nearby", {
        "category": "environment", "lng": GRID_POINT[0], "lat": GRID_POINT[1]})
    assert other.json() == []
    resp = api_as(people["rider2"]).post(f"/api/reports/{made['id']}/follow", {})
    assert resp.status_code == 200 and resp.json()["supporters"] == 1
    api_as(people["rider2"]).post(f"/api/reports/{made['id']}/follow", {})
    assert Supporter.objects.count() == 1 and Report.objects.count() == 1


def test_anonymous_hidden_from_public_not_from_handler(rider_client: Any, people: Any,
                                                       api: Any,
                                                       api_as: Callable[..., Any]) -> None:
    made = post_report(rider_client, [jpeg()], anonymous="true").json()
    assert api.get(f"/api/reports/{made['id']}").json()["reporter"] == "匿名骑手"
    assert api_as(people["grid"]).get(f"/api/reports/{made['id']}").json()["reporter"] == "骑手小王"


def test_mine_lists_only_my_reports(rider_client: Any, people: Any,
                                    api_as: Callable[..., Any]) -> None:
    post_report(rider_client, [jpeg()])
    assert rider_client.get("/api/reports/mine").json()["total"] == 1
    assert api_as(people["rider2"]).get("/api/reports/mine").json()["total"] == 0
