"""The ``etoile sequence`` and ``etoile bench talent`` commands, through Typer's test runner."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from etoile.cli.app import app
from etoile.errors import InputError

runner = CliRunner()


def test_sequence_json_reports_the_proven_optimum(shared_dir: Path) -> None:
    path = shared_dir / "bench" / "talent" / "papers" / "delabanda2011-example.txt"
    result = runner.invoke(app, ["sequence", str(path), "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert (out["cost"], out["waiting"], out["optimal"]) == (434, 53, True)
    assert sorted(out["order"]) == list(range(1, 13))


def test_sequence_summary_without_json(shared_dir: Path) -> None:
    path = shared_dir / "bench" / "talent" / "csplib" / "rehearsal_smith.dzn"
    result = runner.invoke(app, ["sequence", str(path)])
    assert result.exit_code == 0
    assert "waiting 17" in result.stdout and "proven optimal" in result.stdout


def test_sequence_bad_file_is_an_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("day\n3 1\n1 0\n")
    result = runner.invoke(app, ["sequence", str(bad)])
    assert result.exit_code != 0
    # Either the app turns the error into one line, or the runner surfaces the InputError.
    message = result.output if isinstance(result.exception, SystemExit) else str(result.exception)
    assert isinstance(result.exception, (SystemExit, InputError))
    assert "bad.txt" in message and "'matrix'" in message
    assert "Traceback" not in result.output


def test_bench_talent_json_on_a_small_folder(shared_dir: Path, tmp_path: Path) -> None:
    bench = shared_dir / "bench" / "talent"
    (tmp_path / "xgillard-ddo").mkdir()
    (tmp_path / "csplib").mkdir()
    shutil.copy(bench / "xgillard-ddo" / "film-12", tmp_path / "xgillard-ddo")
    shutil.copy(bench / "csplib" / "rehearsal_smith.dzn", tmp_path / "csplib")
    shutil.copy(bench / "README.md", tmp_path)
    shutil.copytree(bench / "ddolib", tmp_path / "ddolib")
    result = runner.invoke(
        app,
        ["bench", "talent", str(tmp_path), "--json", "--random-count", "1", "--time-limit", "1"],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    rows = {r["name"]: r for r in report["instances"]}
    assert set(rows) == {
        "film-12",
        "rehearsal_smith.dzn",
        "random-32x14-seed0",
        "random-40x14-seed0",
    }
    assert rows["film-12"]["matches"] and rows["film-12"]["optimal"]
    assert rows["rehearsal_smith.dzn"]["waiting"] == 17
    assert rows["random-40x14-seed0"]["known_optimum"] is None
    summary = report["summary"]
    assert summary["all_matched"] is True
    assert summary["with_known_optimum"] == 2
    assert set(summary["wall_s"]) == {"xgillard-ddo", "csplib", "random-32", "random-40"}
    assert report["warm_up_s"] >= 0  # numba's start, kept out of the first instance's time


def test_bench_talent_table_names_each_day_in_full_and_marks_the_published_optimum(
    shared_dir: Path,
) -> None:
    papers = shared_dir / "bench" / "talent" / "papers"
    args = ["bench", "talent", str(papers), "--sizes", "12", "--random-count", "1"]
    result = runner.invoke(app, args, env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    flat = "".join(line.strip("│ ").split("│")[0].strip() for line in result.stdout.splitlines())
    assert "delabanda2011-example.txt" in flat  # folded over lines at 80 columns, never cut
    assert "random-12x14-seed0" in flat
    assert "= 434/53" in result.stdout  # matches the published total/waiting
    assert "all matched: True, proven: 2/2" in result.stdout


def test_bench_talent_random_sizes_are_chosen_and_checked(shared_dir: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["bench", "talent", str(tmp_path), "--json", "--sizes", "12", "--random-count", "2"],
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["instances"]
    assert [r["name"] for r in rows] == ["random-12x14-seed0", "random-12x14-seed1"]
    assert all(r["optimal"] for r in rows)  # 12 pieces: the subset DP proves them
    bad = runner.invoke(app, ["bench", "talent", str(tmp_path), "--sizes", "12,x"])
    assert bad.exit_code != 0
    assert "--sizes" in bad.output and "Traceback" not in bad.output


def test_bench_talent_max_share_makes_denser_days_and_is_checked(tmp_path: Path) -> None:
    args = ["bench", "talent", str(tmp_path), "--json", "--sizes", "12", "--random-count", "2"]
    result = runner.invoke(app, [*args, "--max-share", "1"])
    assert result.exit_code == 0, result.output
    dense = json.loads(result.stdout)
    rows = dense["instances"]
    assert [r["name"] for r in rows] == ["random-12x14-share1-seed0", "random-12x14-share1-seed1"]
    sparse = json.loads(runner.invoke(app, args).stdout)
    assert (
        dense["summary"]["mean_density"]["random-12-share1"]
        > sparse["summary"]["mean_density"]["random-12"]
    )
    bad = runner.invoke(app, [*args, "--max-share", "0"])
    assert bad.exit_code != 0
    assert "--max-share" in bad.output and "Traceback" not in bad.output


def test_bench_talent_threads_is_reported_and_checked(tmp_path: Path) -> None:
    args = ["bench", "talent", str(tmp_path), "--json", "--sizes", "12", "--random-count", "1"]
    result = runner.invoke(app, [*args, "--threads", "1"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["threads"] == 1
    bad = runner.invoke(app, [*args, "--threads", "3"])
    assert bad.exit_code != 0
    assert "--threads" in bad.output and "Traceback" not in bad.output


def test_bench_talent_baseline_times_the_literature_bound_on_the_random_days(
    shared_dir: Path,
) -> None:
    papers = shared_dir / "bench" / "talent" / "papers"
    args = ["bench", "talent", str(papers), "--json", "--sizes", "14", "--random-count", "2"]
    result = runner.invoke(app, [*args, "--baseline", "--threads", "1"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    published, *days = report["instances"]
    assert "baseline" not in published  # the published days have Qin et al.'s own times
    for row in days:
        base = row["baseline"]
        assert base["optimal"] and base["agrees"] and base["nodes"] > 0
        assert row["speedup"] == round(base["wall_s"] / max(row["wall_s"], 1e-4), 2)
    summary = report["summary"]["baseline"]["random-14"]
    assert summary["proven"] == summary["count"] == 2
    assert summary["all_agree"] and not summary["at_least"]
    assert "baseline" not in json.loads(runner.invoke(app, args).stdout)["instances"][1]
    table = runner.invoke(app, [*args[:3], "--sizes", "14", "--random-count", "1", "--baseline"])
    assert "the literature's bound alone proved 1/1" in table.output
