"""An error in GeoReport v2's own format: a list of {code, description} with its HTTP code."""

from __future__ import annotations


class Open311Error(Exception):
    def __init__(self, code: int, description: str) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
