"""Production: every secret from the environment, HTTPS everywhere, behind any proxy.

Required: NUANXIN_SECRET_KEY, NUANXIN_FIELD_KEYS, NUANXIN_HMAC_KEY, NUANXIN_ALLOWED_HOSTS,
DATABASE_URL. Recommended: REDIS_URL.
"""

import os

os.environ.setdefault("NUANXIN_DEBUG", "0")

from nuanxin.settings.base import *  # noqa: F403

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
