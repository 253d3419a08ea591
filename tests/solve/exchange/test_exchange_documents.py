"""Applying a proposal, proving it with the casting engine, the agreement and the JSON document."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import pytest

from etoile.model import RoleStatus, Season
from etoile.model.exchange_proposal import ExchangeProposals
from etoile.model.plan import CastingPlan
from etoile.ops.exchange import agreement, propose_exchanges
from etoile.solve.exchange.feasibility import apply_proposal
from etoile.solve.exchange.rules import ExchangeRules
from tests.solve.exchange.exchange_fixtures import AS_OF, full_plan, small_season

RULES = ExchangeRules(as_of=AS_OF, stars_per_company=3, max_runs_per_stay=2)


@pytest.fixture(scope="module")
def proposals() -> ExchangeProposals:
    return propose_exchanges(small_season(2), top=2, time_limit=5, rules=RULES, prove=False)


def test_applying_a_proposal_adds_agreements_and_teaches_host_roles(
    proposals: ExchangeProposals,
) -> None:
    season = small_season(2)
    best = proposals.proposals[0]
    applied = apply_proposal(season, best)
    assert len(applied.exchanges) == len(season.exchanges) + len(best.moves)
    for move in best.moves:
        assert (
            applied.company_of_dancer_on(move.dancer_id, move.first_performance)
            == move.to_company_id
        )
        assert (
            applied.company_of_dancer_on(move.dancer_id, move.end + timedelta(days=1))
            == move.from_company_id
        )
        dancer = applied.dancer(move.dancer_id)
        for stint in move.stints:
            assert dancer.knows(stint.role_id) is not None
            if stint.role_status == "new":
                assert dancer.knows(stint.role_id) is RoleStatus.LEARNING
        assert move.dancer_id in {d.id for d in applied.visiting_dancers(move.to_company_id)}


def test_proposal_reports_effects_for_every_company(proposals: ExchangeProposals) -> None:
    best = proposals.proposals[0]
    assert {e.company_id for e in best.effects} == set(proposals.company_ids)
    for e in best.effects:
        assert e.gain == pytest.approx(best.gains[e.company_id], abs=1)
        assert e.gain >= -1e-6, "fair: no company ends worse off"
    assert "smallest company's gain" in proposals.objective_note
    assert "worse off" in proposals.objective_note
    assert proposals.baseline is None or proposals.baseline.moves


def test_proposals_document_round_trips(proposals: ExchangeProposals) -> None:
    again = ExchangeProposals.model_validate_json(proposals.to_json())
    assert again == proposals


def test_agreement_markdown_and_pdf(proposals: ExchangeProposals) -> None:
    season = small_season(2)
    markdown, pdf = agreement(season, proposals.proposals[0], RULES)
    assert pdf.startswith(b"%PDF")
    assert "## Parties" in markdown and "Covers at home" in markdown
    for move in proposals.proposals[0].moves:
        assert move.dancer_name in markdown
        assert str(move.start) in markdown and str(move.end) in markdown


def test_proof_uses_the_injected_casting_engine_and_validator() -> None:
    season = small_season(2)
    calls: list[tuple[int, tuple[str, ...], float]] = []

    def cast(s: Season, companies: list[str], limit: float) -> CastingPlan:
        calls.append((len(s.exchanges), tuple(companies), limit))
        return full_plan(s, companies)

    def check(s: Season, plan: CastingPlan) -> Sequence[Any]:
        return []

    doc = propose_exchanges(season, top=1, time_limit=5, rules=RULES, engine=(cast, check))
    assert calls[0][0] == 0, "first the season without the exchange"
    assert max(c[0] for c in calls) > 0, "then the season with the exchange"
    assert all(limit > 0 for _, _, limit in calls)
    assert doc.proposals[0].verified and doc.proposals[0].violations == 0
