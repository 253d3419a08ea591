"""`etoile schema`, `validate` and `generate` as a user runs them: clear output, no traceback."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from etoile.cli.app import app

runner = CliRunner()


def test_generate_then_validate_ok(tmp_path: Path) -> None:
    out = tmp_path / "season.json"
    result = runner.invoke(
        app,
        [
            "generate",
            "-o",
            str(out),
            "--dancers",
            "30",
            "--performances",
            "10",
            "--productions",
            "2",
            "--seed",
            "5",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "30 dancers" in result.output
    result = runner.invoke(app, ["validate", str(out)])
    assert result.exit_code == 0 and result.stdout.strip() == "ok"


def test_validate_lists_every_problem_in_json(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    result = runner.invoke(app, ["validate", str(bad), "--json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report == {
        "ok": False,
        "file": str(bad),
        "problems": [{"path": "$.companies", "reason": "required field is missing"}],
    }


def test_validate_truncated_file_without_traceback(tmp_path: Path) -> None:
    cut = tmp_path / "cut.json"
    cut.write_text('{"companies": [{"id": "x"')
    result = runner.invoke(app, ["validate", str(cut)])
    assert result.exit_code == 1
    assert "not valid JSON" in result.output and "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_bad_option_is_a_clean_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["generate", "-o", str(tmp_path / "x.json"), "--season", "next"])
    assert result.exit_code == 1
    assert "--season" in result.output and "Traceback" not in result.output


def test_schema_is_json_schema_of_the_document() -> None:
    result = runner.invoke(app, ["schema"])
    schema = json.loads(result.stdout)
    assert schema["title"] == "Season"
    assert {"companies", "dancers", "performances", "sales"} <= set(schema["properties"])
