"""Production: every secret from the environment, HTTPS everywhere, behind any proxy.

Required: NUANXIN_SECRET_KEY, NUANXIN_FIELD_KEYS, NUANXIN_HMAC_KEY, NUANXIN_ALLOWED_HOSTS,
DATABASE_URL. Recommended: REDIS_URL.
"""

import os

from django.core.exceptions import ImproperlyConfigured

os.environ.setdefault("NUANXIN_DEBUG", "0")

from nuanxin.settings.base import *  # noqa: F403
from nuanxin.settings.base import KEYS_FROM_ENVIRONMENT

# Codes go through the job queue to the SMS provider; the console sender (which prints
# numbers and codes into the log) and the test outbox are refused here.
NUANXIN_SMS_SENDER = os.environ.get("NUANXIN_SMS_SENDER",
                                    "nuanxin.accounts.sms_provider.QueuedSender")

_missing = [name for name, given in KEYS_FROM_ENVIRONMENT.items() if not given]
if _missing:
    raise ImproperlyConfigured(
        "Production settings need these environment variables: " + ", ".join(_missing)
        + ". Generate them once (see docs/production.md) and keep them outside the database"
        " and the repository; without the same field keys, stored personal data cannot be"
        " read. 生产环境缺少密钥环境变量：" + "、".join(_missing))
if NUANXIN_SMS_SENDER.rsplit(".", 1)[-1] in ("ConsoleSender", "OutboxSender"):
    raise ImproperlyConfigured(
        "NUANXIN_SMS_SENDER must name a real SMS gateway class in production: the console"
        " sender prints phone numbers and codes into the log. 生产环境不能使用控制台短信发送器。")

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("NUANXIN_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
