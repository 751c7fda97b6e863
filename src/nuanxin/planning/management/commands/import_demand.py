"""`nuanxin import_demand FILE.csv`: a platform's heat map as cell counts
(`cell,day,count,contributors`, H3 resolution 8). Every bad row is reported with its line
and nothing is written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nuanxin.kernel.errors import DomainError, RowErrors
from nuanxin.planning.services import import_cell_counts


class Command(BaseCommand):
    help = "导入平台热力数据（H3 单元计数 CSV：cell,day,count,contributors）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")

    def handle(self, *args: Any, file: str, **options: Any) -> None:
        try:
            text = Path(file).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as e:
            raise CommandError(f"无法读取文件：{e}") from None
        try:
            n = import_cell_counts(text=text)
        except RowErrors as e:
            for line, msg in e.errors:
                self.stderr.write(f"第{line}行：{msg}")
            raise CommandError(f"导入失败，未写入任何数据（{len(e.errors)} 行有误）") from None
        except DomainError as e:
            raise CommandError(e.message) from None
        self.stdout.write(f"已导入 {n} 个单元日计数")
