"""The shape of a counted figure, shared by every app's `figures.py` and the dashboard.

An app that has figures for the department's view provides `figures.py` with
`SECTION` (the stable key under `/api/figures/{region}`, e.g. "reports") and
`compute(*, region, start, end) -> dict[str, Figure]`. Every value is counted from
records for the region's subtree and the half-open period [start, end); nothing is typed in.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Figure:
    """One number and what it counts, in one Chinese line ("已签收的随手拍中按期办结的占比")."""

    value: int | float | None
    label: str
    unit: str = ""
    # Optional split of the value, e.g. workers by kind: {"外卖骑手": 41000, ...}.
    breakdown: dict[str, int | float] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        out: dict[str, object] = {"value": self.value, "label": self.label, "unit": self.unit}
        if self.breakdown:
            out["breakdown"] = self.breakdown
        return out
