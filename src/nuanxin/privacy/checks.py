"""`check --deploy`: refuse keys generated into var/ and the console SMS sender."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register


@register(Tags.security, deploy=True)
def keys_from_environment(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    given = getattr(settings, "KEYS_FROM_ENVIRONMENT", {})
    errors: list[CheckMessage] = [
        Error(f"{name} is not set: this process uses a key generated into var/.",
              hint="Set it in the environment (docs/production.md); 生产环境须由环境变量提供密钥。",
              id="nuanxin.E001")
        for name, ok in given.items() if not ok
    ]
    if settings.NUANXIN_SMS_SENDER.rsplit(".", 1)[-1] in ("ConsoleSender", "OutboxSender"):
        errors.append(Error("NUANXIN_SMS_SENDER is the console/test sender: it logs codes.",
                            hint="Name a real SMS gateway class.", id="nuanxin.E002"))
    return errors
