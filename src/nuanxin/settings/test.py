"""Test settings: fast hashing, in-memory SMS outbox, files under a temp var dir."""

import os
import tempfile

os.environ.setdefault("NUANXIN_VAR_DIR", tempfile.mkdtemp(prefix="nuanxin-test-"))

from nuanxin.settings.base import *  # noqa: F403
from nuanxin.settings.base import (
    CACHES,
    FIELD_ENCRYPTION_KEYS,
    FIELD_HMAC_KEY,
    REDIS_URL,
    SECRET_KEY,
    VAR_DIR,
)
from nuanxin.settings.local_keys import local_keys

SECRET_KEY, FIELD_ENCRYPTION_KEYS, FIELD_HMAC_KEY = local_keys(
    VAR_DIR, SECRET_KEY, FIELD_ENCRYPTION_KEYS, FIELD_HMAC_KEY)

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
NUANXIN_SMS_SENDER = "nuanxin.accounts.sms.OutboxSender"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DEBUG = False

# Jobs run at once, in the test's thread and database transaction.
HUEY = {"huey_class": "huey.MemoryHuey", "name": "nuanxin-test", "immediate": True}
# No network in tests: maps draw their schematic fallback unless a test sets tiles.
NUANXIN_MAP_TILES = "none"
# One test process: the limits may live in memory (a table would need the database in
# every test that clears the caches). With REDIS_URL they stay on Redis, as in production.
if not REDIS_URL:
    CACHES["limits"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                        "LOCATION": "nuanxin-limits"}
