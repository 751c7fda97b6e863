"""Local development: `make run`."""

import os

from nuanxin.settings.base import *  # noqa: F403

# `make run` shows the Chinese error pages a rider would see, never Django's debug pages;
# NUANXIN_DEBUG=1 turns them back on for a developer who wants the traceback in the browser.
DEBUG = os.environ.get("NUANXIN_DEBUG", "0") == "1"
