"""Writes to the region tree."""

from __future__ import annotations

from django.db.models import Value
from django.db.models.functions import Concat, Substr

from nuanxin.regions.models import Region
from nuanxin.regions.paths import subtree_q


def move_subtree_paths(old_path: str, new_path: str) -> int:
    """Rewrite the paths of every strict descendant of `old_path` to sit under `new_path`."""
    descendants = Region.objects.filter(subtree_q(old_path)).exclude(path=old_path)
    return descendants.update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1))
    )
