"""The store's commands and settings: import/export through the CLI, clear one-line errors,
and where the database lives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from sqlalchemy import create_engine
from typer.testing import CliRunner

from etoile.cli.store import register
from etoile.errors import InputError
from etoile.model import DocumentError, Season, write_season
from etoile.store.settings import ENV_VAR, default_database_path, load_settings
from tests.store.store_dump import dump


@pytest.fixture
def cli() -> typer.Typer:
    app = typer.Typer()
    register(app, typer.Typer())
    return app


def test_import_then_export_through_the_cli(
    cli: typer.Typer, database_url: str, season: Season, tmp_path: Path
) -> None:
    source = tmp_path / "season.json"
    write_season(season, source)
    runner = CliRunner()
    first = runner.invoke(cli, ["import", str(source), "--database", database_url])
    assert first.exit_code == 0, first.output
    assert "dancers" in first.output and "total" in first.output
    again = runner.invoke(cli, ["import", str(source), "--database", database_url])
    assert "nothing changed" in again.output
    out = tmp_path / "out.json"
    exported = runner.invoke(cli, ["export", "-o", str(out), "--database", database_url])
    assert exported.exit_code == 0, exported.output
    assert out.read_text(encoding="utf-8") == source.read_text(encoding="utf-8")
    upgraded = runner.invoke(cli, ["db", "upgrade", "--database", database_url])
    assert upgraded.exit_code == 0 and "revision 0003" in upgraded.output


def test_cli_rejects_a_bad_document_and_writes_nothing(
    cli: typer.Typer, database_url: str, season: Season, tmp_path: Path
) -> None:
    source = tmp_path / "season.json"
    write_season(season, source)
    runner = CliRunner()
    assert runner.invoke(cli, ["import", str(source), "--database", database_url]).exit_code == 0
    engine = create_engine(database_url)
    before = dump(engine)
    data = json.loads(source.read_text(encoding="utf-8"))
    data["performances"][0]["starts_at"] = "2027-06-01T19:30:00+02:00"  # not New York's offset
    data["dancers"].pop()
    source.write_text(json.dumps(data), encoding="utf-8")
    result = runner.invoke(cli, ["import", str(source), "--database", database_url])
    assert isinstance(result.exception, DocumentError)
    assert "$.performances[0].starts_at" in str(result.exception)
    assert dump(engine) == before
    engine.dispose()


def test_unreachable_database_is_one_clear_line(cli: typer.Typer, tmp_path: Path) -> None:
    url = "postgresql+psycopg://etoile:secret@127.0.0.1:1/nowhere"
    result = CliRunner().invoke(cli, ["export", "-o", str(tmp_path / "x.json"), "--database", url])
    error = result.exception
    assert isinstance(error, InputError)
    message = str(error)
    assert message.startswith("cannot use the database at postgresql+psycopg://etoile:***@")
    assert "secret" not in message and "\n" not in message


def test_unknown_driver_and_bad_url_are_input_errors(cli: typer.Typer, tmp_path: Path) -> None:
    for url, reason in (
        ("nonsense", "not a database URL"),
        ("mysql://u@h/db", "no database driver"),
    ):
        result = CliRunner().invoke(cli, ["db", "upgrade", "--database", url])
        assert isinstance(result.exception, InputError) and reason in str(result.exception)


def test_settings_precedence(tmp_path: Path) -> None:
    env = {"XDG_DATA_HOME": str(tmp_path)}
    assert default_database_path(env) == tmp_path / "etoile" / "etoile.db"
    assert load_settings(env=env).database_url == f"sqlite:///{tmp_path}/etoile/etoile.db"
    env[ENV_VAR] = "sqlite:///from-env.db"
    assert load_settings(env=env).database_url == "sqlite:///from-env.db"
    assert load_settings("sqlite:///explicit.db", env=env).database_url == "sqlite:///explicit.db"
    assert default_database_path({"HOME": "/x"}).parts[-3:] == ("share", "etoile", "etoile.db")


def test_default_sqlite_folder_is_created(cli: typer.Typer, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'deep' / 'er' / 'etoile.db'}"
    result = CliRunner().invoke(cli, ["db", "upgrade", "--database", url])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "deep" / "er" / "etoile.db").is_file()


def test_a_bad_document_does_not_even_create_the_database(cli: typer.Typer, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    db = tmp_path / "never.db"
    result = CliRunner().invoke(cli, ["import", str(bad), "--database", f"sqlite:///{db}"])
    assert result.exit_code != 0
    assert isinstance(result.exception, DocumentError)
    assert not db.exists()
