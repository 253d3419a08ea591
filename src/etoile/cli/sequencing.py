"""Commands for sequencing a studio day: ``etoile sequence`` and ``etoile bench talent``."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from etoile.errors import InputError
from etoile.solve.rehearsals.sequencer import SequenceResult, solve_talent
from etoile.solve.rehearsals.talent_bench import instance_files, run_bench
from etoile.solve.rehearsals.talent_instance import TalentInstance
from etoile.solve.rehearsals.talent_parsers import load_talent

_CANDIDATES = (Path("../shared/bench/talent"), Path("../../shared/bench/talent"))


def _default_bench_dir() -> Path:
    """``../shared/bench/talent`` from the repository root (or from one level below it)."""
    for path in _CANDIDATES:
        if path.is_dir():
            return path
    return _CANDIDATES[0]


def sequence(
    instance: Annotated[Path, typer.Argument(help="Instance file (F1 text, MiniZinc or CSPLib).")],
    time_limit: Annotated[
        float, typer.Option("--time-limit", help="Seconds before the best order found is returned.")
    ] = 60.0,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Order the pieces of one day so that the players' paid waiting is least."""
    inst = load_talent(instance)
    res = _solve_with_progress(inst, time_limit, show=not as_json)
    order = [s + 1 for s in res.order]
    if as_json:
        out = {
            "cost": res.total_cost,
            "waiting": res.waiting_cost,
            "optimal": res.optimal,
            "order": order,
            "nodes": res.nodes,
            "wall_s": round(res.wall_s, 4),
        }
        typer.echo(json.dumps(out))
        return
    console = Console()
    status = "[green]proven optimal[/]" if res.optimal else "[yellow]best found (not proven)[/]"
    console.print(f"[bold]{inst.name}[/]: {inst.n_pieces} pieces, {inst.n_players} players")
    console.print(f"order (1-based): {' '.join(map(str, order))}")
    console.print(
        f"total cost {res.total_cost}, waiting {res.waiting_cost} — {status} in {res.wall_s:.3f} s"
    )


def _solve_with_progress(inst: TalentInstance, time_limit: float, show: bool) -> SequenceResult:
    """Solve, with a transient bar on stderr while a long search runs: the time limit used up,
    the nodes searched and the best waiting found so far."""
    if not show:
        return solve_talent(inst, time_limit)
    columns = (TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("searching", total=time_limit)
        started = time.monotonic()

        def tick(nodes: int, best: int) -> None:
            bar.update(
                task,
                completed=min(time.monotonic() - started, time_limit),
                description=f"{nodes:,} nodes, best waiting {best}",
            )

        return solve_talent(inst, time_limit, progress=tick)


def bench_talent(
    folder: Annotated[
        Path | None, typer.Argument(help="Benchmark folder (default ../shared/bench/talent).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    random_seed: Annotated[int, typer.Option("--random-seed", help="First random seed.")] = 0,
    random_count: Annotated[int, typer.Option("--random-count", help="Random days per size.")] = 5,
    sizes: Annotated[
        str, typer.Option("--sizes", help="Pieces per random day, comma-separated (14 players).")
    ] = "32,40",
    max_share: Annotated[
        float,
        typer.Option(
            "--max-share",
            help="Most pieces a random player is in, as a share of the day (0.5: density ~0.3).",
        ),
    ] = 0.5,
    time_limit: Annotated[
        float, typer.Option("--time-limit", help="Seconds per instance before giving up a proof.")
    ] = 10.0,
    threads: Annotated[
        int,
        typer.Option(
            "--threads",
            help="Search threads (1 or 2); with 1 the node counts repeat exactly from run to run.",
        ),
    ] = 2,
    baseline: Annotated[
        bool,
        typer.Option(
            "--baseline",
            help="Also solve each random day with the published methods' bound only, and "
            "report the ratio of times (same limit).",
        ),
    ] = False,
) -> None:
    """Run every instance in the folder and seeded random days; compare with published optima."""
    folder = folder if folder is not None else _default_bench_dir()
    if not folder.is_dir():
        raise InputError(f"{folder}: benchmark folder not found")
    try:
        random_sizes = tuple(int(x) for x in sizes.split(",") if x.strip())
    except ValueError:
        raise InputError(f"--sizes: {sizes!r} is not a comma-separated list of integers") from None
    if any(not 2 <= n <= 62 for n in random_sizes):
        raise InputError(f"--sizes: {sizes!r}: each size must be between 2 and 62 pieces")
    if not 0 < max_share <= 1:
        raise InputError(f"--max-share: {max_share}: must be more than 0 and at most 1")
    if threads not in (1, 2):
        raise InputError(f"--threads: {threads}: must be 1 or 2")
    total = len(instance_files(folder)) + len(random_sizes) * random_count
    err = Console(stderr=True)
    with Progress(console=err, disable=as_json, transient=True) as progress:
        task = progress.add_task("talent", total=total)

        def step(name: str) -> None:
            progress.update(task, advance=1, description=name)

        report = run_bench(
            folder,
            seed=random_seed,
            random_sizes=random_sizes,
            random_count=random_count,
            max_share=max_share,
            time_limit=time_limit,
            progress=step,
            threads=threads,
            baseline=baseline,
        )
    if as_json:
        typer.echo(json.dumps(report))
        return
    _print_report(report)


def _print_report(report: dict[str, Any]) -> None:
    table = Table(title="Talent scheduling benchmark (= / ≠: the published optimum total/waiting)")
    table.add_column("instance", overflow="fold", min_width=14)  # folded, never cut short
    for col in ("n", "m", "dens.", "total", "wait", "known", "opt.", "s"):
        table.add_column(col, no_wrap=True, justify="left" if col == "known" else "right")
    for r in report["instances"]:
        known = r["known_optimum"]
        versus = ""
        if known is not None:
            mark = "[green]=[/]" if r["matches"] else "[red]≠[/]"
            versus = f"{mark} {known['total']}/{known['waiting']}"
        table.add_row(
            r["name"],
            str(r["pieces"]),
            str(r["players"]),
            f"{r['density']:.2f}",
            str(r["cost"]),
            str(r["waiting"]),
            versus,
            "yes" if r["optimal"] else "[yellow]no[/]",
            f"{r['wall_s']:.3f}",
        )
    console = Console()
    console.print(table)
    s = report["summary"]
    console.print(
        f"all matched: {s['all_matched']}, proven: {s['proven']}/{s['instances']}, "
        f"all proven: {s['all_proven']}"
    )
    for group, base in s["baseline"].items():
        ratio = base["speedup_geo_mean"]
        console.print(
            f"{group}: the literature's bound alone proved {base['proven']}/{base['count']}, "
            f"mean {base['mean_wall_s']:.2f} s; ours faster by "
            + ("—" if ratio is None else f"{'≥ ' if base['at_least'] else ''}{ratio:g}×")
            + " (geometric mean)"
        )


def register(app: typer.Typer, bench_app: typer.Typer) -> None:
    """Attach this module's commands to the main app and the bench group."""
    app.command("sequence")(sequence)
    bench_app.command("talent")(bench_talent)
