"""API shapes for stations (coordinates in the crs the caller asked for)."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema


class ServiceOut(Schema):
    code: str
    label: str
    icon: str
    details: str = ""


class StationOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    address: str
    region: str
    lng: float
    lat: float
    crs: str
    phone: str
    distance_m: float | None
    direction: str
    open: bool
    status_label: str
    status_detail: str
    services: list[ServiceOut]
    url: str
    outside_radius: bool = Field(
        False, description="半径内没有站点时，返回半径外最近的几个，此项为 true")


class StationDetailOut(StationOut):
    hours_text: str
    exceptions_text: str
    closed_reason: str
    closed_until: datetime | None
    navigation: dict[str, str]
    poster_svg: str
    poster_png: str


class HoursIn(Schema):
    weekly: str
    exceptions: str = ""


class ServicesIn(Schema):
    services: dict[str, str]


class ClosureIn(Schema):
    status: str
    reason: str = ""
    until: datetime | None = None


class VisitOut(Schema):
    station_id: int
    day_count: int


class ImportWarning(Schema):
    line: int
    message: str


class ImportOut(Schema):
    created: int
    updated: int
    warnings: list[ImportWarning] = []  # stations outside their stated region (imported)
