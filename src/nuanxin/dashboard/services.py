"""Writes of the dashboard: bring every app's figures rollup up to date (each `figures.py`
may offer `refresh_rollup()`).

Run hourly as the `roll_up_figures` job (ops.jobs) or from cron as `nuanxin roll_up_figures`;
each refresh is idempotent and adds only whole days, so running it twice is harmless.
"""

from __future__ import annotations

from nuanxin.dashboard.sections import sections


def refresh_all() -> dict[str, int]:
    out = {}
    for name, module in sections():
        refresh = getattr(module, "refresh_rollup", None)
        if refresh is not None:
            out[name] = int(refresh())
    return out
