from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from nuanxin.kernel.personal import facts, warnings
from nuanxin.web.links import home_links


def home(request: HttpRequest) -> HttpResponse:
    """The tiles, with the person's own numbers on them (points, unread messages); tiles
    that require a fact (e.g. "我的站点") only for those who have it."""
    known = {f.key: f for f in facts(request.user)}
    tiles = []
    for link in home_links():
        need = link.get("requires")
        if need and need not in known:
            continue
        badge = known.get(link.get("badge", ""))
        tiles.append({**link, "badge": badge.value if badge else "",
                      "alert": bool(badge and badge.alert)})
    return render(request, "nuanxin/home.html", {"links": tiles,
                                                 "warnings": warnings(request.user)})
