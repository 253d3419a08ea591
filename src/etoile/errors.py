"""The errors Étoile shows to users: each says what is wrong and where, never as a traceback."""

from __future__ import annotations


class EtoileError(Exception):
    """An expected failure the user can act on; the CLI prints its message and exits 1."""


class InputError(EtoileError):
    """A file or argument that cannot be used; the message names the file, the field and the reason."""


class InfeasibleError(EtoileError):
    """A plan cannot be made; ``reasons`` name what cannot be met."""

    def __init__(self, message: str, reasons: list[str] | None = None) -> None:
        self.reasons = reasons or []
        detail = "".join(f"\n  - {r}" for r in self.reasons)
        super().__init__(message + detail)
