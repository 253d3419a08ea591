"""Rehearsal commands: schedule a week, print a day's call sheet, export a dancer's calendar."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from etoile.cli.progress import solver_bar
from etoile.errors import InfeasibleError, InputError
from etoile.model.document import load_season, parse_schedule, read_text
from etoile.model.plan import read_plan
from etoile.model.schedule import RehearsalSchedule
from etoile.solve.rehearsals.callsheet import to_json, to_markdown, to_pdf, to_rich
from etoile.solve.rehearsals.validate import waiting_minutes
from etoile.store.engine import store_session

console = Console()
err_console = Console(stderr=True)


def _day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{option}: {text!r} is not a date like 2027-03-01") from None


def load_schedule(path: Path) -> RehearsalSchedule:
    """Read a schedule written by ``etoile rehearse -o``; every problem named by its path."""
    return parse_schedule(read_text(path), str(path))


def rehearse(
    season_file: Annotated[Path, typer.Argument(help="Season document (JSON).")],
    plan_file: Annotated[
        Path | None,
        typer.Argument(help="Casting plan (JSON); without it, casts come from known roles."),
    ] = None,
    week: Annotated[str, typer.Option("--week", help="Monday of the week, YYYY-MM-DD.")] = "",
    company: Annotated[str | None, typer.Option("--company", help="Company id.")] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the schedule here.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON report.")] = False,
    time_limit: Annotated[float, typer.Option(min=1, help="Solver time limit, seconds.")] = 30.0,
    partial: Annotated[
        bool, typer.Option(help="Keep an incomplete week (shortfalls listed).")
    ] = False,
    after: Annotated[
        list[Path] | None,
        typer.Option(
            "--after",
            help="Schedule of an earlier week (from -o; repeat for several): the hours it "
            "delivered and the catch-ups it left count toward this week.",
        ),
    ] = None,
    history: Annotated[
        bool,
        typer.Option(
            "--history",
            help="Count the company's earlier weeks stored in the database (see --save), "
            "as --after does for files.",
        ),
    ] = False,
    save: Annotated[
        bool, typer.Option("--save", help="Store the week in the database (a new draft version).")
    ] = False,
    publish: Annotated[
        bool, typer.Option("--publish", help="Store it as the week's published version.")
    ] = False,
    database: Annotated[
        str | None, typer.Option("--database", help="Database URL for --history and --save.")
    ] = None,
) -> None:
    """Schedule every call of a week: class, rehearsals (casts and covers), stage and dress."""
    from etoile.ops.rehearsals import company_for, plan_week, store_schedule, stored_weeks_before

    if not week:
        raise InputError("--week is required (the Monday of the week, YYYY-MM-DD)")
    week_start = _day(week, "--week")
    season = load_season(season_file)
    plan = read_plan(plan_file) if plan_file is not None else None
    earlier = [(str(path), load_schedule(path)) for path in after or []]
    if history:
        with store_session(database) as session:
            chosen = company_for(season, week_start, company)
            earlier += stored_weeks_before(session, chosen, week_start)
    with solver_bar("rehearsals", time_limit, err_console) as news:
        result = plan_week(
            season, plan, week_start, company, time_limit,
            progress=lambda line: news(line.strip()), earlier=earlier,
        )  # fmt: skip
    schedule = result.schedule
    if result.schedule.missing and not partial:
        raise InfeasibleError(f"the week of {week} cannot hold every rehearsal due", result.reasons)
    if output is not None:
        output.write_text(schedule.model_dump_json(indent=2) + "\n", encoding="utf-8")
        err_console.print(f"wrote {output}")
    if save or publish:
        with store_session(database) as session:
            version = store_schedule(session, schedule, publish=publish)
        state = "published" if publish else "draft"
        err_console.print(f"week stored as {state} version {version}", highlight=False)
    if as_json:
        report = {
            "status": result.status,
            "wall_s": round(result.wall_s, 2),
            "calls": len(schedule.calls),
            "violations": [str(v) for v in result.violations],
            "waiting_hours": round(waiting_minutes(schedule) / 60, 2),
            "baseline": {"waiting_hours": round(waiting_minutes(result.baseline) / 60, 2)},
            "reasons": result.reasons,
            "schedule": json.loads(schedule.model_dump_json()),
        }
        typer.echo(json.dumps(report, indent=2))
        return
    table = Table(title=f"{schedule.company_id}: week of {schedule.week_start}")
    for column in ("day", "calls", "rehearsal hours", "studios used", "dancers called"):
        table.add_column(column)
    for offset in range(7):
        day = schedule.week_start.fromordinal(schedule.week_start.toordinal() + offset)
        calls = [c for c in schedule.calls_on(day) if c.kind.value != "class"]
        table.add_row(
            f"{day:%a %d %b}",
            str(len(calls)),
            f"{sum(c.minutes for c in calls) / 60:.1f}",
            str(len({c.studio_id or c.venue_id for c in calls})),
            str(len({d for c in calls for d in c.dancer_ids})),
        )
    console.print(table)
    kinds = Counter(c.kind.value for c in schedule.calls)
    counted = ", ".join(f"{count} {kind}" for kind, count in kinds.items()) or "no"
    console.print(
        f"{result.status}: {counted} calls; dancers' waiting {waiting_minutes(schedule) / 60:.1f} h "
        f"(first-come: {waiting_minutes(result.baseline) / 60:.1f} h); "
        f"{len(result.violations)} rule violations",
        highlight=False,
    )
    catch_ups = {s.reason for s in schedule.catch_ups}
    for reason in result.reasons:
        kind = "catch-up" if reason in catch_ups else "short"
        console.print(f"[yellow]{kind}:[/] {reason}", highlight=False)
    for note in schedule.notes:
        console.print(f"[dim]note:[/] {note}", highlight=False)


def callsheet(
    season_file: Annotated[Path, typer.Argument(help="Season document (JSON).")],
    schedule_file: Annotated[Path, typer.Argument(help="Schedule from `etoile rehearse -o`.")],
    day: Annotated[
        str, typer.Option("--day", help="Day, YYYY-MM-DD (default: first day with calls).")
    ] = "",
    fmt: Annotated[str, typer.Option("--format", help="rich, markdown, json or pdf.")] = "rich",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here (pdf needs it).")
    ] = None,
) -> None:
    """Print a day's call sheet: time, studio, piece, ballet master, dancers called."""
    from etoile.ops.rehearsals import call_sheet

    season = load_season(season_file)
    schedule = load_schedule(schedule_file)
    if day:
        chosen = _day(day, "--day")
    else:
        chosen = min((c.start.date() for c in schedule.calls), default=schedule.week_start)
    sheet = call_sheet(season, schedule, chosen)
    if fmt == "rich":
        console.print(to_rich(sheet))
    elif fmt in ("markdown", "json"):
        text = to_markdown(sheet) if fmt == "markdown" else to_json(sheet)
        if output is not None:
            output.write_text(text, encoding="utf-8")
        else:
            typer.echo(text)
    elif fmt == "pdf":
        if output is None:
            raise InputError("--format pdf needs --output FILE.pdf")
        output.write_bytes(to_pdf(sheet))
        err_console.print(f"wrote {output}")
    else:
        raise InputError(f"--format: {fmt!r} is not one of rich, markdown, json, pdf")


def ical(
    season_file: Annotated[Path, typer.Argument(help="Season document (JSON).")],
    schedule_file: Annotated[Path, typer.Argument(help="Schedule from `etoile rehearse -o`.")],
    dancer: Annotated[str, typer.Option("--dancer", help="Dancer id.")] = "",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the .ics here.")
    ] = None,
) -> None:
    """Export a dancer's week as an iCalendar file (RFC 5545, company time zone)."""
    from etoile.ops.rehearsals import dancer_ical

    if not dancer:
        raise InputError("--dancer is required")
    data = dancer_ical(load_season(season_file), load_schedule(schedule_file), dancer)
    if output is None:
        typer.echo(data.decode("utf-8"))
    else:
        output.write_bytes(data)
        err_console.print(f"wrote {output}")


def bench(
    seed: Annotated[int, typer.Option(help="Seed of the synthetic Paris-scale week.")] = 7,
    time_limit: Annotated[float, typer.Option(min=1, help="Solver time limit, seconds.")] = 45.0,
    pianists: Annotated[
        int, typer.Option(min=0, help="Rehearsal pianists (0: none listed, no pianist limit).")
    ] = 0,
    sites: Annotated[
        int, typer.Option(min=1, help="Buildings the studios are spread over (Garnier, Bastille…).")
    ] = 1,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (the default).")] = True,
) -> None:
    """One Paris-scale week vs the first-come baseline; JSON on stdout, progress on stderr."""
    from etoile.ops.rehearsals import bench_rehearsals

    with solver_bar("rehearsals", time_limit, err_console) as news:
        report = bench_rehearsals(
            seed,
            time_limit,
            progress=lambda line: news(line.strip()),
            pianists=pianists,
            sites=sites,
        )
    typer.echo(json.dumps(report))


def register(app: typer.Typer, bench_app: typer.Typer) -> None:
    """Attach this module's commands to the main app and the bench group."""
    app.command("rehearse")(rehearse)
    app.command("callsheet")(callsheet)
    app.command("ical")(ical)
    bench_app.command("rehearsals")(bench)
