"""`nuanxin retention [--dry-run]`: anonymise or delete what is past its time, and say so."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from nuanxin.ops.retention import apply


class Command(BaseCommand):
    help = "按个人信息保存期限匿名化或删除到期数据（--dry-run 只统计不修改）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, dry_run: bool, **options: Any) -> None:
        for o in apply(dry_run=dry_run):
            verb = "将" if dry_run else "已"
            self.stdout.write(f"{o.label}（保存{o.days}天）：{verb}{o.action} {o.affected} 条")
