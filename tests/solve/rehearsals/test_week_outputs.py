"""A synthetic week end to end in both styles, then the call sheet and a dancer's calendar."""

from __future__ import annotations

import io
import warnings
from collections import Counter
from datetime import date

import icalendar
import pytest
from rich.console import Console

from etoile.model.schedule import CallKind, RehearsalSchedule, back_to_back
from etoile.ops.rehearsals import call_sheet, dancer_ical
from etoile.solve.rehearsals.callsheet import (
    CallRow,
    CallSheet,
    _printable,
    _unicode_font,
    to_markdown,
    to_pdf,
    to_rich,
)
from etoile.solve.rehearsals.validate import waiting_minutes
from etoile.solve.rehearsals.week_run import WeekResult, run_week
from etoile.solve.rehearsals.week_synthetic import synthetic_week


@pytest.fixture(scope="module", params=["paris", "new_york"])
def week(request: pytest.FixtureRequest) -> tuple[object, WeekResult]:
    seed = {"paris": 3, "new_york": 6}[request.param]  # seeds whose weeks can be complete
    w = synthetic_week(
        seed, request.param, dancers=80, studios=4, masters=6, productions=2, pianists=3
    )
    return w, run_week(w.season, w.castings, w.week_start, w.company_id, time_limit=5)


def test_week_schedules_validates_and_beats_first_come(week) -> None:  # type: ignore[no-untyped-def]
    _, result = week
    assert result.violations == []  # catch-ups included: each one is reported
    # every group gets its hours; whether a call also falls on an injured member's day (a
    # catch-up for them) depends on how far CP-SAT gets in its time limit on a loaded machine
    assert not result.schedule.missing
    kinds = Counter(c.kind for c in result.schedule.calls)
    assert kinds[CallKind.CLASS] == len(result.problem.work_days)
    assert kinds[CallKind.REHEARSAL] > 10
    if not result.baseline.shortfalls:  # first-come may leave calls out, and wait less
        assert waiting_minutes(result.schedule) <= waiting_minutes(result.baseline)
    text = result.schedule.model_dump_json()
    assert RehearsalSchedule.model_validate_json(text) == result.schedule


def test_call_sheet_in_three_formats(week) -> None:  # type: ignore[no-untyped-def]
    w, result = week
    day = min(c.start.date() for c in result.schedule.calls if c.kind is CallKind.REHEARSAL)
    sheet = call_sheet(w.season, result.schedule, day)
    assert sheet.rows and sheet.rows[0].what == "Company class"
    markdown = to_markdown(sheet)
    assert markdown.startswith("# ") and "| Time | Studio |" in markdown
    assert any(m.name in markdown for m in w.season.ballet_masters)
    assert "| Pianist |" in markdown
    played = [r for r in sheet.rows[1:] if r.place.startswith("Studio")]
    pianists = {p.name for p in w.season.pianists}
    assert played and all(set(r.pianist.split(" / ")) <= pianists for r in played)
    assert to_pdf(sheet).startswith(b"%PDF")
    assert to_rich(sheet).row_count == len(sheet.rows)


def test_rich_call_sheet_fits_80_columns(week) -> None:  # type: ignore[no-untyped-def]
    w, result = week
    day = min(c.start.date() for c in result.schedule.calls if c.kind is CallKind.REHEARSAL)
    sheet = call_sheet(w.season, result.schedule, day)
    console = Console(width=80, record=True, file=io.StringIO())
    console.print(to_rich(sheet))
    lines = console.export_text().splitlines()
    assert max(len(line) for line in lines) <= 80
    assert len(lines) <= 8 + 5 * len(sheet.rows)  # no row spills over a screenful of names
    biggest = max(sheet.rows[1:], key=lambda r: len(r.names))
    assert biggest.dancers_short().startswith(f"{len(biggest.names)} · ")
    assert all(name in to_markdown(sheet) for name in biggest.names)  # full list kept there


def test_dancer_ical_parses_back_with_tzid(week) -> None:  # type: ignore[no-untyped-def]
    w, result = week
    dancer = next(c for c in result.schedule.calls if c.kind is CallKind.REHEARSAL).dancer_ids[0]
    data = dancer_ical(w.season, result.schedule, dancer)
    cal = icalendar.Calendar.from_ical(data)
    events = list(cal.walk("VEVENT"))
    calls = result.schedule.calls_of(dancer)
    assert len(events) == len(back_to_back(calls)) <= len(calls)  # a group's run: one event
    posted = sum((e.decoded("DTEND") - e.decoded("DTSTART")).total_seconds() // 60 for e in events)
    assert posted == sum(c.minutes for c in calls)  # every minute called, once
    assert next(iter(cal.walk("VTIMEZONE")))["TZID"] == result.schedule.time_zone
    assert events[0]["DTSTART"].params["TZID"] == result.schedule.time_zone
    assert b"TZID=" + result.schedule.time_zone.encode() in data


def test_call_sheet_posts_back_to_back_calls_of_a_group_as_one_line(week) -> None:  # type: ignore[no-untyped-def]
    w, result = week
    days = sorted({c.start.date() for c in result.schedule.calls})
    merged = 0
    for day in days:
        calls = result.schedule.calls_on(day)
        rows = call_sheet(w.season, result.schedule, day).rows

        def minutes(hh_mm: str) -> int:
            return int(hh_mm[:2]) * 60 + int(hh_mm[3:])

        spans = [tuple(minutes(t) for t in r.time.split("–")) for r in rows]
        # every minute of the day's calls is posted once: merging only joins calls end to start
        assert sum(e - s for s, e in spans) == sum(c.minutes for c in calls)
        groups = [(r.place, r.what, r.ballet_master, r.dancers) for r in rows]
        for i, (group, (_, end)) in enumerate(zip(groups, spans, strict=True)):
            later = [spans[j][0] for j in range(len(rows)) if groups[j] == group and j != i]
            assert end not in later  # a group's line never ends where its next one starts
        merged += len(calls) - len(rows)
    assert merged > 0  # the synthetic weeks do have groups rehearsed in consecutive calls


def test_the_pdf_call_sheet_prints_names_beyond_latin_1() -> None:
    names = ("Łukasz Dvořák", "Дмитрий Соболев", "Ελένη Παπαδοπούλου", "김민지")
    who = ", ".join(names)
    row = CallRow("11:00–12:45", "Studio Petipa", "Giselle · Act II", "Zoë Nowak", who, names)
    sheet = CallSheet("Ballet Narodowy", date(2027, 8, 17), (row,))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph would warn: it must not get that far
        pdf = to_pdf(sheet)
    assert pdf.startswith(b"%PDF") and b"DejaVu" in pdf
    cmaps = pdf.split(b"/CIDInit")[1:]  # the text-to-Unicode maps of the embedded fonts
    assert cmaps
    for code in ("0141", "0159", "0414", "0395", "2013"):  # Ł ř Д Ε –
        assert any(f"<{code}>".encode() in cmap.upper() for cmap in cmaps), code


def test_characters_the_font_lacks_print_as_a_question_mark() -> None:
    assert _unicode_font() is not None  # matplotlib, a dependency, ships DejaVu Sans
    covered = frozenset(map(ord, "Łukasz —"))
    assert _printable("Łukasz — 김민지", covered) == "Łukasz — ???"
    assert _printable("Łukasz — Zoë", None) == "?ukasz - Zoë"  # core fonts: Latin-1
