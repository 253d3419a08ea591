"""Reading and writing season documents: JSON text ⇄ a checked ``Season``.

Parsing never raises a bare pydantic or JSON error: every problem comes back as a
``DocumentError`` listing JSON paths and reasons, so a user sees all of them at once.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from etoile.model.integrity import check_integrity
from etoile.model.problems import DocumentError, Problem, json_path
from etoile.model.schedule import RehearsalSchedule
from etoile.model.season import Season


def problems_from_validation(error: ValidationError) -> list[Problem]:
    """Turn pydantic's errors into named problems with JSON paths."""
    problems = []
    for item in error.errors(include_url=False):
        reason = item["msg"]
        if item["type"] == "missing":
            reason = "required field is missing"
        elif item["type"] == "extra_forbidden":
            reason = "unknown field"
        problems.append(Problem(json_path(item["loc"]), reason))
    return problems


def parse_season_data(data: Any, source: str = "<document>") -> Season:
    """Validate already-decoded JSON data as a season document, cross-references included."""
    if not isinstance(data, dict):
        raise DocumentError(source, [Problem("$", "a season document must be a JSON object")])
    try:
        season = Season.model_validate(data)
    except ValidationError as exc:
        raise DocumentError(source, problems_from_validation(exc)) from None
    problems = check_integrity(season)
    if problems:
        raise DocumentError(source, problems)
    return season


def parse_season(text: str, source: str = "<document>") -> Season:
    """Parse JSON text into a checked season; ``source`` names the file in errors."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise DocumentError(
            source, [Problem("$", f"not valid JSON ({exc.msg} at {where})")]
        ) from None
    return parse_season_data(data, source)


def parse_schedule(text: str, source: str) -> RehearsalSchedule:
    """A rehearsal schedule from JSON text; every problem named by its JSON path."""
    try:
        return RehearsalSchedule.model_validate_json(text)
    except ValidationError as exc:
        raise DocumentError(source, problems_from_validation(exc)) from None


def load_season(path: Path) -> Season:
    """Read and check a season document from a file."""
    return parse_season(read_text(path), str(path))


def read_text(path: Path) -> str:
    """A file's UTF-8 text, or a ``DocumentError`` naming the file and why it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DocumentError(str(path), [Problem("$", "file not found")]) from None
    except IsADirectoryError:
        raise DocumentError(str(path), [Problem("$", "is a folder, not a file")]) from None
    except UnicodeDecodeError as exc:
        raise DocumentError(str(path), [Problem("$", f"not UTF-8 text ({exc.reason})")]) from None
    except OSError as exc:
        raise DocumentError(str(path), [Problem("$", exc.strerror or str(exc))]) from None


def season_to_json(season: Season) -> str:
    """The canonical JSON text of a season (stable field order, two-space indent)."""
    return season.model_dump_json(indent=2, exclude_defaults=False) + "\n"


def write_season(season: Season, path: Path) -> None:
    """Write a season document atomically (a temporary file renamed into place)."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(season_to_json(season), encoding="utf-8")
    tmp.replace(path)


def season_json_schema() -> dict[str, Any]:
    """The JSON Schema of the season document, generated from the pydantic models."""
    return Season.model_json_schema(mode="validation")
