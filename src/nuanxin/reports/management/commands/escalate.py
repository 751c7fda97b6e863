"""`nuanxin escalate`: one idempotent pass of the deadline job (for cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from nuanxin.reports.escalation import tick


class Command(BaseCommand):
    help = "随手拍定时任务：临期预警、超期升级(催办)、回访超时办结；可重复运行"

    def handle(self, *args: Any, **options: Any) -> None:
        r = tick()
        self.stdout.write(f"预警 {r.warned} 条，升级 {r.escalated} 条，"
                          f"最高层级超期 {r.overdue_at_top} 条，自动办结 {r.closed} 条")
