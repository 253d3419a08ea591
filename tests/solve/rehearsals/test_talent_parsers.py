"""Parsers on every real file of bench/talent, on the format quirks, and on bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from etoile.errors import InputError
from etoile.solve.rehearsals.talent_bench import KNOWN_OPTIMA, instance_files
from etoile.solve.rehearsals.talent_parsers import load_talent, parse_talent

SIZES = {"MobStory": (28, 8), "Shaw2020": (20, 20), "Warwick1201": (20, 20), "concert": (9, 5)}


def test_every_real_file_parses_with_the_readme_sizes(shared_dir: Path) -> None:
    files = instance_files(shared_dir / "bench" / "talent")
    assert {p.name for p in files} == set(KNOWN_OPTIMA)
    for path in files:
        inst = load_talent(path)
        assert inst.n_pieces >= 4 and inst.n_players >= 3, path
        if path.name in SIZES:
            assert (inst.n_pieces, inst.n_players) == SIZES[path.name]


def test_the_three_formats_give_the_same_data(shared_dir: Path) -> None:
    bench = shared_dir / "bench" / "talent"
    f1 = load_talent(bench / "xgillard-ddo" / "concert")
    f2 = load_talent(bench / "minizinc-benchmarks" / "concert.dzn")
    f3 = load_talent(bench / "csplib" / "rehearsal_smith.dzn")
    assert (f1.durations, f1.costs, f1.appears) == (f2.durations, f2.costs, f2.appears)
    # CSPLib has unit costs and piece 9 lasting 6 instead of 7 (README note).
    assert f3.costs == (1, 1, 1, 1, 1)
    assert f3.appears == f1.appears
    assert f3.durations == (*f1.durations[:8], 6) and f1.durations[8] == 7


def test_mobstory_f1_file_has_crlf_and_is_read_as_tokens(shared_dir: Path) -> None:
    path = shared_dir / "bench" / "talent" / "xgillard-ddo" / "MobStory"
    assert b"\r\n" in path.read_bytes()
    inst = load_talent(path)
    assert inst.costs == (10, 4, 5, 5, 5, 40, 4, 20)
    assert inst.durations == (1,) * 28


def test_f1_with_tabs_crlf_and_n_m_on_one_line() -> None:
    text = "demo\r\n3 2\r\n\r\n1\t0 1   4 \r\n0 1 1\t2\r\n\r\n2 1 3\r\n"
    inst = parse_talent(text)
    assert inst.name == "demo"
    assert inst.costs == (4, 2)
    assert inst.durations == (2, 1, 3)
    assert inst.appears == ((True, False, True), (False, True, True))


def test_minizinc_given_schedule_is_ignored(shared_dir: Path) -> None:
    inst = load_talent(shared_dir / "bench" / "talent" / "minizinc-benchmarks" / "tiny.dzn")
    assert inst.durations == (1, 2, 3, 1) and inst.costs == (1, 2, 3)


@pytest.mark.parametrize(
    ("text", "field", "reason"),
    [
        ("", "name", "empty"),
        ("x\n2 1\n1 0 5\n1\n", "matrix", "expected 5 numbers"),
        ("x\n2 1\n1 2 5\n1 1\n", "matrix", "not 0 or 1"),
        ("x\ntwo 1\n", "n (number of pieces)", "expected an integer"),
        ("x\n2 1\n1 1 -5\n1 1\n", "cost", "negative cost"),
        ("numScenes = 2; numActors = 1; ia = [|1,1|]; c = [1]; d = [1];", "d", "expected 2"),
        ("numScenes = 2; numActors = 1; c = [1]; d = [1,1];", "ia", "missing"),
        ("numScenes = 2; numActors = 2; ia = [|1,1|]; c = [1,1]; d = [1,1];", "ia", "2×2"),
        ("num_pieces = 2; num_players = 1; rehearsal = array2d(1..1,1..2,[1,1]);", "duration", ""),
        (
            "num_pieces = 2; num_players = 1; duration = [1, -2];"
            " rehearsal = array2d(1..1,1..2,[1,1]);",
            "duration",
            "negative duration",
        ),
    ],
)
def test_bad_input_names_source_field_and_reason(text: str, field: str, reason: str) -> None:
    with pytest.raises(InputError) as info:
        parse_talent(text, source="day.txt")
    message = str(info.value)
    assert message.startswith("day.txt: field ")
    assert f"'{field}'" in message
    assert reason in message


def test_unreadable_files_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        load_talent(tmp_path / "missing.txt")
    binary = tmp_path / "blob.dat"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(InputError, match="not a text file"):
        load_talent(binary)
