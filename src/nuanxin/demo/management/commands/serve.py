"""`nuanxin run`: migrate, load the demo data into an empty database, print logins, serve."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from nuanxin.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from nuanxin.demo.services import build_demo, database_is_empty
from nuanxin.kernel.demo_context import raw_stdout
from nuanxin.ops.services import start_consumer_in_process


class Command(BaseCommand):
    help = "迁移数据库、空库时生成演示数据、启动服务（默认 127.0.0.1:8000）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-demo", action="store_true")

    def handle(self, *args: Any, addrport: str, no_demo: bool,
               **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)  # the `limits` cache without Redis
        self.stdout.write("数据库已迁移")
        if not settings.DEBUG:  # served by whitenoise under hashed names (the manifest)
            call_command("collectstatic", interactive=False, verbosity=0)
            self.stdout.write("静态文件已收集")
        if database_is_empty() and not no_demo:
            self.stdout.write("空库：生成菏泽演示数据……")
            build_demo(out=raw_stdout(self))
        self._banner(addrport)
        if start_consumer_in_process():
            self.stdout.write("任务队列已启动（与生产环境的 nuanxin worker 相同：随手拍超时升级、"
                              "兑换码过期等定时任务）")
        call_command("runserver", addrport, use_reloader=False, use_threading=True)

    def _banner(self, addrport: str) -> None:
        base = f"http://{addrport}"
        lines = [
            "",
            "━━━━━━━━━━━━━━━━ 暖新 Nuanxin 已启动 ━━━━━━━━━━━━━━━━",
            f"  骑手首页        {base}/          （找驿站 {base}/stations/）",
            f"  随手拍          {base}/reports/   （网格员承办队列 {base}/reports/handle/）",
            f"  后台管理        {base}/admin/     （区划树：{base}/admin/regions/region/tree/）",
            f"  接口文档        {base}/api/docs",
            f"  演示账号（密码均为 {DEMO_PASSWORD}）：",
            *[f"    {a.phone}  {a.name}（{a.note}）" for a in DEMO_ACCOUNTS],
            "━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━",
            "",
        ]
        self.stdout.write("\n".join(lines))
