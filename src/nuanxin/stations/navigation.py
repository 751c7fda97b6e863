"""'Navigate' links: moved to `nuanxin.kernel.navigation` (reports' handler page uses them too)."""

from nuanxin.kernel.navigation import SOURCE, navigation_links

__all__ = ["SOURCE", "navigation_links"]
