"""`nuanxin restore DIR [--force]`: verify checksums, restore, compare row counts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nuanxin.kernel.errors import DomainError
from nuanxin.ops.backup import restore


class Command(BaseCommand):
    help = "从备份恢复数据库与上传文件（数据库非空时拒绝，除非 --force）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path)
        parser.add_argument("--force", action="store_true", help="覆盖已有数据")

    def handle(self, *args: Any, directory: Path, force: bool, **options: Any) -> None:
        try:
            restore(directory, force=force, say=self.stdout.write)
        except DomainError as e:
            raise CommandError(e.message) from e
