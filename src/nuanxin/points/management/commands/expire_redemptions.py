"""Expire unused redemption codes past their time: points and stock go back. Safe to rerun
(cron / a scheduler every few minutes); each code is handled once under its row lock."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from nuanxin.points.redemptions import expire_due


class Command(BaseCommand):
    help = "处理已过期的兑换码：退回积分和库存（可重复执行）"

    def handle(self, *args: Any, **options: Any) -> None:
        n = expire_due()
        self.stdout.write(f"已处理过期兑换码 {n} 个")
