"""Readers for the three published talent-scheduling formats, detected from the content.

F1 is the Stuckey/de la Banda token format, F2 the MiniZinc ``talent_scheduling`` data and F3
the CSPLib prob039 rehearsal data (no costs: every player costs 1). Every problem is reported as
an :class:`InputError` naming the file, the field and the reason.
"""

from __future__ import annotations

import re
from pathlib import Path

from etoile.errors import InputError
from etoile.solve.rehearsals.talent_instance import TalentInstance

_INT = re.compile(r"-?\d+")
_STATEMENT = re.compile(r"^\s*([A-Za-z_]\w*)\s*=\s*(.*)$", re.DOTALL)


def load_talent(path: str | Path) -> TalentInstance:
    """Read an instance file in any of the three formats."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read the file ({exc.strerror or exc})") from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not a text file (byte {exc.start} is not UTF-8)") from exc
    return parse_talent(text, source=str(path), default_name=path.name)


def parse_talent(text: str, source: str = "<text>", default_name: str = "") -> TalentInstance:
    """Parse instance text; the format is chosen by the keywords it contains."""
    if re.search(r"\bnumScenes\b", text):
        return _parse_minizinc(text, source, default_name)
    if re.search(r"\bnum_pieces\b", text):
        return _parse_csplib(text, source, default_name)
    return _parse_tokens(text, source)


def _fail(source: str, field: str, reason: str) -> InputError:
    return InputError(f"{source}: field '{field}': {reason}")


def _to_int(token: str, source: str, field: str) -> int:
    if not _INT.fullmatch(token):
        raise _fail(source, field, f"expected an integer, found {token!r}")
    return int(token)


def _parse_tokens(text: str, source: str) -> TalentInstance:
    """F1: name, n, m, then m rows of n 0/1 values and a cost, then n durations."""
    tokens = text.split()
    if not tokens:
        raise _fail(source, "name", "the file is empty")
    name = tokens[0]
    if len(tokens) < 3:
        raise _fail(source, "n", "missing the number of pieces and players")
    n = _to_int(tokens[1], source, "n (number of pieces)")
    m = _to_int(tokens[2], source, "m (number of players)")
    if n < 1:
        raise _fail(source, "n (number of pieces)", f"must be at least 1, found {n}")
    if m < 0:
        raise _fail(source, "m (number of players)", f"must not be negative, found {m}")
    expected = 3 + m * (n + 1) + n
    if len(tokens) != expected:
        raise _fail(
            source,
            "matrix",
            f"expected {expected - 3} numbers after the header ({m} rows of {n} + 1, then "
            f"{n} durations), found {len(tokens) - 3}",
        )
    values = [_to_int(t, source, "matrix") for t in tokens[3:]]
    rows = [values[p * (n + 1) : p * (n + 1) + n] for p in range(m)]
    costs = [values[p * (n + 1) + n] for p in range(m)]
    durations = values[m * (n + 1) :]
    return _build(source, name, durations, costs, rows, "matrix", "cost", "durations")


def _dzn_fields(text: str, source: str) -> dict[str, str]:
    """Split MiniZinc data into ``name -> expression`` (comments removed)."""
    text = re.sub(r"%[^\n]*", "", text)
    fields: dict[str, str] = {}
    for statement in text.split(";"):
        if not statement.strip():
            continue
        match = _STATEMENT.match(statement)
        if match is None:
            raise _fail(source, "statement", f"cannot read {statement.strip()[:40]!r}")
        fields[match.group(1)] = match.group(2)
    return fields


def _ints(fields: dict[str, str], key: str, source: str) -> list[int]:
    if key not in fields:
        raise _fail(source, key, "missing")
    expr = fields[key]
    if key == "rehearsal" and "[" in expr:
        expr = expr[expr.index("[") :]  # skip the array2d index sets
    return [int(v) for v in _INT.findall(expr)]


def _scalar(fields: dict[str, str], key: str, source: str) -> int:
    values = _ints(fields, key, source)
    if len(values) != 1:
        raise _fail(source, key, f"expected one integer, found {fields[key].strip()!r}")
    return values[0]


def _matrix(flat: list[int], m: int, n: int, source: str, field: str) -> list[list[int]]:
    if len(flat) != m * n:
        raise _fail(source, field, f"expected {m}×{n} = {m * n} values, found {len(flat)}")
    return [flat[p * n : (p + 1) * n] for p in range(m)]


def _parse_minizinc(text: str, source: str, name: str) -> TalentInstance:
    """F2: ``numScenes``, ``numActors``, ``ia`` (actor × scene), ``c``, ``d``."""
    fields = _dzn_fields(text, source)
    n = _scalar(fields, "numScenes", source)
    m = _scalar(fields, "numActors", source)
    rows = _matrix(_ints(fields, "ia", source), m, n, source, "ia")
    costs = _ints(fields, "c", source)
    durations = _ints(fields, "d", source)
    return _build(source, name, durations, costs, rows, "ia", "c", "d", n=n, m=m)


def _parse_csplib(text: str, source: str, name: str) -> TalentInstance:
    """F3: ``num_pieces``, ``num_players``, ``duration``, ``rehearsal``; every player costs 1."""
    fields = _dzn_fields(text, source)
    n = _scalar(fields, "num_pieces", source)
    m = _scalar(fields, "num_players", source)
    rows = _matrix(_ints(fields, "rehearsal", source), m, n, source, "rehearsal")
    durations = _ints(fields, "duration", source)
    return _build(source, name, durations, [1] * m, rows, "rehearsal", "cost", "duration", n=n, m=m)


def _build(
    source: str,
    name: str,
    durations: list[int],
    costs: list[int],
    rows: list[list[int]],
    matrix_field: str,
    cost_field: str,
    duration_field: str,
    n: int | None = None,
    m: int | None = None,
) -> TalentInstance:
    """Check sizes and values once for every format."""
    n = len(durations) if n is None else n
    m = len(rows) if m is None else m
    if n < 1:
        raise _fail(source, "number of pieces", f"must be at least 1, found {n}")
    if len(durations) != n:
        raise _fail(source, duration_field, f"expected {n} durations, found {len(durations)}")
    if len(costs) != m:
        raise _fail(source, cost_field, f"expected {m} costs, found {len(costs)}")
    for s, d in enumerate(durations):
        if d < 0:
            raise _fail(source, duration_field, f"piece {s + 1} has a negative duration {d}")
    for p, c in enumerate(costs):
        if c < 0:
            raise _fail(source, cost_field, f"player {p + 1} has a negative cost {c}")
    for p, row in enumerate(rows):
        bad = [v for v in row if v not in (0, 1)]
        if bad:
            raise _fail(source, matrix_field, f"player {p + 1} has value {bad[0]}, not 0 or 1")
    return TalentInstance(
        name=name,
        durations=tuple(durations),
        costs=tuple(costs),
        appears=tuple(tuple(v == 1 for v in row) for row in rows),
    )
