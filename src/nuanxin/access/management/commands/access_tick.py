"""Cron entry: flag overdue access bikes (reminding riders) and rotate pass-signing keys."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from nuanxin.access.scheduler import run_once


class Command(BaseCommand):
    help = "标记超时未还的畅行自行车并提醒骑手；轮换通行证签名密钥（可重复运行）"

    def handle(self, *args: Any, **options: Any) -> None:
        r = run_once()
        self.stdout.write(f"新密钥 {r['made']}，停用密钥 {r['retired']}，超时车辆 {r['overdue']}")
