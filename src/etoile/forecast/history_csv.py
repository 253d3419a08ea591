"""The sales-history CSV: a company without a season document can still train the forecaster.

One row per performance, a header row, UTF-8. Required: ``id``, ``date`` (ISO date, or date and
time such as ``2026-10-03T19:30``), ``title``, and ``tickets`` and/or ``revenue``. Optional:
``venue``, ``city``, ``capacity``, ``price``, ``cast`` (dancer ids separated by ``;``, each
optionally ``id:rank``), ``matinee``, ``run_index``, ``run_length``, ``premiere``,
``new_production``, ``debut``, ``performances``, ``period_days``, ``sold_out``, ``star_power``.
Flags are ``true``/``false`` (or 1/0). See docs/forecasting.md.
"""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

from etoile.errors import InputError
from etoile.forecast.records import Context, Observation, Showing

REQUIRED = ("id", "date", "title")
FLAGS = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False, "": False}


def _number(value: str, where: str, field: str) -> float | None:
    if not value.strip():
        return None
    try:
        number = float(value)
    except ValueError:
        raise InputError(f"{where}: field {field}: not a number: {value!r}") from None
    if number < 0:
        raise InputError(f"{where}: field {field}: must not be negative ({value})")
    return number


def _flag(value: str, where: str, field: str) -> bool:
    key = value.strip().lower()
    if key not in FLAGS:
        raise InputError(f"{where}: field {field}: expected true or false, got {value!r}")
    return FLAGS[key]


def _when(value: str, where: str) -> date | datetime:
    text = value.strip()
    try:
        return (
            datetime.fromisoformat(text) if "T" in text or " " in text else date.fromisoformat(text)
        )
    except ValueError:
        raise InputError(f"{where}: field date: not an ISO date: {value!r}") from None


def read_history(path: Path, country: str | None = None) -> tuple[list[Observation], Context]:
    """Observations and their context (ranks from ``id:rank`` cast entries) from a history CSV."""
    if not path.is_file():
        raise InputError(f"{path}: file not found")
    ranks: dict[str, str] = {}
    out: list[Observation] = []
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        header = reader.fieldnames or []
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            raise InputError(f"{path}: missing column(s) {', '.join(missing)}")
        if "tickets" not in header and "revenue" not in header:
            raise InputError(f"{path}: needs a tickets or a revenue column")
        for line, row in enumerate(reader, start=2):
            where = f"{path}: line {line}"
            get = lambda k, row=row: (row.get(k) or "").strip()  # noqa: E731
            if not get("id") or not get("title"):
                raise InputError(f"{where}: fields id and title must not be empty")
            cast: tuple[str, ...] | None = None
            if get("cast"):
                members = []
                for entry in get("cast").split(";"):
                    dancer, _, rank = entry.strip().partition(":")
                    if dancer:
                        members.append(dancer)
                        if rank:
                            ranks[dancer] = rank
                cast = tuple(members)
            num = {
                k: _number(get(k), where, k) for k in ("capacity", "price", "tickets", "revenue")
            }
            ints = {
                k: int(v) if (v := _number(get(k), where, k)) is not None else None
                for k in ("run_index", "run_length", "performances", "period_days")
            }
            star = _number(get("star_power"), where, "star_power")
            showing = Showing(
                id=get("id"),
                when=_when(get("date"), where),
                titles=(get("title"),),
                venue=get("venue"),
                city=get("city"),
                capacity=num["capacity"],
                price=num["price"],
                cast=cast,
                matinee=_flag(get("matinee"), where, "matinee") if get("matinee") else None,
                run_index=ints["run_index"],
                run_length=ints["run_length"],
                premiere=_flag(get("premiere"), where, "premiere"),
                new_production=_flag(get("new_production"), where, "new_production"),
                debut=_flag(get("debut"), where, "debut"),
                performances=ints["performances"] or 1,
                period_days=ints["period_days"] or 1,
                extra={"star_power": star} if star is not None else {},
            )
            sold_out = _flag(get("sold_out"), where, "sold_out")
            out.append(Observation(showing, num["tickets"], num["revenue"], sold_out))
    if not out:
        raise InputError(f"{path}: no rows")
    return out, Context(country=country, member_groups=ranks)
