"""Printable QR posters (SVG with the name, PNG of the code) and the scan that counts a visit."""

from __future__ import annotations

import io
from html import escape

import segno
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase

from nuanxin.stations import selectors, services


def _qr(request: HttpRequest, pk: int) -> segno.QRCode:
    # A short path keeps the code coarse, so it scans on a cheap phone in poor light.
    return segno.make(request.build_absolute_uri(f"/s/{pk}"), error="m")


def poster_svg(request: HttpRequest, pk: int) -> HttpResponse:
    s = selectors.get_station_or_404(pk)
    uri = _qr(request, pk).svg_data_uri(scale=10, border=2)
    name, kind = escape(s.name), escape(s.get_kind_display())
    svg = f"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 595 842" width="595" height="842">
<rect width="595" height="842" fill="#fff"/><rect width="595" height="120" fill="#d9480f"/>
<text x="297" y="75" font-size="40" fill="#fff" text-anchor="middle" font-weight="bold">暖新 · 扫码到站</text>
<text x="297" y="190" font-size="34" text-anchor="middle" font-weight="bold">{name}</text>
<text x="297" y="235" font-size="22" fill="#555" text-anchor="middle">{kind} · {escape(s.region.name)}</text>
<image x="122" y="270" width="350" height="350" href="{uri}"/>
<text x="297" y="675" font-size="22" text-anchor="middle">微信或相机扫一扫：查看服务、营业时间和导航</text>
<text x="297" y="715" font-size="20" fill="#555" text-anchor="middle">{escape(s.address)}</text>
<text x="297" y="800" font-size="16" fill="#888" text-anchor="middle">站点编号 {s.pk}</text>
</svg>"""
    resp = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    resp["Content-Disposition"] = f'inline; filename="station-{pk}.svg"'
    return resp


def poster_png(request: HttpRequest, pk: int) -> HttpResponse:
    selectors.get_station_or_404(pk)
    buf = io.BytesIO()
    _qr(request, pk).save(buf, kind="png", scale=12, border=4)
    resp = HttpResponse(buf.getvalue(), content_type="image/png")
    resp["Content-Disposition"] = f'inline; filename="station-{pk}.png"'
    return resp


def photo(request: HttpRequest, pk: int, size: str) -> HttpResponseBase:
    """Station photos are public (they show the place); the thumbnail keeps lists light."""
    from django.http import FileResponse, Http404

    from nuanxin.stations.models import StationPhoto

    p = StationPhoto.objects.filter(pk=pk).first()
    f = None if p is None else (p.thumb if size == "t" and p.thumb else p.image)
    if f is None or not f.name or not f.storage.exists(f.name):
        raise Http404("照片不存在")
    resp = FileResponse(f.open("rb"), content_type="image/jpeg")
    resp["Cache-Control"] = "public, max-age=86400"
    return resp


def scan(request: HttpRequest, pk: int) -> HttpResponse:
    """The QR target: count the visit (anonymous or the signed-in user), open the page."""
    station = selectors.get_station_or_404(pk)
    services.record_visit(station, user=request.user, visitor=services.visitor_key(request))
    resp = HttpResponseRedirect(f"/stations/{pk}/?from=qr")
    resp["Cache-Control"] = "no-store"
    return resp
