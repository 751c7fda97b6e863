"""The staff boundary map: scope, children's shapes, and "示意边界" for generated ones."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from .conftest import draw


def page_of(user: Any, url: str) -> Any:
    c = Client()
    c.force_login(user)
    return c.get(url)


def shapes_of(resp: Any) -> list[str]:
    html = resp.content.decode()
    start = html.index(">", html.index('id="boundary-map-data"')) + 1
    data = json.loads(html[start:html.index("</script>", start)])
    return [f["properties"]["code"] for f in data["shapes"]["features"]]


def test_staff_see_their_region_and_children(drawn: Any, make_user: Any) -> None:
    staff = make_user(("township_staff", "371702001"))
    resp = page_of(staff, "/regions/map/")
    assert resp.status_code == 200
    assert shapes_of(resp) == ["371702001001", "371702001006"]
    assert "示意边界" not in resp.content.decode()
    assert page_of(staff, "/regions/map/371702002/").status_code == 404  # another street
    assert page_of(make_user(("worker", "371702001001")), "/regions/map/").status_code == 404


def test_generated_boundaries_say_so(regions: Any, make_user: Any) -> None:
    draw(generated=True)
    resp = page_of(make_user(("community_staff", "371702001001")), "/regions/map/")
    assert shapes_of(resp) == ["371702001001001"]
    assert 'id="generated-note">示意边界' in resp.content.decode()
