"""Commands for casting: cast, check, recast, and the casting benchmark."""

from __future__ import annotations

import json
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from etoile.cli.progress import casting_news, solver_bar
from etoile.errors import InputError
from etoile.model import Season, load_season
from etoile.model.plan import CastingPlan, read_plan, write_plan
from etoile.model.problems import DocumentError
from etoile.store.engine import store_session
from etoile.store.settings import load_settings

err = Console(stderr=True)


def _store(plan: CastingPlan, database: str | None, publish: bool) -> None:
    """Save a plan as a new version; earlier versions, and the published one, are kept."""
    from etoile.ops.casting import store_plan

    settings = load_settings(database)
    with store_session(settings) as session:
        version = store_plan(session, plan, publish=publish)
    state = "published" if publish else "draft"
    err.print(
        f"plan stored as {state} version {version} in {settings.display_url()}", highlight=False
    )


def _season(path: Path) -> Season:
    try:
        return load_season(path)
    except DocumentError as exc:
        raise InputError(str(exc)) from None


def cast_command(
    season_path: Path = typer.Argument(..., metavar="SEASON.json"),
    company: list[str] = typer.Option(None, "--company", help="Company id (repeat for several)."),
    time_limit: float = typer.Option(60.0, "--time-limit", help="Solver time limit, seconds."),
    output: Path | None = typer.Option(None, "-o", "--output", help="Write the plan here."),
    as_json: bool = typer.Option(False, "--json", help="Print the plan as JSON on stdout."),
    explain: bool = typer.Option(False, "--explain", help="Break the objective down by penalty."),
    save: bool = typer.Option(
        False, "--save", help="Store the plan in the database as a new version (a draft)."
    ),
    publish: bool = typer.Option(False, "--publish", help="Store it as the published plan."),
    database: str | None = typer.Option(None, "--database", help="Database URL for --save."),
) -> None:
    """Cast every run: named casts, corps per show, covers for every lead role."""
    from etoile.ops.casting import cast_season

    season = _season(season_path)
    with solver_bar("casting", time_limit, err) as news:
        plan = cast_season(season, company or None, time_limit, progress=casting_news(news))
    if output:
        write_plan(plan, output)
    if save or publish:
        _store(plan, database, publish)
    if as_json:
        typer.echo(plan.to_json(), nl=False)
        return
    s = plan.solve
    err.print(
        f"[bold]{s.status}[/] objective {s.objective:,.1f}  bound {s.bound:,.1f}  gap {100 * (s.gap or 0):.2f} %  in {s.wall_s:.1f} s"
    )
    if explain:
        from etoile.solve.casting.explain import objective_breakdown

        table = Table("penalty", "what it counts", "weighted")
        for name, label, value in objective_breakdown(plan):
            table.add_row(name, label, f"{value:,.1f}")
        Console().print(table)
    if output:
        err.print(f"plan written to {output}")


def check_command(
    season_path: Path = typer.Argument(..., metavar="SEASON.json"),
    plan_path: Path = typer.Argument(..., metavar="PLAN.json"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Check a plan against every hard rule (no solver); exit 1 if any is broken."""
    from etoile.ops.casting import check_plan

    violations = check_plan(_season(season_path), read_plan(plan_path))
    if as_json:
        typer.echo(
            json.dumps(
                {"ok": not violations, "violations": [v.to_dict() for v in violations]}, indent=2
            )
        )
    else:
        for v in violations:
            Console().print(f"[red]{v.rule}[/]: {v.message}", highlight=False)
        Console().print(
            "[green]ok[/]: no rule broken" if not violations else f"{len(violations)} violation(s)"
        )
    if violations:
        raise typer.Exit(1)


def recast_command(
    season_path: Path = typer.Argument(..., metavar="SEASON.json"),
    plan_path: Path = typer.Argument(..., metavar="PLAN.json"),
    absent: str = typer.Option(..., "--absent", help="The dancer who cannot dance."),
    from_date: str = typer.Option(..., "--from", help="First day absent (YYYY-MM-DD)."),
    to_date: str | None = typer.Option(None, "--to", help="Last day absent (default: to the end)."),
    output: Path | None = typer.Option(None, "-o", "--output"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Replace an absent dancer with the fewest changes to the plan, listing each change."""
    from etoile.ops.casting import recast

    try:
        start = date.fromisoformat(from_date)
        end = date.fromisoformat(to_date) if to_date else None
    except ValueError as exc:
        raise InputError(f"dates are YYYY-MM-DD ({exc})") from None
    season = _season(season_path)
    result = recast(season, read_plan(plan_path), absent, start, end)
    if output:
        write_plan(result.plan, output)
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "changes": [c.to_dict() for c in result.changes],
                    "wall_s": round(result.wall_s, 3),
                    "plan": json.loads(result.plan.to_json()),
                },
                indent=2,
            )
        )
        return
    for c in result.changes:
        out = season.dancer(c.removed).name if c.removed else "—"
        new = season.dancer(c.added).name if c.added else "—"
        Console().print(
            f"{_where(season, c.performance_id, c.production_id)} · "
            f"{season.role(c.role_id).name}: {out} → {new}\n    {c.reason}",
            highlight=False,
            soft_wrap=True,  # one line per change, whole, for the terminal to wrap (and grep)
        )
    err.print(f"{len(result.changes)} change(s) in {result.wall_s:.2f} s")


def _where(season: Season, performance_id: str | None, production_id: str) -> str:
    """A change's place as the callboard names it: the night (local time) and the work."""
    if performance_id is None:
        production = season.production(production_id)
        return f"{season.work(production.work_id).title} (covers for the run)"
    performance = season.performance(performance_id)
    zone = season.company_of(performance).time_zone
    night = performance.local_start(zone).strftime("%a %d %b %Y %H:%M")
    return f"{night} · {season.work_of(performance).title}"


def bench_casting(
    dancers: int | None = typer.Option(None, "--dancers"),
    performances: int | None = typer.Option(None, "--performances"),
    productions: int | None = typer.Option(None, "--productions"),
    companies: int = typer.Option(1, "--companies", min=1, max=2),
    seed: int = typer.Option(7, "--seed"),
    time_limit: float | None = typer.Option(None, "--time-limit"),
    as_json: bool = typer.Option(True, "--json/--no-json"),
) -> None:
    """Generate a season, cast it (solver and greedy baseline), recast, print one JSON object."""
    from etoile.generate import GeneratorConfig, generate_season

    if companies == 1:
        config = GeneratorConfig(
            dancers=dancers or 154,
            performances=performances or 180,
            productions=productions or 12,
            companies=1,
            seed=seed,
        )
    else:
        config = GeneratorConfig(
            dancers=dancers,
            performances=performances,
            productions=productions,
            companies=2,
            seed=seed,
        )
    season = generate_season(config)
    limit = time_limit or (60.0 if companies == 1 else 120.0)
    typer.echo(json.dumps(run_bench(season, limit), indent=2 if not as_json else None))


def run_bench(season: Season, time_limit: float) -> dict[str, Any]:
    """The benchmark figures for one season (see docs/benchmarks.md)."""
    from etoile.ops.casting import cast_season, check_plan, greedy_plan, recast

    base = greedy_plan(season)
    base_violations = check_plan(season, base)
    started = time.perf_counter()
    with solver_bar("casting", time_limit, err) as news:
        plan = cast_season(season, time_limit=time_limit, progress=casting_news(news))
    wall = time.perf_counter() - started
    violations = check_plan(season, plan)
    lead_counts: Counter[str] = Counter()
    for perf in plan.performances:
        for rc in perf.roles:
            if season.role(rc.role_id).is_lead:
                lead_counts.update(rc.dancer_ids)
    star = lead_counts.most_common(1)[0][0]
    shows = [season.performance(p) for p, _ in plan.performances_of(star)]
    first = min(shows, key=lambda p: p.starts_at)
    day = season.local_day(first)
    one = recast(season, plan, star, day, day)
    run = [p for p in season.run(first.production_id)]
    whole = recast(season, plan, star, season.local_day(run[0]), season.local_day(run[-1]))
    s = plan.solve
    return {
        "status": s.status,
        "objective": s.objective,
        "bound": s.bound,
        "gap": s.gap,
        "wall_s": round(wall, 2),
        "variables": s.variables,
        "violations": len(violations),
        "penalties": s.penalties,
        "season": {
            "dancers": len(season.dancers),
            "performances": len(plan.performances),
            "productions": len(plan.runs),
            "companies": len(plan.company_ids),
        },
        "baseline": {
            "objective": base.solve.objective,
            "status": base.solve.status,
            "violations": len(base_violations),
            "wall_s": base.solve.wall_s,
        },
        "recast": {
            "dancer": star,
            "one_performance_s": round(one.wall_s, 3),
            "run_s": round(whole.wall_s, 3),
            "changes": len(one.changes),
            "run_changes": len(whole.changes),
            "violations": len(check_plan(season, one.plan)) + len(check_plan(season, whole.plan)),
        },
    }


def register(app: typer.Typer, bench_app: typer.Typer) -> None:
    """Attach this module's commands to the main app and the bench group."""
    app.command("cast")(cast_command)
    app.command("check")(check_command)
    app.command("recast")(recast_command)
    bench_app.command("casting")(bench_casting)
