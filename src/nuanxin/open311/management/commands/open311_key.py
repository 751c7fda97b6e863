"""`nuanxin open311_key NAME PHONE`: issue an Open311 API key for a partner app."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nuanxin.accounts.services import find_user_by_phone
from nuanxin.open311.services import issue_key


class Command(BaseCommand):
    help = "为合作应用签发 Open311 API 密钥（只显示一次）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")
        parser.add_argument("phone", help="以此账号的名义提交随手拍")

    def handle(self, *args: Any, name: str, phone: str, **options: Any) -> None:
        user = find_user_by_phone(phone)
        if user is None:
            raise CommandError(f"手机号 {phone} 未注册")
        client, key = issue_key(name=name, account=user)
        self.stdout.write(f"已签发：{client.name}\napi_key={key}")
