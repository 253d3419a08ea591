"""The season document rejects bad input with named problems and keeps good input intact."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from etoile.generate import GeneratorConfig, generate_season
from etoile.model import DocumentError, parse_season, season_to_json


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    season = generate_season(GeneratorConfig(dancers=24, performances=8, productions=2, seed=3))
    data: dict[str, Any] = json.loads(season_to_json(season))
    return data


def problems_of(data: Any) -> list[str]:
    with pytest.raises(DocumentError) as caught:
        parse_season(json.dumps(data), "season.json")
    assert "season.json" in str(caught.value)
    return [str(p) for p in caught.value.problems]


def test_generated_document_parses_and_round_trips(document: dict[str, Any]) -> None:
    season = parse_season(json.dumps(document))
    assert json.loads(season_to_json(season)) == document


def test_truncated_file_is_one_clear_problem(document: dict[str, Any]) -> None:
    text = json.dumps(document)[:500]
    with pytest.raises(DocumentError) as caught:
        parse_season(text, "cut.json")
    assert [p.path for p in caught.value.problems] == ["$"]
    assert "not valid JSON" in caught.value.problems[0].reason


def test_empty_object_names_the_missing_companies() -> None:
    assert problems_of({}) == ["$.companies: required field is missing"]


def test_not_an_object() -> None:
    assert problems_of([1, 2]) == ["$: a season document must be a JSON object"]


def test_missing_required_field(document: dict[str, Any]) -> None:
    data = copy.deepcopy(document)
    del data["dancers"][2]["height_cm"]
    assert problems_of(data) == ["$.dancers[2].height_cm: required field is missing"]


def test_wrong_type_and_unknown_field_are_both_reported(document: dict[str, Any]) -> None:
    data = copy.deepcopy(document)
    data["venues"][0]["capacity"] = "lots"
    data["works"][0]["roles"][0]["colour"] = "blue"
    found = problems_of(data)
    assert any(p.startswith("$.venues[0].capacity:") and "integer" in p for p in found)
    assert any(p.startswith("$.works[0].roles[0].colour: unknown field") for p in found)


def test_duplicate_id(document: dict[str, Any]) -> None:
    data = copy.deepcopy(document)
    data["dancers"].append(copy.deepcopy(data["dancers"][4]))
    found = problems_of(data)
    last = len(data["dancers"]) - 1
    assert found == [f"$.dancers[{last}].id: duplicate dancer id {data['dancers'][4]['id']!r}"]


def test_unknown_partner_role(document: dict[str, Any]) -> None:
    data = copy.deepcopy(document)
    data["works"][0]["roles"][0]["partner_role_id"] = "nobody"
    assert problems_of(data) == [
        "$.works[0].roles[0].partner_role_id: unknown partner role 'nobody'"
    ]


def test_unknown_references_are_all_listed(document: dict[str, Any]) -> None:
    data = copy.deepcopy(document)
    data["dancers"][0]["roles"].append({"role_id": "swan-lake.black-knight", "status": "performed"})
    data["performances"][0]["production_id"] = "ghost-run"
    found = problems_of(data)
    assert len(found) == 2
    assert any("unknown role 'swan-lake.black-knight'" in p for p in found)
    assert any(p.startswith("$.performances[0].production_id: unknown production") for p in found)


def test_pianists_are_checked_like_ballet_masters(document: dict[str, Any]) -> None:
    data = copy.deepcopy(document)
    company = data["companies"][0]["id"]
    data["pianists"] = [
        {"id": "p1", "company_id": company, "name": "Ida", "weekdays": [0, 1, 7]},
        {"id": "p1", "company_id": "nowhere", "name": "Lev"},
    ]
    assert sorted(problems_of(data)) == [
        "$.pianists[0].weekdays[2]: weekday 7 is not 0 (Mon) to 6 (Sun)",
        "$.pianists[1].company_id: unknown company 'nowhere'",
        "$.pianists[1].id: duplicate pianist id 'p1'",
    ]
    data["pianists"] = [{"id": "p1", "company_id": company, "name": "Ida", "weekdays": [0, 1]}]
    assert parse_season(json.dumps(data)).pianists[0].weekdays == [0, 1]


def test_overlapping_leave(document: dict[str, Any]) -> None:
    data = copy.deepcopy(document)
    data["dancers"][1]["absences"] = [
        {"start": "2027-10-01", "end": "2027-10-20", "kind": "injury", "note": ""},
        {"start": "2027-10-15", "end": "2027-10-30", "kind": "leave", "note": ""},
    ]
    found = problems_of(data)
    assert len(found) == 1 and found[0].startswith("$.dancers[1].absences[1]: absence")
    assert "overlaps" in found[0]


def test_absence_ending_before_it_starts(document: dict[str, Any]) -> None:
    data = copy.deepcopy(document)
    data["dancers"][1]["absences"] = [{"start": "2027-10-10", "end": "2027-10-01"}]
    found = problems_of(data)
    assert len(found) == 1 and found[0].startswith("$.dancers[1].absences[0]:")
    assert "before start" in found[0]


def test_performance_in_a_venue_of_another_city(document: dict[str, Any]) -> None:
    data = copy.deepcopy(document)
    data["venues"].append(
        {"id": "lyon-opera", "name": "Opéra de Lyon", "city": "Lyon", "capacity": 1100}
    )
    data["performances"][0]["venue_id"] = "lyon-opera"
    found = problems_of(data)
    assert len(found) == 1 and found[0].startswith("$.performances[0].venue_id:")
    assert "Lyon" in found[0]


def test_time_zone_offset_must_match_the_company(document: dict[str, Any]) -> None:
    data = copy.deepcopy(document)
    starts = data["performances"][0]["starts_at"]
    data["performances"][0]["starts_at"] = starts[:-6] + "-05:00"
    found = problems_of(data)
    assert len(found) == 1 and found[0].startswith("$.performances[0].starts_at:")


def test_naive_datetime_is_rejected(document: dict[str, Any]) -> None:
    data = copy.deepcopy(document)
    data["performances"][0]["starts_at"] = "2027-10-01T19:30:00"
    found = problems_of(data)
    assert found[0].startswith("$.performances[0].starts_at:") and "timezone" in found[0]


def test_sales_over_capacity_and_in_the_wrong_currency(document: dict[str, Any]) -> None:
    data = copy.deepcopy(document)
    data["sales"][0]["tickets"] = 10**6
    data["sales"][1]["currency"] = "JPY"
    found = problems_of(data)
    assert any(p.startswith("$.sales[0].tickets:") for p in found)
    assert any(p.startswith("$.sales[1].currency:") for p in found)


def test_the_documented_example_is_a_valid_season() -> None:
    from pathlib import Path

    text = (Path(__file__).parents[2] / "docs" / "season-document.md").read_text()
    example = text.split("```json\n", 1)[1].split("```", 1)[0]
    season = parse_season(example, "docs/season-document.md")
    assert season.dancer("d1").knows("giselle.giselle") == "performed"
