"""`nuanxin import-regions FILE`: all rows or none; every bad row reported by line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from nuanxin.kernel.errors import RowErrors
from nuanxin.regions.importer import import_regions


class Command(BaseCommand):
    help = "导入区划文件（CSV：code,name,level,parent_code），幂等，有错误行则整体不导入"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        try:
            text = file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as e:
            raise CommandError(f"无法读取文件 {file}：{e}") from None
        total = max(0, text.count("\n") - 1)
        with tqdm(total=total, desc="导入区划", unit="行", disable=options["verbosity"] == 0) as bar:
            try:
                result = import_regions(text, progress=bar.update)
            except RowErrors as e:
                for line, msg in e.errors:
                    self.stderr.write(f"第{line}行：{msg}")
                raise CommandError(f"共{len(e.errors)}行有错误，未导入任何数据") from None
        self.stdout.write(self.style.SUCCESS(
            f"完成：新增{result.created}，更新{result.updated}，未变{result.unchanged}"))
