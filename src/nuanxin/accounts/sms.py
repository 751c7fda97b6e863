"""Pluggable senders of one-time codes. Set NUANXIN_SMS_SENDER to a dotted class path."""

from __future__ import annotations

import logging
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger("nuanxin.sms")


class SmsSender(Protocol):
    def send(self, phone: str, text: str) -> None: ...


class ConsoleSender:
    """Development default: prints the message where `make run` shows its log."""

    def send(self, phone: str, text: str) -> None:
        print(f"[短信] 发送至 {phone}: {text}", flush=True)


class OutboxSender:
    """For tests: keeps messages in memory."""

    outbox: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        self.outbox.append((phone, text))


def get_sender() -> SmsSender:
    sender: SmsSender = import_string(settings.NUANXIN_SMS_SENDER)()
    return sender
