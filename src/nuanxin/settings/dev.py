"""Local development and the demo: `make run` (DEBUG off, collected static files) and
`make dev` (NUANXIN_DEBUG=1: debug pages, static files from the source folders)."""


from nuanxin.settings.base import *  # noqa: F403
from nuanxin.settings.base import (
    DEBUG,
    FIELD_ENCRYPTION_KEYS,
    FIELD_HMAC_KEY,
    SECRET_KEY,
    VAR_DIR,
)
from nuanxin.settings.local_keys import local_keys

SECRET_KEY, FIELD_ENCRYPTION_KEYS, FIELD_HMAC_KEY = local_keys(
    VAR_DIR, SECRET_KEY, FIELD_ENCRYPTION_KEYS, FIELD_HMAC_KEY)

if not DEBUG:  # what `make run` serves: hashed names from `collectstatic`, like production
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        # The manifest (hashed names, cached for a year); production also pre-compresses.
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    WHITENOISE_USE_FINDERS = False
