"""The figures API: a region's counted figures for a period, for staff in scope."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from nuanxin.dashboard import selectors
from nuanxin.dashboard.periods import parse_period
from nuanxin.dashboard.present import as_json
from nuanxin.people.selectors import current_user

router = Router(tags=["数据看板"])


class PeriodIn(Schema):
    from_: str = Field("", alias="from", description="开始日期 YYYY-MM-DD，默认本年1月1日")
    to: str = Field("", description="结束日期(含) YYYY-MM-DD，默认开始日期所在年的12月31日")


@router.get("/figures/{region_code}", response=dict[str, Any],
            summary="区域数据（由记录统计：人员、阵地、随手拍、活动、权益、积分等）")
def figures(request: HttpRequest, region_code: str,
            q: Query[PeriodIn]) -> dict[str, Any]:
    region = selectors.region_for(current_user(request), region_code, field="region_code")
    period = parse_period(q.from_, q.to)
    snap = selectors.figures(region, period)
    return {
        "region": {"code": region.code, "name": region.name, "level": region.level},
        "from": period.start.isoformat(), "to": period.last.isoformat(),
        "as_of": snap.as_of.isoformat(),
        **as_json(snap.value),
    }
