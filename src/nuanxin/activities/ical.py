"""iCalendar feeds: the public programme of a region, and a worker's own activities.

A calendar app subscribes without a session, so the personal feed URL carries a signed
token of the user id (salted for this purpose only); it reveals no personal data.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.core import signing
from django.utils import timezone
from icalendar import Calendar, Event, vGeo

from nuanxin.activities.models import Activity, ActivityStatus

SALT = "nuanxin.activities.ical"


def feed_token(user_id: int) -> str:
    return signing.dumps(user_id, salt=SALT)


def user_id_from_token(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def build_calendar(activities: Iterable[Activity], *, name: str, base_url: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Nuanxin 暖新//关爱活动//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Shanghai")
    stamp = timezone.now()
    for a in activities:
        ev = Event()
        ev.add("uid", f"activity-{a.pk}@nuanxin")
        ev.add("dtstamp", stamp)
        ev.add("dtstart", a.starts_at)
        ev.add("dtend", a.ends_at)
        ev.add("summary", a.title)
        ev.add("location", a.place_name)
        ev.add("geo", vGeo((a.lat, a.lng)))
        ev.add("url", f"{base_url}/activities/{a.pk}/")
        ev.add("description", f"{a.get_category_display()}·{a.get_cadence_display()}\n"
                              f"{a.description}".strip())
        ev.add("status", "CANCELLED" if a.status == ActivityStatus.CANCELLED else "CONFIRMED")
        ev.add("categories", [a.get_category_display()])
        cal.add_component(ev)
    return bytes(cal.to_ical())


def feed_window() -> tuple[timedelta, timedelta]:
    """How far back and ahead a feed reaches: a month of history, a year ahead."""
    return timedelta(days=31), timedelta(days=366)
