"""Search text for Chinese names: characters, full pinyin and pinyin initials."""

from __future__ import annotations

import re

from pypinyin import Style, lazy_pinyin

_KEEP = re.compile(r"[^0-9a-z\u4e00-\u9fff]+")


def normalise_query(q: str) -> str:
    """Lower case, no spaces or punctuation: 'Xiao Ge' -> 'xiaoge'."""
    return _KEEP.sub("", (q or "").lower())


def search_text(name: str, address: str = "") -> str:
    """'小哥食堂 ... | xiaogeshitang | xgst' (name and address both)."""
    parts = [normalise_query(name), normalise_query(address)]
    for text in (name, address):
        if text:
            parts.append(normalise_query("".join(lazy_pinyin(text, errors="ignore"))))
            parts.append(normalise_query("".join(
                lazy_pinyin(text, style=Style.FIRST_LETTER, errors="ignore"))))
    return "|".join(p for p in parts if p)
