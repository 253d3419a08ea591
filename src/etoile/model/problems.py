"""Named problems in a document, each with the JSON path it concerns."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from etoile.errors import InputError


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a document: where (a JSON path like ``$.dancers[3].rank_id``) and why."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


class DocumentError(InputError):
    """A document that cannot be used; lists every problem found, not just the first."""

    def __init__(self, source: str, problems: Sequence[Problem]) -> None:
        self.source = source
        self.problems = list(problems)
        count = len(self.problems)
        lines = "".join(f"\n  {p}" for p in self.problems)
        super().__init__(f"{source}: {count} problem{'s' if count != 1 else ''}{lines}")


def json_path(loc: Sequence[int | str]) -> str:
    """Render a pydantic error location as a JSON path: ``('dancers', 3, 'rank_id')`` → ``$.dancers[3].rank_id``."""
    path = "$"
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path
