"""Backtest on Broadway weekly grosses: one observation per show-week, predicted a season ahead.

The Playbill 2009+ file (``limelight-playbill/pre-pandemic-531.csv``) is what is predicted. Seats
sold are demand censored at the house (seats × performances); the gross is seats times the
revenue per seat. The longer PSha98 copy only dates each show's opening (weeks into the run),
and its show table says musical or play, original or revival. There is no cast in these files.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from etoile.errors import InputError
from etoile.forecast.backtest import PredictionRow, Step, run_backtest
from etoile.forecast.model import ModelConfig
from etoile.forecast.records import Context, Observation, Showing

GROSSES = Path("limelight-playbill/pre-pandemic-531.csv")
LONG_HISTORY = Path("psha98-playbill/1985-2022.csv")
SHOWS = Path("psha98-playbill/show_data_final.csv")
COLUMNS = (
    "Title",
    "Weekly Gross",
    "Seats Sold",
    "Performance Count",
    "Preview Count",
    "Week Ending",
    "Theater",
    "Potential Gross",
    "Top Ticket Price",
    "Theater Capacity",
)
MIN_HALFLIFE_DAYS = 90.0
"""Memory of the fit: half the forecast horizon, at least this (tuned on splits up to 2016-05)."""
RUN_GAP_DAYS = 182


def _number(text: str, where: str) -> float:
    cleaned = text.replace("$", "").replace(",", "").replace("%", "").strip()
    if not cleaned:
        return 0.0
    try:
        return float(cleaned)
    except ValueError as exc:
        raise InputError(f"{where}: not a number: {text!r}") from exc


def _rows(path: Path, needed: tuple[str, ...]) -> Iterator[dict[str, str]]:
    if not path.is_file():
        raise InputError(f"{path}: file not found (is the folder the Broadway grosses data?)")
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in needed if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError(f"{path}: missing column(s) {', '.join(missing)}")
        yield from reader


def _long_history(folder: Path) -> dict[str, list[date]]:
    """The weeks each title played in the long 1985– copy, to date the start of each run."""
    weeks: dict[str, list[date]] = {}
    path = folder / LONG_HISTORY
    if not path.is_file():
        return weeks
    for r in _rows(path, ("Year", "Show_name")):
        name = r["Show_name"].strip()
        try:
            day = datetime.strptime(r["Year"], "%d-%m-%Y").date()
        except ValueError:
            continue
        if name:
            weeks.setdefault(name, []).append(day)
    return weeks


def _run_starts(weeks: list[date]) -> list[date]:
    """First week of each run: a gap of more than half a year starts a new one (a revival)."""
    starts: list[date] = []
    previous: date | None = None
    for day in sorted(set(weeks)):
        if previous is None or (day - previous).days > RUN_GAP_DAYS:
            starts.append(day)
        previous = day
    return starts


def _show_kinds(folder: Path) -> tuple[dict[str, str], set[str]]:
    """Musical or play per title, and the titles that are revivals (latest entry wins)."""
    kinds: dict[str, str] = {}
    revivals: set[str] = set()
    path = folder / SHOWS
    if not path.is_file():
        return kinds, revivals
    for r in _rows(path, ("name", "type", "musical")):
        name = r["name"].strip()
        kinds[name] = "musical" if r["musical"].strip() in {"1", "1.0"} else "play"
        if r["type"].strip() == "Revival":
            revivals.add(name)
        else:
            revivals.discard(name)
    return kinds, revivals


def load(folder: Path) -> tuple[list[Observation], Context]:
    """Every show-week of the Playbill file that had performances and takings."""
    path = folder / GROSSES
    played = _long_history(folder)
    kinds, revivals = _show_kinds(folder)
    raw = []
    for n, r in enumerate(_rows(path, COLUMNS), start=2):
        where = f"{path}: line {n}"
        try:
            week = date.fromisoformat(r["Week Ending"].strip())
        except ValueError as exc:
            raise InputError(
                f"{where}: field Week Ending: not a date {r['Week Ending']!r}"
            ) from exc
        shows = int(_number(r["Performance Count"], where) + _number(r["Preview Count"], where))
        gross = _number(r["Weekly Gross"], where)
        if shows <= 0 or gross <= 0:
            continue
        raw.append((r, week, shows, gross, where))
    for r, week, _, _, _ in raw:
        played.setdefault(r["Title"].strip(), []).append(week)
    starts = {title: _run_starts(weeks) for title, weeks in played.items()}
    observations = []
    for r, week, shows, gross, where in raw:
        title = r["Title"].strip()
        seats = _number(r["Theater Capacity"], where) * shows
        potential = _number(r["Potential Gross"], where)
        top = _number(r["Top Ticket Price"], where)
        previews = _number(r["Preview Count"], where)
        showing = Showing(
            id=f"{title}|{week.isoformat()}",
            when=week,
            titles=(title,),
            venue=r["Theater"].strip(),
            city="New York",
            capacity=seats or None,
            price=potential / seats if potential > 0 and seats > 0 else None,
            days_into_run=(week - max(d for d in starts[title] if d <= week)).days,
            premiere=previews > 0,
            new_production=title in revivals,
            performances=shows,
            period_days=7,
            extra={"top_price": top, "preview_share": previews / shows},
        )
        sold = _number(r["Seats Sold"], where)
        observations.append(Observation(showing, tickets=sold or None, revenue=gross))
    return observations, Context(country="US", subdivision="NY", title_groups=kinds)


def _date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise InputError(f"{option} {text!r}: expected a date such as 2016-05-31") from exc


def parse_window(train_until: str, test: str) -> tuple[date, date, date]:
    """Check ``DATE`` and ``FROM:TO`` (ISO dates); raise InputError otherwise."""
    parts = test.split(":")
    if len(parts) != 2:
        raise InputError(f"--test {test!r}: expected FROM:TO dates such as 2016-06-01:2017-05-31")
    until = _date(train_until, "--train-until")
    first, last = _date(parts[0], "--test"), _date(parts[1], "--test")
    if first > last or first <= until:
        raise InputError(
            f"--test {test!r}: must start after --train-until {until} and not end before it starts"
        )
    return until, first, last


def backtest(
    folder: Path, train_until: str, test: str, step: Step | None = None
) -> tuple[dict[str, Any], list[PredictionRow]]:
    """Train on weeks ending ≤ ``train_until``; predict every show-week of the test window."""
    until, first, last = parse_window(train_until, test)
    if step:
        step("reading the grosses")
    observations, context = load(folder)
    train = [o for o in observations if o.showing.day <= until]
    held = [o for o in observations if first <= o.showing.day <= last]
    if not held:
        raise InputError(f"{folder / GROSSES}: no show-week between {first} and {last}")
    # a show's level drifts: the nearer the window, the more the latest weeks should count
    config = ModelConfig(halflife_days=max(MIN_HALFLIFE_DAYS, (last - until).days / 2))
    return run_backtest("broadway", train, held, context, lambda s: s.titles[0], config, step)
