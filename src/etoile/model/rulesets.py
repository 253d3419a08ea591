"""The two example rule sets (New York / AGMA style, Paris / CCNEAC style), shipped as data.

Each rule set is a JSON file in ``etoile/data``: the model's ``LabourRules`` plus the few
week-planning settings ``LabourRules`` does not hold yet (``WeekRules``), with a source per value.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from pydantic import Field

from etoile.model import Company, LabourRules, ProductionKind
from etoile.model.common import Contract

RULESET_IDS = ("new_york", "paris")


class WeekRules(Contract):
    """Week-planning settings that are not (yet) fields of the model's ``LabourRules``."""

    rest_weekdays: list[int] = Field(
        default_factory=lambda: [6], description="Company rest days (Monday = 0): no calls."
    )
    show_call_before_curtain_minutes: int = Field(
        60, ge=0, description="Dancers are called on stage this long before curtain."
    )
    minutes_between_locations: int = Field(
        0,
        ge=0,
        description="Least time between a dancer's calls at two places (the studios, a theatre).",
    )
    slot_minutes: int = Field(15, gt=0, description="Time grid of the week's calls.")
    call_minutes: int = Field(60, gt=0, description="Usual length of one rehearsal call.")
    stage_minutes: int = Field(180, gt=0, description="Stage rehearsal in the theatre.")
    dress_minutes: int = Field(180, gt=0, description="Dress rehearsal in the theatre.")
    cast_hours_by_kind: dict[ProductionKind, float] = Field(
        default_factory=lambda: {
            ProductionKind.REVIVAL: 12.0,
            ProductionKind.NEW_PRODUCTION: 24.0,
            ProductionKind.PREMIERE: 36.0,
        },
        description="Hours a cast rehearses a whole work before opening, by production kind.",
    )
    rehearsal_weeks_by_kind: dict[ProductionKind, int] = Field(
        default_factory=lambda: {
            ProductionKind.REVIVAL: 3,
            ProductionKind.NEW_PRODUCTION: 5,
            ProductionKind.PREMIERE: 6,
        },
        description="Weeks of rehearsal before the first performance, by production kind.",
    )
    cover_share: float = Field(
        0.5, ge=0, le=1, description="A cover group's hours as a share of a cast's."
    )
    visiting_extra_hours: float = Field(
        10.0, ge=0, description="Extra hours for a visiting dancer learning the host's version."
    )


class RuleSet(Contract):
    """A named rule set: labour limits, week settings and where each value comes from."""

    id: str
    description: str
    labour_rules: LabourRules
    week: WeekRules = Field(default_factory=WeekRules)
    sources: dict[str, str] = Field(default_factory=dict)


@cache
def load_ruleset(ruleset_id: str) -> RuleSet:
    """One of the shipped rule sets by id (``new_york`` or ``paris``)."""
    if ruleset_id not in RULESET_IDS:
        raise KeyError(f"unknown rule set {ruleset_id!r}; known: {', '.join(RULESET_IDS)}")
    text = resources.files("etoile").joinpath(f"data/rules_{ruleset_id}.json").read_text("utf-8")
    return RuleSet.model_validate(json.loads(text))


def week_rules_for(company: Company) -> WeekRules:
    """The week settings for a company: the Paris set for French companies, else New York."""
    return load_ruleset("paris" if company.country == "FR" else "new_york").week
