"""Safe default 4 and hole 10: what strangers see of a report, and what a photo keeps.

- Photos are re-encoded with every metadata segment dropped (EXIF, XMP, ICC, JPEG comment).
- HEIC/HEIF (iPhone default) is refused by its magic bytes with advice, not "内容已损坏".
- Public pages, the public API and Open311 show no reporter name, a point rounded to 4
  decimals, and no photo until a handler has accepted the report.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from PIL import Image, ImageCms

from nuanxin.reports import actions
from nuanxin.reports.models import Report

from .helpers import jpeg
from .test_submit import _multipart, post_report

PHONE = "13812345678"


@pytest.fixture
def rider_client(people: Any, api_as: Callable[..., Any], catalogue: Any, media_tmp: Any) -> Any:
    return _multipart(api_as(people["rider"]))


def _loud_jpeg() -> bytes:
    """A JPEG carrying a comment with a phone number, XMP, an ICC profile and EXIF."""
    img = Image.new("RGB", (80, 60), "green")
    exif = Image.Exif()
    exif[0x010F] = "TestCam"
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description owner="{PHONE}"/></x:xmpmeta>'
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif, comment=f"call me {PHONE}", icc_profile=icc,
             xmp=xmp.encode())
    data = out.getvalue()
    assert PHONE.encode() in data and b"ICC_PROFILE" in data and b"Exif" in data
    return data


def test_stored_copies_keep_no_metadata(rider_client: Any, media_tmp: Path) -> None:
    resp = post_report(rider_client, [_loud_jpeg()])
    assert resp.status_code == 201, resp.json()
    photo = Report.objects.get(pk=resp.json()["id"]).photos.get()
    for rel in (photo.image, photo.thumb):
        raw = (media_tmp / rel).read_bytes()
        assert PHONE.encode() not in raw, rel  # neither the comment nor the XMP survived
        assert b"ICC_PROFILE" not in raw and b"Exif" not in raw and b"xmpmeta" not in raw
        kept = Image.open(io.BytesIO(raw))
        assert "comment" not in kept.info and "icc_profile" not in kept.info
        assert dict(kept.getexif()) == {}


def _heic() -> bytes:
    """The first bytes of an iPhone photo: an ISO-BMFF ftyp box with the heic brand."""
    ftyp = b"ftypheic" + b"\x00\x00\x00\x00" + b"mif1heic"
    return len(ftyp + b"1234").to_bytes(4, "big") + ftyp + b"\x00" * 200


@pytest.mark.parametrize("brand", [b"heic", b"mif1", b"heix"])
def test_heic_refused_with_advice(rider_client: Any, media_tmp: Path, brand: bytes) -> None:
    data = _heic().replace(b"ftypheic", b"ftyp" + brand, 1)
    resp = post_report(rider_client, [data])
    assert resp.status_code == 400
    body = resp.json()
    assert body["field"] == "photos"
    assert "不支持该图片格式（HEIC），请在相机设置中选择兼容格式" in body["detail"]
    assert "损坏" not in body["detail"]
    assert Report.objects.count() == 0


def _submitted(rider_client: Any) -> dict[str, Any]:
    resp = post_report(rider_client, [jpeg()], lng=115.49213456, lat=35.24117891)
    assert resp.status_code == 201, resp.json()
    body: dict[str, Any] = resp.json()
    return body


def test_public_api_hides_name_exact_point_and_photos_until_accepted(
        rider_client: Any, people: Any, api_as: Callable[..., Any]) -> None:
    mine = _submitted(rider_client)
    assert mine["reporter"] == "骑手小王" and mine["lng"] == 115.4921346  # the reporter's own
    stranger = Client().get(f"/api/reports/{mine['id']}").json()
    assert "骑手小王" not in str(stranger)
    assert (stranger["lng"], stranger["lat"]) == (115.4921, 35.2412)
    assert stranger["photos"] == []
    photo_url = mine["photos"][0]["url"]
    assert Client().get(photo_url).status_code == 404
    handler = api_as(people["grid"])
    assert handler.get(f"/api/reports/{mine['id']}").json()["reporter"] == "骑手小王"
    assert len(handler.get(f"/api/reports/{mine['id']}").json()["photos"]) == 1
    grid_client = Client()
    grid_client.force_login(people["grid"])
    assert grid_client.get(photo_url).status_code == 200

    actions.accept(user=people["grid"], report_id=mine["id"])
    after = Client().get(f"/api/reports/{mine['id']}").json()
    assert len(after["photos"]) == 1 and "骑手小王" not in str(after)
    shown = Client().get(photo_url)
    assert shown.status_code == 200 and shown["Cache-Control"].startswith("public")


def test_public_page_shows_no_reporter_name_or_early_photo(rider_client: Any,
                                                            people: Any) -> None:
    mine = _submitted(rider_client)
    page = Client().get(f"/reports/{mine['id']}/").content.decode()
    assert "骑手小王" not in page and "/reports/photo/" not in page
    assert "115.4921346" not in page and "35.2411789" not in page  # not on the map either
    own = Client()
    own.force_login(people["rider"])
    assert "骑手小王" in own.get(f"/reports/{mine['id']}/").content.decode()
    actions.accept(user=people["grid"], report_id=mine["id"])
    page = Client().get(f"/reports/{mine['id']}/").content.decode()
    assert "骑手小王" not in page and "/reports/photo/" in page


def test_open311_rounds_the_point_and_waits_for_acceptance(rider_client: Any,
                                                           people: Any) -> None:
    mine = _submitted(rider_client)
    doc = Client().get(f"/open311/v2/requests/{mine['id']}.json").json()[0]
    assert (doc["long"], doc["lat"]) == (115.4921, 35.2412)
    assert doc["media_url"] is None and "骑手小王" not in str(doc)
    actions.accept(user=people["grid"], report_id=mine["id"])
    doc = Client().get(f"/open311/v2/requests/{mine['id']}.json").json()[0]
    assert doc["media_url"].endswith(mine["photos"][0]["url"])
