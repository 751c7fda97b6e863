"""`nuanxin demo`: build the Heze demo data (deterministic from --seed)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nuanxin.demo.services import DEFAULT_SEED, build_demo, database_is_empty
from nuanxin.kernel.demo_context import raw_stdout


class Command(BaseCommand):
    help = "生成菏泽演示数据：区划、网格、约6.7万名新就业群体人员、各角色演示账号"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument("--if-empty", action="store_true", help="数据库非空时什么也不做")

    def handle(self, *args: Any, seed: int, if_empty: bool, **options: Any) -> None:
        if not database_is_empty():
            if if_empty:
                self.stdout.write("数据库已有数据，跳过演示数据")
                return
            raise CommandError("数据库已有数据；演示数据只在空库中生成（删除 var/ 下的数据库后重试）")
        build_demo(seed=seed, out=raw_stdout(self), quiet=options["verbosity"] == 0)
