"""Opening hours: weekly rules, overnight spans, 24 hours and dated exceptions.

Hours are a small JSON document on the station (validated here, the only writer):
  {"always": false,
   "weekly": [{"days": [1, 2, 3, 4, 5], "open": "08:00", "close": "20:00"}],
   "exceptions": [{"date": "2026-10-01", "closed": true, "note": "国庆"},
                  {"date": "2026-10-02", "open": "09:00", "close": "12:00"}]}
Days are ISO (1 = Monday). A span whose close is not after its open runs overnight into
the next day ("22:00"-"06:00"); "24:00" means midnight at the end of the day.
An exception replaces the spans that START on its date; a span from the evening
before still runs into it. Everything is computed in Asia/Shanghai, whatever the
server's zone, because that is where the riders are.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from nuanxin.kernel.errors import DomainError

TZ = ZoneInfo("Asia/Shanghai")
DAY_NAMES = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
_HHMM = re.compile(r"^([01]?\d|2[0-4]):([0-5]\d)$")
ALWAYS: dict[str, Any] = {"always": True, "weekly": [], "exceptions": []}

Span = tuple[datetime, datetime]


def _minutes(text: str, field: str) -> int:
    m = _HHMM.match(str(text).strip())
    if not m or (int(m.group(1)) == 24 and m.group(2) != "00"):
        raise DomainError(f"时间“{text}”格式应为 时:分，如 08:30", field=field)
    return int(m.group(1)) * 60 + int(m.group(2))


def _span_minutes(open_: str, close: str, field: str) -> tuple[int, int]:
    start, end = _minutes(open_, field), _minutes(close, field)
    if start == 24 * 60:
        raise DomainError("开门时间不能是 24:00", field=field)
    if end <= start:
        end += 24 * 60  # overnight into the next day
    return start, end


def validate(hours: dict[str, Any] | None, field: str = "hours") -> dict[str, Any]:
    """Check and normalise an hours document; raise DomainError in Chinese."""
    if not hours:
        return dict(ALWAYS) | {"always": False}
    if not isinstance(hours, dict):
        raise DomainError("营业时间格式不正确", field=field)
    out: dict[str, Any] = {"always": bool(hours.get("always")), "weekly": [], "exceptions": []}
    for rule in hours.get("weekly") or []:
        days = sorted({int(d) for d in rule.get("days") or []})
        if not days or any(d < 1 or d > 7 for d in days):
            raise DomainError("每周规则的星期应为 1（周一）到 7（周日）", field=field)
        _span_minutes(rule.get("open", ""), rule.get("close", ""), field)
        out["weekly"].append({"days": days, "open": rule["open"], "close": rule["close"]})
    seen: set[str] = set()
    for exc in hours.get("exceptions") or []:
        try:
            day = date.fromisoformat(str(exc.get("date")))
        except ValueError:
            raise DomainError(f"例外日期“{exc.get('date')}”格式应为 2026-10-01", field=field) from None
        if day.isoformat() in seen:
            raise DomainError(f"例外日期 {day} 重复", field=field)
        seen.add(day.isoformat())
        item: dict[str, Any] = {"date": day.isoformat(), "note": str(exc.get("note") or "")[:50]}
        if exc.get("closed") or not exc.get("open"):
            item["closed"] = True
        else:
            _span_minutes(exc["open"], exc.get("close", ""), field)
            item |= {"open": exc["open"], "close": exc["close"]}
        out["exceptions"].append(item)
    out["exceptions"].sort(key=lambda e: e["date"])
    return out


def spans_starting_on(hours: dict[str, Any], day: date) -> list[Span]:
    """The opening spans that start on `day` (local), as aware datetimes."""
    midnight = datetime.combine(day, time(0), TZ)
    if hours.get("always"):
        return [(midnight, midnight + timedelta(days=1))]
    exc = next((e for e in hours.get("exceptions") or [] if e["date"] == day.isoformat()), None)
    if exc is not None:
        rules = [] if exc.get("closed") else [exc]
    else:
        rules = [r for r in hours.get("weekly") or [] if day.isoweekday() in r["days"]]
    spans = []
    for r in rules:
        start, end = _span_minutes(r["open"], r["close"], "hours")
        spans.append((midnight + timedelta(minutes=start), midnight + timedelta(minutes=end)))
    return sorted(spans)


def _spans_around(hours: dict[str, Any], now: datetime, days_ahead: int) -> list[Span]:
    today = now.astimezone(TZ).date()
    spans: list[Span] = []
    for offset in range(-1, days_ahead + 1):
        spans += spans_starting_on(hours, today + timedelta(days=offset))
    return _merge(spans)


def _merge(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def is_open(hours: dict[str, Any], now: datetime) -> bool:
    return any(s <= now < e for s, e in _spans_around(_as_rules(hours), now, 0))


def _as_rules(hours: dict[str, Any]) -> dict[str, Any]:
    """24-hour stations as a rule, so that their exceptions still apply."""
    if not hours.get("always"):
        return hours
    every = [{"days": list(range(1, 8)), "open": "00:00", "close": "24:00"}]
    return {"always": False, "weekly": every, "exceptions": hours.get("exceptions") or []}


def open_span(hours: dict[str, Any], now: datetime) -> Span | None:
    """The (merged) span containing `now`, if open."""
    for s, e in _spans_around(_as_rules(hours), now, 7):
        if s <= now < e:
            return s, e
    return None


def next_opening(hours: dict[str, Any], now: datetime, horizon_days: int = 14) -> datetime | None:
    """When a closed place opens next (None if not within two weeks)."""
    for s, _e in _spans_around(_as_rules(hours), now, horizon_days):
        if s > now:
            return s
    return None


def when_text(moment: datetime, now: datetime) -> str:
    """'今天 08:00' / '明天 08:00' / '周三 08:00' / '10月1日 08:00' in Shanghai."""
    local, today = moment.astimezone(TZ), now.astimezone(TZ).date()
    hhmm = local.strftime("%H:%M")
    delta = (local.date() - today).days
    if delta == 0:
        return f"今天 {hhmm}"
    if delta == 1:
        return f"明天 {hhmm}"
    if 1 < delta < 7:
        return f"{DAY_NAMES[local.weekday()]} {hhmm}"
    return f"{local.month}月{local.day}日 {hhmm}"


def schedule_key(hours: dict[str, Any]) -> str:
    """A canonical string: stations sharing hours share one open-now evaluation."""
    import json

    return json.dumps(hours, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
