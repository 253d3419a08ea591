"""Feature rows from generic showings: a dense block of drivers and sparse blocks of effects.

Dense columns (weekday, matinee, time of year, run position, novelty, capacity, price, rank
counts of the cast…) get fixed coefficients. Things with many levels and thin histories —
titles, dancers, weeks of the year, named holidays, venues, cities — become sparse *effect
blocks* that the regression shrinks toward zero (i.e. toward the group average carried by the
dense rank and title-group counts), the random-effects way.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import sparse

from etoile.forecast.calendar import fourier, holidays_in_period, week_of_year
from etoile.forecast.records import Context, Showing

BLOCKS = ("title", "member", "week", "holiday", "venue", "city")
_IMPUTED = ("rank:", "cast_size", "extra:")


@dataclass
class Design:
    """The model matrix of some showings: standardised dense drivers and sparse effect blocks.

    ``unseen[b]`` counts, per row, the entities of block ``b`` never met in training; their effect
    is unknown (zero on average) and widens the prediction interval instead.
    """

    dense: np.ndarray
    blocks: dict[str, sparse.csr_matrix]
    unseen: dict[str, np.ndarray]

    @property
    def n(self) -> int:
        return int(self.dense.shape[0])


def _log1p_or_none(value: float | None) -> tuple[float, float]:
    """(log1p(value), 1) when known, else (0, 0): the pair a missing-value indicator needs."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return 0.0, 0.0
    return math.log1p(max(float(value), 0.0)), 1.0


NEW_TITLE_GROUP = "title_group:new_in_first_run"
"""Dense count of the bill's titles that are new plays: shrinks their effects toward its mean."""


def _new_titles(showings: Sequence[Showing]) -> set[str]:
    """Titles whose first appearance in a history is a premiere (a new play in its first run)."""
    first: dict[str, bool] = {}
    for s in sorted(showings, key=lambda s: s.day):
        for title in s.titles:
            first.setdefault(title, s.premiere)
    return {t for t, new in first.items() if new}


def _raw_dense(
    s: Showing,
    ctx: Context,
    new_titles: set[str] | None = None,
    known_titles: set[str] | None = None,
) -> dict[str, float]:
    """The named dense drivers of one showing, before standardisation.

    A title belongs to the new-play group when it first appeared in the training history as a
    premiere (``new_titles``), or when it is unseen (not in ``known_titles``) and this showing is
    a premiere: its effect is then that group's mean rather than the average title's.
    """
    row: dict[str, float] = {}
    day = s.day
    if s.period_days == 1:
        row[f"weekday:{day.weekday()}"] = 1.0
    row["matinee"] = float(s.is_matinee)
    for k, v in enumerate(fourier(day)):
        row[f"season:{k}"] = v
    row["holidays"] = len(holidays_in_period(day, s.period_days, ctx.country, ctx.subdivision))
    row["run_index"], row["run_index_known"] = _log1p_or_none(s.run_index)
    row["run_length"], row["run_length_known"] = _log1p_or_none(s.run_length)
    row["days_into_run"], row["days_into_run_known"] = _log1p_or_none(s.days_into_run)
    if s.run_index is not None and s.run_length is not None:
        row["to_run_end"] = math.log1p(max(s.run_length - s.run_index, 0))
    row["premiere"] = float(s.premiere)
    row["new_production"] = float(s.new_production)
    if s.period_days == 1:
        # novelty fills the house any night, so it overrides the weekday pattern
        for flag, on in (("premiere", s.premiere), ("new_production", s.new_production)):
            if on:
                row[f"{flag}:weekday:{day.weekday()}"] = 1.0
    row["debut"] = float(s.debut)
    if s.capacity and s.capacity > 0:
        row["log_capacity"] = math.log(s.capacity)
        row["capacity_known"] = 1.0
    if s.price and s.price > 0:
        row["log_price"] = math.log(s.price)
        row["price_known"] = 1.0
    row["log_performances"] = math.log(max(s.performances, 1))
    if s.cast is not None:
        row["cast_known"] = 1.0
        row["cast_size"] = float(len(s.cast))
        for member in s.cast:
            key = f"rank:{ctx.member_groups.get(member, '?')}"
            row[key] = row.get(key, 0.0) + 1.0
    for title in s.titles:
        group = ctx.title_groups.get(title)
        if group is not None:
            key = f"title_group:{group}"
            row[key] = row.get(key, 0.0) + 1.0
        if new_titles is not None and (
            title in new_titles or (s.premiere and title not in (known_titles or set()))
        ):
            row[NEW_TITLE_GROUP] = row.get(NEW_TITLE_GROUP, 0.0) + 1.0
    for name, value in s.extra.items():
        row[f"extra:{name}"] = float(value)
    return row


def _block_entities(s: Showing, ctx: Context) -> dict[str, list[str]]:
    """The levels each effect block takes for one showing (several titles or dancers add up)."""
    day = s.day
    return {
        "title": list(s.titles),
        "member": list(s.cast or ()),
        "week": [str(week_of_year(day))],
        "holiday": holidays_in_period(day, s.period_days, ctx.country, ctx.subdivision),
        "venue": [s.venue] if s.venue else [],
        "city": [s.city] if s.city else [],
    }


@dataclass
class FeatureBuilder:
    """Learns column names, scales and vocabularies on a training history, then builds designs."""

    context: Context = field(default_factory=Context)
    columns: list[str] = field(default_factory=list)
    means: list[float] = field(default_factory=list)
    scales: list[float] = field(default_factory=list)
    lows: list[float] = field(default_factory=list)
    highs: list[float] = field(default_factory=list)
    vocab: dict[str, list[str]] = field(default_factory=dict)
    new_titles: list[str] | None = None

    def _raws(self, showings: Sequence[Showing]) -> list[dict[str, float]]:
        if self.new_titles is None:  # a model saved before the new-play group existed
            return [_raw_dense(s, self.context) for s in showings]
        new, known = set(self.new_titles), set(self.vocab.get("title", []))
        return [_raw_dense(s, self.context, new, known) for s in showings]

    def fit(self, showings: Sequence[Showing]) -> FeatureBuilder:
        """Fix the columns (dropping constant ones) and the levels of each block."""
        self.new_titles = sorted(_new_titles(showings))
        self.vocab = {"title": sorted({t for s in showings for t in s.titles})}
        raws = self._raws(showings)
        names = sorted({k for r in raws for k in r})
        matrix = np.array([[r.get(k, 0.0) for k in names] for r in raws], dtype=float)
        if matrix.size == 0:
            matrix = np.zeros((len(raws), len(names)))
        means = matrix.mean(axis=0) if len(raws) else np.zeros(len(names))
        scales = matrix.std(axis=0) if len(raws) else np.zeros(len(names))
        keep = [i for i in range(len(names)) if scales[i] > 1e-9]
        self.columns = [names[i] for i in keep]
        self.means = [float(means[i]) for i in keep]
        self.scales = [float(scales[i]) for i in keep]
        self.lows = [float(matrix[:, i].min()) for i in keep]
        self.highs = [float(matrix[:, i].max()) for i in keep]
        levels: dict[str, set[str]] = {b: set() for b in BLOCKS}
        for s in showings:
            for b, ents in _block_entities(s, self.context).items():
                levels[b].update(ents)
        self.vocab = {b: sorted(levels[b]) for b in BLOCKS}
        return self

    def transform(self, showings: Sequence[Showing]) -> Design:
        """The design of any showings, in the training columns; unknown levels are counted."""
        n = len(showings)
        col_index = {c: i for i, c in enumerate(self.columns)}
        dense = np.zeros((n, len(self.columns)))
        imputed = [j for j, c in enumerate(self.columns) if c.startswith(_IMPUTED)]
        for i, (s, raw) in enumerate(zip(showings, self._raws(showings), strict=True)):
            for k, v in raw.items():
                j = col_index.get(k)
                if j is not None:
                    dense[i, j] = v
            # an unknown cast or a missing extra driver takes the training average, not zero
            for j in imputed:
                c = self.columns[j]
                if c not in raw and (s.cast is None or c.startswith("extra:")):
                    dense[i, j] = self.means[j]
        if self.columns:
            # no extrapolation past the training range: a price never charged is not a trend
            dense = np.clip(dense, np.array(self.lows), np.array(self.highs))
            dense = (dense - np.array(self.means)) / np.array(self.scales)
        index = {b: {lvl: j for j, lvl in enumerate(self.vocab.get(b, []))} for b in BLOCKS}
        rows: dict[str, list[int]] = {b: [] for b in BLOCKS}
        cols: dict[str, list[int]] = {b: [] for b in BLOCKS}
        unseen = {b: np.zeros(n) for b in BLOCKS}
        for i, s in enumerate(showings):
            for b, ents in _block_entities(s, self.context).items():
                for ent in ents:
                    j = index[b].get(ent)
                    if j is None:
                        unseen[b][i] += 1.0
                    else:
                        rows[b].append(i)
                        cols[b].append(j)
        blocks = {
            b: sparse.csr_matrix(
                (np.ones(len(rows[b])), (rows[b], cols[b])), shape=(n, len(index[b]))
            )
            for b in BLOCKS
        }
        return Design(dense=dense, blocks=blocks, unseen=unseen)

    def mean_of(self, column: str) -> float:
        """Training average of a dense column (0 when the history never had it)."""
        return self.means[self.columns.index(column)] if column in self.columns else 0.0

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready copy, so a fitted model can be saved and reloaded."""
        return {
            "context": {
                "country": self.context.country,
                "subdivision": self.context.subdivision,
                "member_groups": dict(self.context.member_groups),
                "title_groups": dict(self.context.title_groups),
            },
            "columns": self.columns,
            "means": self.means,
            "scales": self.scales,
            "lows": self.lows,
            "highs": self.highs,
            "vocab": self.vocab,
            "new_titles": self.new_titles,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FeatureBuilder:
        """Rebuild from :meth:`to_dict` output."""
        return cls(
            context=Context(**data["context"]),
            columns=list(data["columns"]),
            means=[float(x) for x in data["means"]],
            scales=[float(x) for x in data["scales"]],
            lows=[float(x) for x in data["lows"]],
            highs=[float(x) for x in data["highs"]],
            vocab={k: list(v) for k, v in data["vocab"].items()},
            new_titles=None if data.get("new_titles") is None else list(data["new_titles"]),
        )
