"""Runs of back-to-back calls: what the callboard and a dancer's calendar post as one call."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from etoile.model.schedule import Call, CallKind, back_to_back


def _call(
    name: str, start: int, end: int, studio: str = "s1", dancers: tuple[str, ...] = ("d1",)
) -> Call:
    day = datetime(2027, 3, 2, tzinfo=UTC)
    return Call(
        id=name, kind=CallKind.REHEARSAL, studio_id=studio, label="Giselle · Act II",
        start=day.replace(hour=start), end=day.replace(hour=end), dancer_ids=list(dancers),
    )  # fmt: skip


def test_a_group_carrying_on_in_its_room_is_one_run() -> None:
    a, b, c = _call("a", 10, 11), _call("b", 11, 12), _call("c", 13, 14)
    other_room = _call("x", 12, 13, studio="s2")
    other_dancers = _call("y", 12, 13, dancers=("d2",))
    runs = back_to_back([a, b, other_room, other_dancers, c])
    assert [[call.id for call in run] for run in runs] == [["a", "b"], ["x"], ["y"], ["c"]]


@given(
    st.lists(st.tuples(st.integers(6, 20), st.integers(1, 3), st.sampled_from("ab")), max_size=8)
)
def test_runs_keep_every_call_once_and_join_only_end_to_start(
    items: list[tuple[int, int, str]],
) -> None:
    calls = [
        _call(f"c{i}", start, min(start + length, 23), studio=room)
        for i, (start, length, room) in enumerate(sorted(items))
    ]
    runs = back_to_back(calls)
    assert sorted(c.id for run in runs for c in run) == sorted(c.id for c in calls)
    for run in runs:
        assert len({c.group for c in run}) == 1
        assert all(x.end == y.start for x, y in itertools.pairwise(run))
