"""Backtest on the Comédie-Française registers (CFRP): nightly receipts with who played.

One observation per session with recorded receipts (livres = l + s/20 + d/240). The bill (main
piece and afterpiece) gives the titles; the casting registers ("feux") give the actors of that
night's Paris performances, and their status (sociétaire / pensionnaire / occasional) is the rank
their draw shrinks toward. Capacity and prices are not in the dump, so no session is treated as
censored. The company changed houses in 1770 and 1782: the venue follows the season.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from etoile.errors import InputError
from etoile.forecast.backtest import PredictionRow, Step, run_backtest
from etoile.forecast.calendar import fourier
from etoile.forecast.model import ModelConfig
from etoile.forecast.records import Context, Observation, Showing

SEASON = re.compile(r"^\d{4}-\d{4}$")
HISTORY_FROM = "1765-1766"  # the casting registers start in 1765
FILES = ("registers", "register_plays", "plays", "feux", "feux_plays", "casting_records", "acteurs")
CONFIG = ModelConfig(halflife_days=730.0)
FRESH_BINS = ((0, 8), (8, 31), (31, 366), (366, 3650))  # days since a piece was last given


def _venue(season: str) -> str:
    if season < "1770-1771":
        return "Fossés-Saint-Germain"
    return "Tuileries (Salle des Machines)" if season < "1782-1783" else "Faubourg Saint-Germain"


def _rows(folder: Path, name: str, needed: tuple[str, ...]) -> Iterator[dict[str, str]]:
    path = folder / f"{name}.csv"
    if not path.is_file():
        raise InputError(f"{path}: file not found (is {folder} the CFRP data folder?)")
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in needed if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError(f"{path}: missing column(s) {', '.join(missing)}")
        yield from reader


def _flag(value: str) -> bool:
    return value.strip().lower() in {"t", "true", "1"}


def _int(value: str) -> int | None:
    try:
        return int(float(value))
    except ValueError:
        return None


def _receipts(row: dict[str, str]) -> float | None:
    if not row["total_receipts_recorded_l"].strip():
        return None
    parts = [
        row.get(k, "") or "0"
        for k in (
            "total_receipts_recorded_l",
            "total_receipts_recorded_s",
            "total_receipts_recorded_d",
        )
    ]
    try:
        livres, sols, deniers = (float(p) for p in parts)
    except ValueError as exc:
        raise InputError(f"registers.csv: id {row['id']}: unreadable receipts {parts}") from exc
    return livres + sols / 20 + deniers / 240


def _calendar_terms(day: date, run: int | None, premiere: bool) -> dict[str, float]:
    """Weekday × time-of-year (Sunday in winter is not Sunday in June) and first-run decay."""
    wd = day.weekday()
    out = {f"weekday:{wd}:season:{k}": v for k, v in enumerate(fourier(day)[:4])}
    if premiere and run:
        out["premiere_log_run"] = math.log1p(run)
    return out


def _freshness(
    day: date, plays: list[str], last_given: dict[str, date], recent: dict[str, list[date]]
) -> dict[str, float]:
    """How worn each piece of the bill is: days since it was last given, times in the last 30 days.

    Known when the bill is drawn up, so fair in a backtest; updates the running tallies.
    """
    out: dict[str, float] = {}
    for slot, play in zip(("main", "after"), plays, strict=False):
        prev = last_given.get(play)
        since = min((day - prev).days, 3650) if prev else 3650
        out[f"{slot}_days_since"] = math.log1p(since)
        for lo, hi in FRESH_BINS:  # the effect of a revival is not log-linear in the gap
            out[f"{slot}_since_{lo}_{hi}"] = float(lo <= since < hi)
        dates = [d for d in recent.get(play, []) if (day - d).days <= 30]
        out[f"{slot}_last_30_days"] = float(len(dates))
        recent[play] = [*dates, day]
        last_given[play] = day
    return out


@dataclass(frozen=True)
class Session:
    """A register session as an observation, with its theatrical season."""

    season: str
    observation: Observation


def load(folder: Path, history_from: str = HISTORY_FROM) -> tuple[list[Session], Context]:
    """Every session from ``history_from`` on with receipts, and the ranks and genres to shrink to."""
    genre = {r["id"]: r["genre"] or "?" for r in _rows(folder, "plays", ("id", "genre"))}
    status = {
        r["id"]: (r["status_osp"] or "?")[:1]
        for r in _rows(folder, "acteurs", ("id", "status_osp"))
    }
    bills: dict[str, list[dict[str, str]]] = {}
    for r in _rows(folder, "register_plays", ("register_id", "play_id", "ordering", "firstrun")):
        bills.setdefault(r["register_id"], []).append(r)
    feux = {
        r["id"]: r["register_id"]
        for r in _rows(folder, "feux", ("id", "register_id"))
        if r["register_id"]
    }
    paris_play = {
        r["id"]: feux[r["feux_id"]]
        for r in _rows(folder, "feux_plays", ("id", "feux_id", "lieu_id"))
        if not r["lieu_id"] and r["feux_id"] in feux
    }
    casts: dict[str, set[str]] = {}
    debuts: set[str] = set()
    for r in _rows(folder, "casting_records", ("feux_play_id", "actor_id", "debut")):
        reg = paris_play.get(r["feux_play_id"])
        if reg is None:
            continue
        members = casts.setdefault(reg, set())
        if r["actor_id"]:
            members.add(f"actor:{r['actor_id']}")
        if _flag(r["debut"]):
            debuts.add(reg)
    sessions: list[Session] = []
    opening: dict[str, date] = {}
    last_given: dict[str, date] = {}
    recent: dict[str, list[date]] = {}
    regs = [
        r
        for r in _rows(folder, "registers", ("id", "date", "season", "total_receipts_recorded_l"))
        if r["season"] >= history_from
    ]
    regs.sort(key=lambda r: r["date"])
    for r in regs:
        try:
            day = date.fromisoformat(r["date"])
        except ValueError as exc:
            raise InputError(f"registers.csv: id {r['id']}: bad date {r['date']!r}") from exc
        opening.setdefault(r["season"], day)
        bill = sorted(bills.get(r["id"], []), key=lambda p: _int(p["ordering"]) or 9)
        fresh = _freshness(day, [p["play_id"] for p in bill], last_given, recent)
        receipts = _receipts(r)
        if receipts is None:
            continue
        run = next(
            (
                _int(p.get(k, ""))
                for p in bill
                for k in ("firstrun_perfnum", "reprise_perfnum")
                if _int(p.get(k, ""))
            ),
            None,
        )
        cast = casts.get(r["id"])
        showing = Showing(
            id=r["id"],
            when=day,
            titles=tuple(f"play:{p['play_id']}" for p in bill),
            venue=_venue(r["season"]),
            city="Paris",
            cast=tuple(sorted(cast)) if cast else None,
            run_index=run,
            premiere=any(_flag(p["firstrun"]) for p in bill),
            new_production=any(_flag(p.get("reprise", "")) for p in bill),
            debut=r["id"] in debuts or any(_flag(p.get("debut", "")) for p in bill),
            extra={
                "days_into_season": float((day - opening[r["season"]]).days),
                "plays_on_bill": float(len(bill)),
                **fresh,
                **_calendar_terms(day, run, any(_flag(p["firstrun"]) for p in bill)),
            },
        )
        sessions.append(Session(r["season"], Observation(showing, revenue=receipts)))
    context = Context(
        country="FR",
        member_groups={f"actor:{k}": v for k, v in status.items()},
        title_groups={f"play:{k}": v for k, v in genre.items()},
    )
    return sessions, context


def parse_window(train_until: str, test: str) -> tuple[str, str, str]:
    """Check ``SEASON`` and ``FROM:TO`` (seasons like 1779-1780); raise InputError otherwise."""
    parts = test.split(":")
    if len(parts) != 2 or not all(SEASON.match(p) for p in parts):
        raise InputError(f"--test {test!r}: expected FROM:TO seasons such as 1780-1781:1781-1782")
    if not SEASON.match(train_until):
        raise InputError(f"--train-until {train_until!r}: expected a season such as 1779-1780")
    if parts[0] > parts[1] or parts[0] <= train_until:
        raise InputError(
            f"--test {test!r}: must start after --train-until {train_until} and not end before it starts"
        )
    return train_until, parts[0], parts[1]


def backtest(
    folder: Path, train_until: str, test: str, step: Step | None = None
) -> tuple[dict[str, Any], list[PredictionRow]]:
    """Train on seasons ≤ ``train_until``; predict every test session with receipts."""
    until, first, last = parse_window(train_until, test)
    if step:
        step("reading the registers")
    sessions, context = load(folder)
    train = [s.observation for s in sessions if s.season <= until]
    held = [s.observation for s in sessions if first <= s.season <= last]
    if not held:
        raise InputError(f"{folder}: no session with receipts in seasons {first} … {last}")
    report, rows = run_backtest(
        "cfrp", train, held, context, lambda s: f"weekday:{s.day.weekday()}", CONFIG, step
    )
    report.update({"train_until_season": until, "test_seasons": [first, last]})
    return report, rows
