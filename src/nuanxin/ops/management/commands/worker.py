"""`nuanxin worker`: the production job process (huey's consumer with its scheduler)."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "运行任务队列进程（定时任务、短信发送、导出等），生产环境与 gunicorn 并行运行"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--workers", type=int, default=2)

    def handle(self, *args: Any, workers: int, **options: Any) -> None:
        call_command("run_huey", workers=workers, worker_type="thread")
