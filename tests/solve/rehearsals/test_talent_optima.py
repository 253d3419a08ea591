"""Every published optimum in bench/talent is reached and proven; the paper's example holds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from etoile.solve.rehearsals.sequencer import sequence_pieces, solve_talent
from etoile.solve.rehearsals.talent_bench import KNOWN_OPTIMA, instance_files
from etoile.solve.rehearsals.talent_parsers import load_talent


@pytest.mark.data
def test_every_published_optimum_is_reached_and_proven(shared_dir: Path) -> None:
    for path in instance_files(shared_dir / "bench" / "talent"):
        inst = load_talent(path)
        res = solve_talent(inst, time_limit=30)
        assert res.optimal, path.name
        assert (res.total_cost, res.waiting_cost) == KNOWN_OPTIMA[path.name], path.name
        assert inst.total_cost(res.order) == res.total_cost
        assert res.wall_s < 30, path.name  # no runaway; speed is in `etoile bench talent`


def test_de_la_banda_example(shared_dir: Path) -> None:
    inst = load_talent(shared_dir / "bench" / "talent" / "papers" / "delabanda2011-example.txt")
    assert inst.total_cost(range(12)) == 604
    paper_order = [s - 1 for s in (5, 2, 7, 1, 6, 8, 4, 9, 3, 11, 10, 12)]
    assert (inst.total_cost(paper_order), inst.waiting_cost(paper_order)) == (434, 53)
    res = solve_talent(inst)
    assert (res.total_cost, res.waiting_cost, res.optimal) == (434, 53, True)


def test_search_engine_proves_the_medium_instances_too(shared_dir: Path) -> None:
    """The bounded search (used above 22 merged pieces) must agree with the DP."""
    bench = shared_dir / "bench" / "talent"
    for name in ("film-12", "concert", "csplib-prob039-film2.txt"):
        path = next(p for p in instance_files(bench) if p.name == name)
        res = solve_talent(load_talent(path), time_limit=30, method="search")
        assert res.optimal
        assert (res.total_cost, res.waiting_cost) == KNOWN_OPTIMA[name]


def test_ddolib_optimal_permutations_cost_what_the_log_says(shared_dir: Path) -> None:
    """An oracle independent of our solver: DDOLib's optimal orders, costed by the instance."""
    bench = shared_dir / "bench" / "talent"
    log = (bench / "ddolib" / "Solutions").read_text()
    files = {"film10": "film-10", "film12": "film-12"}
    checked = 0
    parts = re.split(r"^=+ (\S+)\s*$", log, flags=re.MULTILINE)
    for name, block in zip(parts[1::2], parts[2::2], strict=True):
        inst = load_talent(bench / "xgillard-ddo" / files.get(name, name))
        mincost = int(re.search(r"mincost = (\d+)", block).group(1))  # type: ignore[union-attr]
        for line in re.findall(r"Solution:([\d ]+)", block)[:5]:
            assert inst.total_cost([int(v) for v in line.split()]) == mincost, name
            checked += 1
    assert checked >= 13


def test_weekly_scheduler_api_takes_and_returns_plain_data() -> None:
    day = sequence_pieces(
        durations={"adagio": 30, "coda": 20, "pas de trois": 40, "finale": 30},
        cast={
            "adagio": ["ana", "ben"],
            "coda": ["ana", "cleo"],
            "pas de trois": ["ben", "cleo", "dev"],
            "finale": ["ana", "ben", "cleo", "dev"],
        },
    )
    assert sorted(day.order) == ["adagio", "coda", "finale", "pas de trois"]
    assert day.optimal
    # Ben, in adagio and pas de trois, must wait through one 20-minute piece at best; the
    # all-cast finale sits between coda and pas de trois (all 24 orders checked by hand script).
    assert day.waiting_cost == 20
    assert day.total_cost == 360
