"""Figures as JSON and as table cells; small numbers about people hidden in exports."""

from __future__ import annotations

from typing import Any

from nuanxin.dashboard.sections import Figures
from nuanxin.kernel.figures import Figure
from nuanxin.regions.levels import Level

# Units that count people: a village's count of them under 5 never leaves the department.
PEOPLE_UNITS = {"人", "人次"}
SMALL = 5
SMALL_TEXT = "<5"
SMALL_NOTE = "导出文件中，单个村(社区)或网格涉及人员的数字小于5时显示为“<5”，以免识别到个人。"


def as_json(figs: Figures) -> dict[str, Any]:
    return {section: {key: f.as_json() for key, f in keys.items()}
            for section, keys in figs.items()}


def suppressed(fig: Figure, level: str) -> bool:
    """Is this figure too small to leave the department for a region of `level`?"""
    return (level in (Level.VILLAGE, Level.GRID) and fig.unit in PEOPLE_UNITS
            and isinstance(fig.value, int | float) and 0 < fig.value < SMALL)


def cell(fig: Figure | None, level: str = "", *, export: bool = False) -> Any:
    """A figure's value for a table: None as '—', hidden when small in an export."""
    if fig is None or fig.value is None:
        return "—"
    if export and suppressed(fig, level):
        return SMALL_TEXT
    return fig.value


def text(fig: Figure | None) -> str:
    """'67,000 人' / '92.5%' / '—'."""
    if fig is None or fig.value is None:
        return "—"
    v = fig.value
    num = f"{v:,.1f}" if isinstance(v, float) and not v.is_integer() else f"{int(v):,}"
    return f"{num}{fig.unit}" if fig.unit == "%" else f"{num} {fig.unit}".strip()
