"""Local development: `make run`."""

from nuanxin.settings.base import *  # noqa: F403
