"""Split a season into blocks of runs that share dancers' days, so each is solved on its own.

Two runs fall in one block when their dates come within ``BLOCK_GAP_DAYS`` of each other (same
company, or companies linked by an exchange). No per-dancer rule (day, week, rest, travel,
workload rise) reaches across blocks and every penalty is summed within a block. Learning hours
are cumulative over the season: blocks are solved in date order and each one starts from the
hours the earlier ones spent, so the sum of the blocks' bounds is proven for that allocation.
"""

from __future__ import annotations

from datetime import timedelta

from etoile.solve.casting.eligibility import CastingInput

BLOCK_GAP_DAYS = 8
"""Runs closer than this share a block (covers ISO weeks and rest windows up to a week)."""


def split_blocks(inp: CastingInput) -> list[CastingInput]:
    """The season's independent blocks, in date order (one block if everything touches)."""
    runs = sorted(inp.runs, key=lambda p: inp.opening(p).starts_at)
    span = {p: (inp.opening(p).day, inp.shows[inp.runs[p][-1]].day) for p in runs}
    company = {p: inp.opening(p).company_id for p in runs}
    linked = _linked_companies(inp)
    parent = {p: p for p in runs}

    def find(p: str) -> str:
        while parent[p] != p:
            parent[p] = parent[parent[p]]
            p = parent[p]
        return p

    gap = timedelta(days=BLOCK_GAP_DAYS)
    for i, a in enumerate(runs):
        for b in runs[i + 1 :]:
            if span[b][0] - span[a][1] > gap and span[a][0] - span[b][1] > gap:
                continue
            near = span[b][0] <= span[a][1] + gap and span[a][0] <= span[b][1] + gap
            if near and (company[a] == company[b] or frozenset((company[a], company[b])) in linked):
                parent[find(b)] = find(a)
    groups: dict[str, list[str]] = {}
    for p in runs:
        groups.setdefault(find(p), []).append(p)
    return [_sub_input(inp, members) for members in groups.values()]


def _linked_companies(inp: CastingInput) -> set[frozenset[str]]:
    return {
        frozenset((inp.season.dancer(a.dancer_id).company_id, a.host_company_id))
        for a in inp.season.exchanges
    }


def _sub_input(inp: CastingInput, production_ids: list[str]) -> CastingInput:
    sub = CastingInput(season=inp.season, company_ids=inp.company_ids)
    sub.runs = {p: inp.runs[p] for p in production_ids}
    sub.casts = {p: inp.casts[p] for p in production_ids}
    sub.shows = {s: inp.shows[s] for p in production_ids for s in inp.runs[p]}
    sub.__dict__["rehearsal_start"] = inp.rehearsal_start  # learning budgets: whole season
    sub.learnt_before = inp.learnt_before
    return sub
