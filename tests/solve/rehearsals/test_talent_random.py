"""The benchmark's seeded random days: reproducible, and as dense as asked."""

from __future__ import annotations

import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from etoile.solve.rehearsals.talent_bench import random_talent
from etoile.solve.rehearsals.talent_instance import TalentInstance


@given(
    n=st.integers(4, 40),
    m=st.integers(1, 14),
    seed=st.integers(0, 10_000),
    share=st.sampled_from([0.25, 0.5, 0.75, 1.0]),
)
def test_each_player_is_in_two_to_share_times_n_pieces_and_every_piece_is_cast(
    n: int, m: int, seed: int, share: float
) -> None:
    inst = random_talent(n, m, seed, share)
    assert inst == random_talent(n, m, seed, share)  # seeded: the same day every time
    most = max(2, int(n * share))
    assert all(sum(row) >= 2 for row in inst.appears)
    # Beyond its own draw, a player only gets pieces nobody drew, which then have one player.
    extra = sum(max(0, sum(row) - most) for row in inst.appears)
    cast_sizes = [sum(row[s] for row in inst.appears) for s in range(n)]
    assert extra <= cast_sizes.count(1)
    assert min(cast_sizes) >= 1
    assert all(1 <= d <= 4 for d in inst.durations) and all(1 <= c <= 10 for c in inst.costs)


def test_a_larger_share_gives_denser_days() -> None:
    def density(share: float) -> float:  # days of one size: the mean is the pooled share
        return statistics.fmean(random_talent(40, 14, seed, share).density for seed in range(20))

    assert 0.2 < density(0.5) < 0.35 < 0.45 < density(1.0) < 0.6


def test_density_is_the_share_of_calls_among_player_piece_pairs() -> None:
    day = TalentInstance("d", (1, 2, 3), (1, 1), ((True, False, True), (True, True, True)))
    assert day.density == 5 / 6
    assert TalentInstance("empty", (), (), ()).density == 0.0


def test_a_share_outside_zero_to_one_is_refused() -> None:
    with pytest.raises(ValueError, match="max_share"):
        random_talent(10, 4, 0, 1.5)
