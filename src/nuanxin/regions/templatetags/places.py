"""`{{ region|place }}`: the full place (东城街道·东安社区·第1网格) in any template."""

from __future__ import annotations

from django import template

from nuanxin.regions.models import Region
from nuanxin.regions.selectors import place_of

register = template.Library()


@register.filter
def place(region: Region | None) -> str:
    return place_of(region)
