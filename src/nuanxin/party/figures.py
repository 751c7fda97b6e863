"""Party figures for the department's dashboard, counted from records (SECTION "party")."""

from __future__ import annotations

from collections import Counter
from datetime import date

from nuanxin.kernel.figures import Figure
from nuanxin.party.coverage import coverage
from nuanxin.party.models import Stage
from nuanxin.party.selectors import checked_in_count, steps_in
from nuanxin.people.kinds import WorkerKind
from nuanxin.regions.models import Region

SECTION = "party"


def compute(*, region: Region, start: date, end: date) -> dict[str, Figure]:
    """Check-ins stand at `end`; pipeline steps are those dated in [start, end); the two
    coverages look at the quarter before `end`."""
    stages = Counter(steps_in(region, start, end).values_list("stage", flat=True))
    cov = coverage(region, end=end)

    def uncovered(attr: str) -> dict[str, int | float]:
        out: Counter[str] = Counter()
        for g in cov.groups:
            if not getattr(g, attr):
                out[str(WorkerKind(g.kind).label)] += 1
        return dict(out)

    return {
        "checked_in": Figure(checked_in_count(region, at=end),
                             "到社区等党组织报到并经确认的新就业群体党员", "名"),
        "new_members": Figure(stages[Stage.PROBATIONARY],
                              "发展的新就业群体党员（接收为预备党员）", "名"),
        "activists": Figure(stages[Stage.ACTIVIST], "确定的入党积极分子", "名"),
        "applications": Figure(stages[Stage.APPLICATION], "递交入党申请书的人数", "人"),
        "organisation_coverage": Figure(cov.organisation_pct,
                                        "有党组织覆盖的新就业群体（群体×平台）占比", "%",
                                        uncovered("organised")),
        "work_coverage": Figure(cov.work_pct,
                                "近一个季度开展过党群活动的新就业群体（群体×平台）占比", "%",
                                uncovered("worked")),
    }
