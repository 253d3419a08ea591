"""The talent benchmark: published instances with their known optima, plus seeded random days.

The optima are facts copied from ``bench/talent/README.md`` (keyed by file name, as total and
waiting cost); the bench reports whether the sequencer reaches and proves each of them.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from etoile.solve.rehearsals.sequencer import SequenceResult, solve_talent
from etoile.solve.rehearsals.talent_instance import TalentInstance
from etoile.solve.rehearsals.talent_parsers import load_talent

# file name -> (total cost, waiting cost), from the README's tables.
KNOWN_OPTIMA: dict[str, tuple[int, int]] = {
    "tiny": (29, 2),
    "tiny2": (9, 1),
    "small": (54, 12),
    "small2": (56, 8),
    "concert": (111, 17),
    "film-10": (352, 28),
    "film-12": (401, 52),
    "film103.dat": (1031, 187),
    "film105.dat": (849, 110),
    "film114.dat": (867, 143),
    "film116.dat": (541, 110),
    "film117.dat": (913, 197),
    "film118.dat": (853, 156),
    "film119.dat": (790, 159),
    "MobStory": (871, 146),
    "Warwick1201": (222, 31),
    "Shaw2020": (877, 289),
    "tiny.dzn": (29, 2),
    "small.dzn": (54, 12),
    "concert.dzn": (111, 17),
    "MobStory.dzn": (871, 146),
    "film103.dzn": (1031, 187),
    "film105.dzn": (849, 110),
    "film114.dzn": (867, 143),
    "film116.dzn": (541, 110),
    "film117.dzn": (913, 197),
    "film118.dzn": (853, 156),
    "film119.dzn": (790, 159),
    "rehearsal_smith.dzn": (109, 17),
    "rehearsal_choco.dzn": (53, 0),
    "csplib-prob039-film1.txt": (871, 146),
    "csplib-prob039-film2.txt": (818, 87),
    "delabanda2011-example.txt": (434, 53),
}

_NOT_INSTANCES = {"Solutions", "LICENSE", "LICENCE"}


def instance_files(folder: Path) -> list[Path]:
    """Every instance file under ``folder``: documentation and solver logs are skipped."""
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and not p.name.startswith(".")
        and p.name not in _NOT_INSTANCES
        and p.suffix.lower() not in {".md", ".rst", ".html", ".json", ".csv"}
    )


def random_talent(n: int, m: int, seed: int, max_share: float = 0.5) -> TalentInstance:
    """A seeded random day in the style of the literature's random sets.

    Each player is in a random subset of 2 to ``max_share`` × n pieces; every piece has at least
    one player; durations 1-4, costs 1-10. The default share gives a density of 0.2-0.35 (0.27
    on average at 40 pieces), at or below the published film instances (0.28-0.37, 0.35 on
    average) and the hardest band for the search; 0.7 matches the films; 1 gives ~0.55.
    """
    if not 0 < max_share <= 1:
        raise ValueError(f"max_share must be in (0, 1], got {max_share}")
    rng = random.Random(seed)
    most = max(2, int(n * max_share))
    cast = [set(rng.sample(range(n), rng.randint(2, most))) for _ in range(m)]
    for s in range(n):
        if not any(s in pieces for pieces in cast):
            cast[rng.randrange(m)].add(s)
    return TalentInstance(
        name=f"random-{n}x{m}-seed{seed}",
        durations=tuple(rng.randint(1, 4) for _ in range(n)),
        costs=tuple(rng.randint(1, 10) for _ in range(m)),
        appears=tuple(tuple(s in pieces for s in range(n)) for pieces in cast),
    )


def _row(name: str, group: str, inst: TalentInstance, res: SequenceResult) -> dict[str, Any]:
    known = KNOWN_OPTIMA.get(name)
    return {
        "name": name,
        "group": group,
        "pieces": inst.n_pieces,
        "players": inst.n_players,
        "density": round(inst.density, 3),
        "cost": res.total_cost,
        "waiting": res.waiting_cost,
        "known_optimum": None if known is None else {"total": known[0], "waiting": known[1]},
        "matches": None if known is None else (res.total_cost, res.waiting_cost) == known,
        "optimal": res.optimal,
        "nodes": res.nodes,
        "order": [s + 1 for s in res.order],
        "wall_s": round(res.wall_s, 4),
    }


def run_bench(
    folder: Path,
    seed: int = 0,
    random_sizes: tuple[int, ...] = (32, 40),
    random_count: int = 5,
    players: int = 14,
    max_share: float = 0.5,
    time_limit: float = 10.0,
    progress: Callable[[str], None] | None = None,
    threads: int = 2,
    baseline: bool = False,
) -> dict[str, Any]:
    """Solve every file of ``folder`` and the random days; one JSON-ready report.

    ``baseline`` also solves each random day with the published methods' bound only
    (``method="literature"``, same time limit and threads): Qin et al.'s random set is not at
    hand, so their ~2 s on 40 × 14 days is compared through an engine of their bound's
    strength on the same days, as a ratio measured in the same run.
    """
    jobs: list[tuple[str, str, Callable[[], TalentInstance]]] = []
    for path in instance_files(folder):
        group = path.relative_to(folder).parts[0] if path.parent != folder else "."
        jobs.append((path.name, group, _file_job(path)))
    share = "" if max_share == 0.5 else f"-share{max_share:g}"
    for n in random_sizes:
        for k in range(random_count):
            jobs.append(
                (
                    f"random-{n}x{players}{share}-seed{seed + k}",
                    f"random-{n}{share}",
                    _random_job(n, players, seed + k, max_share),
                )
            )
    warm_up_s = _warm_up()
    rows = []
    for name, group, make in jobs:
        if progress is not None:
            progress(name)
        inst = make()
        row = _row(name, group, inst, solve_talent(inst, time_limit, threads=threads))
        if baseline and group.startswith("random"):
            base = solve_talent(inst, time_limit, method="literature", threads=threads)
            both = base.optimal and row["optimal"]
            row["baseline"] = {
                "optimal": base.optimal,
                "agrees": base.waiting_cost == row["waiting"] if both else None,
                "nodes": base.nodes,
                "wall_s": round(base.wall_s, 4),
            }
            # of the times as reported; a lower bound when the baseline did not finish its proof
            ratio = row["baseline"]["wall_s"] / max(row["wall_s"], 1e-4)
            row["speedup"] = round(ratio, 2) if row["optimal"] else None
        rows.append(row)
    return {
        "instances": rows,
        "summary": _summary(rows),
        "warm_up_s": round(warm_up_s, 4),
        "threads": threads,
    }


def _warm_up() -> float:
    """Load (or, in a fresh environment, compile) every compiled engine on a small day first,
    so that the first instance's time is its solve, not numba's start; returns the time taken."""
    started = time.monotonic()
    small = random_talent(12, 6, 0)
    for method in ("dp", "search"):
        solve_talent(small, method=method)
    return time.monotonic() - started


def _file_job(path: Path) -> Callable[[], TalentInstance]:
    return lambda: load_talent(path)


def _random_job(n: int, m: int, seed: int, max_share: float) -> Callable[[], TalentInstance]:
    return lambda: random_talent(n, m, seed, max_share)


def _summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    known = [r for r in rows if r["matches"] is not None]
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        groups.setdefault(r["group"], []).append(r)
    return {
        "instances": len(rows),
        "with_known_optimum": len(known),
        "all_matched": all(r["matches"] for r in known),
        "all_proven": all(r["optimal"] for r in rows),
        "proven": sum(r["optimal"] for r in rows),
        "wall_s": {
            g: {
                "mean": round(statistics.fmean(r["wall_s"] for r in group), 4),
                "max": round(max(r["wall_s"] for r in group), 4),
                "count": len(group),
            }
            for g, group in groups.items()
        },
        "mean_density": {
            g: round(statistics.fmean(r["density"] for r in group), 3)
            for g, group in groups.items()
        },
        "baseline": {
            g: _baseline_summary(group) for g, group in groups.items() if "baseline" in group[0]
        },
    }


def _baseline_summary(group: list[dict[str, Any]]) -> dict[str, Any]:
    """The literature-bound baseline over a group: how many it proved, its mean time (a floor
    on the true mean when some runs hit the time limit) and the geometric mean of the ratios
    baseline time / our time (``at_least`` when some baseline runs were cut short)."""
    ratios = [r["speedup"] for r in group if r["speedup"] is not None]
    return {
        "proven": sum(r["baseline"]["optimal"] for r in group),
        "count": len(group),
        "mean_wall_s": round(statistics.fmean(r["baseline"]["wall_s"] for r in group), 4),
        "speedup_geo_mean": round(statistics.geometric_mean(ratios), 2) if ratios else None,
        "at_least": not all(r["baseline"]["optimal"] for r in group),
        "all_agree": all(r["baseline"]["agrees"] is not False for r in group),
    }
