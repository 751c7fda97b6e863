"""`nuanxin collect_demand`: flush finder counts and count a day's report places and
station visits into H3 cells (idempotent; for cron)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nuanxin.planning.services import collect_day, flush_finder_counts, shanghai_day


class Command(BaseCommand):
    help = "需求汇总：找站查询写入、随手拍地点与站点访问按 H3 单元计数（可重复运行）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--day", help="YYYY-MM-DD（北京时间），默认昨天和今天")

    def handle(self, *args: Any, day: str | None = None, **options: Any) -> None:
        cells = flush_finder_counts()
        if day:
            try:
                days = [date.fromisoformat(day)]
            except ValueError:
                raise CommandError("--day 格式应为 YYYY-MM-DD") from None
        else:
            today = shanghai_day()
            days = [today - timedelta(days=1), today]
        self.stdout.write(f"找站查询：写入 {cells} 个单元")
        for d in days:
            out = collect_day(day=d)
            self.stdout.write(f"{d}：随手拍 {out.get('report', 0)} 个单元，"
                              f"站点访问 {out.get('visit', 0)} 个单元")
