"""Materialised-path helpers: a subtree is the half-open range [path, path_end)."""

from __future__ import annotations

from django.db.models import Q

from nuanxin.regions.models import PATH_SEP


def subtree_end(path: str) -> str:
    """First string after every descendant path ('/' + 1 == '0')."""
    assert path.endswith(PATH_SEP)
    return path[:-1] + chr(ord(PATH_SEP) + 1)


def codes_of(path: str) -> list[str]:
    """'371700/371702/371702001/' -> ['371700', '371702', '371702001']: the chain of codes
    from the root down to the region itself (the one parser of a materialised path)."""
    return [code for code in path.split(PATH_SEP) if code]


def subtree_q(path: str, field: str = "path") -> Q:
    """Q for rows whose `field` lies in the subtree rooted at `path` (itself included)."""
    return Q(**{f"{field}__gte": path, f"{field}__lt": subtree_end(path)})
