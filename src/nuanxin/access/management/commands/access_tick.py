"""Run the access job once by hand: rotate pass keys, flag overdue bikes (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from nuanxin.access.services import run_periodic


class Command(BaseCommand):
    help = "轮换通行证签名密钥；标记超时未还的畅行自行车并提醒骑手（可重复运行）"

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(run_periodic())
