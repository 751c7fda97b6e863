"""GeoReport v2 documents in JSON and XML, element for element as the specification shows."""

from __future__ import annotations

import json
from typing import Any
from xml.etree.ElementTree import Element, SubElement, tostring

from django.http import HttpResponse

# Inside a list, each item's element name (the spec's XML examples).
ITEM_TAGS = {
    "services": "service", "service_requests": "request", "errors": "error",
    "attributes": "attribute", "values": "value", "endpoints": "endpoint", "formats": "format",
}


def _text(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    return "" if value is None else str(value)


def _fill(parent: Element, value: Any, tag: str) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            if isinstance(v, list):
                _list(parent, k, v)
            else:
                _fill(SubElement(parent, k), v, k)
    elif isinstance(value, list):
        for item in value:
            _fill(SubElement(parent, ITEM_TAGS.get(tag, "item")), item, ITEM_TAGS.get(tag, "item"))
    else:
        parent.text = _text(value)


def _list(parent: Element, tag: str, items: list[Any]) -> None:
    holder = SubElement(parent, tag)
    for item in items:
        _fill(SubElement(holder, ITEM_TAGS.get(tag, "item")), item, ITEM_TAGS.get(tag, "item"))


def to_xml(root: str, body: Any) -> bytes:
    el = Element(root)
    _fill(el, body, root)
    return b'<?xml version="1.0" encoding="utf-8"?>' + tostring(el, encoding="unicode").encode()


def respond(fmt: str, root: str, body: Any, status: int = 200) -> HttpResponse:
    if fmt == "xml":
        return HttpResponse(to_xml(root, body), status=status,
                            content_type="text/xml; charset=utf-8")
    return HttpResponse(json.dumps(body, ensure_ascii=False), status=status,
                        content_type="application/json; charset=utf-8")


def error(fmt: str, code: int, description: str) -> HttpResponse:
    return respond(fmt, "errors", [{"code": code, "description": description}], status=code)
