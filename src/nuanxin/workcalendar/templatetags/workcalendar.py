"""`{% calendar_warning as text %}` for the back office's index page."""

from __future__ import annotations

from django import template

from nuanxin.workcalendar.selectors import calendar_warning as _warning

register = template.Library()


@register.simple_tag
def calendar_warning() -> str:
    return _warning()
