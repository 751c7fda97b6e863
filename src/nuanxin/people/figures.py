"""Workers for the department's figures: how many, of which kind, on which platform."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q

from nuanxin.kernel.figures import Figure
from nuanxin.people.kinds import WorkerKind
from nuanxin.people.models import Worker
from nuanxin.regions.models import Region
from nuanxin.regions.tally import Counts, Split, bucket, local_start, tallied

SECTION = "workers"
KIND_LABELS = dict(WorkerKind.choices)


def _tally(region: Region, start: date, end: date, per_child: bool) -> dict[str, Counts]:
    out = bucket()
    split = Split(region, "work_region", per_child=per_child)
    rows = (split.rows(Worker.objects.filter(registered_at__lt=local_start(end)), "kind",
                       "platform")
            .annotate(n=Count("id"), verified=Count("id", filter=Q(real_name_verified=True)),
                      new=Count("id", filter=Q(registered_at__gte=local_start(start)))))
    for row in rows:
        c = out[split.key(row)]
        c["total"] += row["n"]
        c["verified"] += row["verified"]
        c["new"] += row["new"]
        c[f"kind:{row['kind']}"] += row["n"]
        c[f"platform:{row['platform'] or '未填写'}"] += row["n"]
    return out


def _present(c: Counts) -> dict[str, Figure]:
    kinds: dict[str, int | float] = {KIND_LABELS.get(k[5:], k[5:]): int(v) for k, v in c.items()
             if k.startswith("kind:")}
    platforms: dict[str, int | float] = {k[9:]: int(v) for k, v in sorted(c.items(), key=lambda kv: -kv[1])
                 if k.startswith("platform:")}
    return {
        "total": Figure(int(c["total"]), "期末登记在册的新就业群体人数", "人",
                        {label: kinds.get(label, 0) for label in KIND_LABELS.values()}),
        "by_platform": Figure(len(platforms), "期末在册人员所属平台或企业数", "家", platforms),
        "new": Figure(int(c["new"]), "期内新登记的新就业群体人数", "人"),
        "verified": Figure(int(c["verified"]), "期末在册人员中已实名认证的人数", "人"),
    }


compute, compute_children = tallied(_tally, _present)
