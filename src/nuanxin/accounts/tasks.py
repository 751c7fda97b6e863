"""Jobs of the accounts app, found by the queue's consumer (huey autodiscovers `tasks`)."""

from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string
from huey.contrib.djhuey import db_task

from nuanxin.kernel.crypto import decrypt


@db_task(retries=5, retry_delay=5, retry_backoff=2, name="deliver_sms")
def deliver_sms(phone_cipher: str, text: str) -> None:
    """The job: decrypt the number only here, hand it to the provider."""
    provider = import_string(settings.NUANXIN_SMS_PROVIDER)()
    provider.send(decrypt(phone_cipher), text)
