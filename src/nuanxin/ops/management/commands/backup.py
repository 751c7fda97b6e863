"""`nuanxin backup DIR`: the database and uploaded media, with a manifest (no keys)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nuanxin.kernel.errors import DomainError
from nuanxin.ops.backup import backup


class Command(BaseCommand):
    help = "备份数据库与上传文件（含行数与校验和清单；不含加密密钥）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path)

    def handle(self, *args: Any, directory: Path, **options: Any) -> None:
        try:
            backup(directory, say=self.stdout.write)
        except DomainError as e:
            raise CommandError(e.message) from e
