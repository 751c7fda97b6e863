"""`nuanxin roll_up_figures`: add yesterday and earlier to the figures' daily rollups (cron)."""

from typing import Any

from django.core.management.base import BaseCommand

from nuanxin.dashboard.services import refresh_all


class Command(BaseCommand):
    help = "汇总各板块的每日统计（幂等，可重复运行）"

    def handle(self, *args: Any, **options: Any) -> None:
        for name, rows in refresh_all().items():
            self.stdout.write(f"{name}: {rows} 行")
