"""Preprocessing: it shrinks a day as far as the rules go, and never changes the optimum."""

from __future__ import annotations

from etoile.solve.rehearsals.sequencer import solve_talent
from etoile.solve.rehearsals.talent_instance import TalentInstance
from etoile.solve.rehearsals.talent_reduce import reduce_instance


def test_merging_pieces_can_drop_a_player_and_allow_more_merges() -> None:
    """Pieces 0 and 1 share their cast and merge; A is then in one merged piece and goes; the
    merged piece and piece 2 then call only B and merge; B goes too: nobody can wait."""
    day = TalentInstance(
        name="fixpoint",
        durations=(2, 3, 1, 4),
        costs=(5, 7, 2),
        appears=(
            (True, True, False, False),  # A: pieces 0 and 1
            (True, True, True, False),  # B: pieces 0, 1 and 2
            (False, False, False, True),  # C: piece 3 only
        ),
    )
    red = reduce_instance(day)
    assert red.n == 0
    assert sorted(red.free) == [0, 1, 2, 3]
    result = solve_talent(day)
    assert result.waiting_cost == 0 and result.optimal


def test_a_day_that_needs_one_pass_is_reduced_as_before() -> None:
    """Two players who meet in one piece each keep two merged pieces: nothing more to drop."""
    day = TalentInstance(
        name="one pass",
        durations=(1, 2, 3),
        costs=(1, 1),
        appears=((True, True, False), (False, True, True)),
    )
    red = reduce_instance(day)
    assert red.n == 3 and red.free == ()
    assert red.expand([0, 1, 2]) == [0, 1, 2]
