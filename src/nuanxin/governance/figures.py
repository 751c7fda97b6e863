"""Grassroots governance for the department's dashboard: market-day listening, stool
forums and people's mediation, each counted from its records over the region's subtree."""

from __future__ import annotations

from datetime import date

from nuanxin.governance import selectors
from nuanxin.kernel.figures import Figure
from nuanxin.mediation import selectors as mediation
from nuanxin.regions.models import Region

SECTION = "governance"


def _pct(rate: float | None) -> float | None:
    return None if rate is None else round(rate * 100, 1)


def compute(*, region: Region, start: date, end: date) -> dict[str, Figure]:
    li = selectors.listening_figures(selectors.requests_under(region, start, end))
    fo = selectors.forum_figures(region, start, end)
    me = mediation.figures(region, start, end)
    return {
        "listening_requests": Figure(li.requests, "书记赶集收集的群众诉求", "件"),
        "listening_solved": Figure(li.solved, "书记赶集现场解决的诉求", "件"),
        "listening_cases": Figure(li.cases, "书记赶集转为工单的诉求", "件"),
        "listening_on_time_rate": Figure(_pct(li.on_time_rate), "赶集工单中按期办结的占比", "%"),
        "forum_meetings": Figure(fo.meetings, "召开的小马扎议事会", "场"),
        "forum_decisions": Figure(fo.decisions, "议事会表决的决定", "项"),
        "forum_task_progress": Figure(fo.progress, "决定落实任务的平均进度", "%",
                                      breakdown={"任务": fo.tasks, "已完成": fo.tasks_done}),
        "forum_talks": Figure(fo.talks, "小马扎宣讲场次", "场",
                              breakdown={"签到人次": fo.attendance}),
        "mediation_cases": Figure(me.cases, "受理的人民调解案件", "件", breakdown=dict(me.by_type)),
        "mediation_success_rate": Figure(_pct(me.success_rate), "调解终结的案件中达成协议的占比", "%",
                                         breakdown={"达成协议": me.agreements,
                                                    "调解不成": me.failed}),
    }
