"""Hours as one line of Chinese text, for spreadsheets and the operator's phone form.

  "24小时" · "每天 08:00-20:00" · "周一至周五 08:00-12:00,14:00-18:00；周六、周日 09:00-17:00"
  exceptions: "2026-10-01 休息；2026-10-02 09:00-12:00"
"""

from __future__ import annotations

import re
from typing import Any

from nuanxin.kernel.errors import DomainError
from nuanxin.stations.hours import DAY_NAMES, validate

_DAY = {n: i + 1 for i, n in enumerate(DAY_NAMES)} | {"周天": 7, "星期日": 7, "星期天": 7} | {
    f"星期{c}": i + 1 for i, c in enumerate("一二三四五六")}
_SPAN = re.compile(r"(\d{1,2}:\d{2})\s*[-–~至到]\s*(\d{1,2}:\d{2})")
_SEP = re.compile(r"[；;\n]+")


def _days(text: str, field: str) -> list[int]:
    text = text.strip()
    if text in ("", "每天", "每日", "全周"):
        return list(range(1, 8))
    if text in ("工作日",):
        return [1, 2, 3, 4, 5]
    if text in ("周末", "双休日"):
        return [6, 7]
    out: set[int] = set()
    for part in re.split(r"[、,，/ ]+", text):
        rng = re.split(r"至|到|-|–|~", part)
        if len(rng) == 2 and rng[0] in _DAY and rng[1] in _DAY:
            a, b = _DAY[rng[0]], _DAY[rng[1]]
            out |= set(range(a, b + 1)) if a <= b else set(range(a, 8)) | set(range(1, b + 1))
        elif part in _DAY:
            out.add(_DAY[part])
        elif part:
            raise DomainError(f"看不懂星期“{part}”，请写 周一至周五、周六、每天", field=field)
    return sorted(out)


def parse_weekly(text: str, field: str = "hours") -> dict[str, Any]:
    text = (text or "").strip()
    if text in ("24小时", "24 小时", "全天", "全天24小时"):
        return validate({"always": True}, field)
    if not text:
        raise DomainError("请填写营业时间，如 每天 08:00-20:00 或 24小时", field=field)
    weekly = []
    for clause in _SEP.split(text):
        clause = clause.strip()
        if not clause:
            continue
        first = _SPAN.search(clause)
        if not first:
            raise DomainError(f"“{clause}”缺少时间段，如 08:00-20:00", field=field)
        days = _days(clause[: first.start()], field)
        for m in _SPAN.finditer(clause):
            weekly.append({"days": days, "open": m.group(1), "close": m.group(2)})
    return validate({"weekly": weekly}, field)


def parse_exceptions(text: str, field: str = "exceptions") -> list[dict[str, Any]]:
    out = []
    for clause in _SEP.split(text or ""):
        clause = clause.strip()
        if not clause:
            continue
        m = re.match(r"^(\d{4}-\d{1,2}-\d{1,2})\s*(.*)$", clause)
        if not m:
            raise DomainError(f"例外“{clause}”应以日期开头，如 2026-10-01 休息", field=field)
        y, mo, d = (int(x) for x in m.group(1).split("-"))
        day, rest = f"{y:04d}-{mo:02d}-{d:02d}", m.group(2).strip()
        span = _SPAN.search(rest)
        if span:
            note = (rest[: span.start()] + rest[span.end():]).strip()
            out.append({"date": day, "open": span.group(1), "close": span.group(2), "note": note})
        else:
            out.append({"date": day, "closed": True, "note": rest.replace("休息", "").strip()})
    return out


def parse(weekly_text: str, exceptions_text: str = "", field: str = "hours") -> dict[str, Any]:
    hours = parse_weekly(weekly_text, field)
    hours["exceptions"] = parse_exceptions(exceptions_text, field)
    return validate(hours, field)


def _days_text(days: list[int]) -> str:
    if days == list(range(1, 8)):
        return "每天"
    if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
        return f"{DAY_NAMES[days[0] - 1]}至{DAY_NAMES[days[-1] - 1]}"
    return "、".join(DAY_NAMES[d - 1] for d in days)


def format_weekly(hours: dict[str, Any]) -> str:
    if hours.get("always"):
        return "24小时"
    groups: dict[tuple[int, ...], list[str]] = {}
    for r in hours.get("weekly") or []:
        groups.setdefault(tuple(r["days"]), []).append(f"{r['open']}-{r['close']}")
    return "；".join(f"{_days_text(list(d))} {','.join(s)}" for d, s in groups.items())


def format_exceptions(hours: dict[str, Any]) -> str:
    parts = []
    for e in hours.get("exceptions") or []:
        what = "休息" if e.get("closed") else f"{e['open']}-{e['close']}"
        parts.append(f"{e['date']} {what}{(' ' + e['note']) if e.get('note') else ''}")
    return "；".join(parts)
