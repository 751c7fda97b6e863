"""API shapes for the planner."""

from __future__ import annotations

from datetime import date

from ninja import Schema
from pydantic import Field


class PointIn(Schema):
    lng: float = Field(..., description="经度（按 crs）")
    lat: float = Field(..., description="纬度（按 crs）")
    name: str = Field("", max_length=100)


class PlanIn(Schema):
    region: str = Field(..., description="区划代码，如 371721（曹县）")
    service: str = Field(..., description="服务项目代码，如 toilet")
    radius: float | None = Field(None, description="服务半径（米，100–10000，默认 1000）")
    minutes: float | None = Field(None, description="或：骑行分钟（按 15 km/h 换算半径）")
    k: int = Field(..., description="新增站址数")
    candidates: list[PointIn] | None = Field(None, description="候选点；不填则用默认候选")
    solver: str = Field("exact", description="exact（HiGHS 精确解）或 greedy（即时的贪心解）")
    time_limit: float = Field(10.0, description="精确求解时限（秒，0.1–60）")
    start: date | None = None
    end: date | None = None
    crs: str = "wgs84"


class WhatIfIn(Schema):
    region: str
    service: str
    radius: float | None = None
    minutes: float | None = None
    close: list[int] = Field(default_factory=list, description="假设关闭的站点 id")
    add: list[PointIn] = Field(default_factory=list, description="假设新增的站址")
    start: date | None = None
    end: date | None = None
    crs: str = "wgs84"


class SiteOut(Schema):
    key: str
    name: str
    kind: str
    lng: float
    lat: float
    region: str
    county: str
    gain: float = Field(..., description="该站址新增覆盖的需求占比")


class PlanOut(Schema):
    sites: list[SiteOut]
    covered_before: float
    covered_after: float
    gap: float
    solver: str
    status: str
    seconds: float
    candidates: int


class CoverageOut(Schema):
    region: str
    service: str
    radius: float
    start: date
    end: date
    share: float
    covered_weight: float
    total_weight: float
    cells: int
    hidden_cells: int
    stations: int
    features: list[dict[str, object]] | None = None
    station_points: list[dict[str, object]] | None = None


class WhatIfOut(Schema):
    before: float
    after: float
    change: float
    closed: list[str]
    added: int


class CandidateOut(Schema):
    id: int
    cell: str
    name: str
    lng: float
    lat: float
