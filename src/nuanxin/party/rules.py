"""Pure rules of the pipeline and of the organisation groups, shared by services and pages."""

from __future__ import annotations

from datetime import date

from nuanxin.party.models import STAGES, Stage

PROBATION_YEARS = 1
INVITE_AGAIN_DAYS = 7


def encode_list(values: list[str]) -> str:
    """[a, b] -> ",a,b," (a portable LIKE filter); [] -> ""."""
    clean = [v.strip() for v in values if v.strip()]
    return f",{','.join(clean)}," if clean else ""


def next_stage(stage: str | None) -> str | None:
    if stage is None:
        return Stage.APPLICATION
    i = STAGES.index(stage)
    return STAGES[i + 1] if i + 1 < len(STAGES) else None


def probation_ends(probationary_on: date) -> date:
    """The day the one-year probation has run (29 Feb falls back to 28 Feb)."""
    try:
        return probationary_on.replace(year=probationary_on.year + PROBATION_YEARS)
    except ValueError:
        return probationary_on.replace(year=probationary_on.year + PROBATION_YEARS, day=28)


def stage_label(stage: str) -> str:
    return str(Stage(stage).label)
