"""What every demo step gets: a seeded random source, the clock and a progress bar."""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand
from tqdm import tqdm


def raw_stdout(command: BaseCommand) -> TextIO:
    """The command's real stream: tqdm needs bare writes (no added newlines) for its bar."""
    return cast(TextIO, command.stdout._out)


@dataclass
class DemoContext:
    seed: int
    now: datetime
    out: TextIO
    quiet: bool = False
    shared: dict[str, Any] = field(default_factory=dict)

    def rng(self, step: str) -> random.Random:
        """An independent deterministic stream per step, so steps don't shift each other."""
        return random.Random(f"{self.seed}:{step}")

    @contextmanager
    def progress(self, desc: str, total: int, unit: str = "条") -> Iterator[tqdm[Any]]:
        with tqdm(total=total, desc=desc, unit=unit, file=self.out, disable=self.quiet,
                  dynamic_ncols=True, mininterval=0.5) as bar:
            yield bar

    def say(self, text: str) -> None:
        if not self.quiet:
            print(text, file=self.out, flush=True)
