"""The casting rules' fixed policy: names, labels and the few constants not (yet) in the season.

Shared by the model builder, the greedy baseline and the validator as *definitions* only; each
of them implements the checks on its own, so the validator stays an independent witness.
"""

from __future__ import annotations

from etoile.model import CastingRules, Tier

# Hard rules: name → human label (the validator and the explanations use the same names).
HARD_RULES: dict[str, str] = {
    "role_filled": "every role is danced by exactly its count of dancers",
    "knows_role": "a dancer dances only roles they know or can learn before the run opens",
    "learning_fits": "learning hours for new roles fit before each run opens",
    "tier_eligible": "the role's tier suits the dancer's rank (one step up or down at most)",
    "gender": "the role's gender, where it has one",
    "available": "under contract, not injured or on leave, not away on an exchange",
    "distinct_casts": "a dancer is in at most one named cast of a role per run",
    "one_role_per_performance": "one role per performance unless doubling is declared",
    "shows_per_day": "at most M performances a day, by tier",
    "shows_per_week": "at most N performances a week, by tier",
    "rest_after_high_intensity": "rest days after a high-intensity role",
    "travel_buffer": "no two performances in two cities within the travel buffer",
    "partner_compatibility": "partners within the height rule, or a declared pair",
    "cover_depth": "every lead role of every performance has k covers free that night",
}

# Soft rules (penalties): name → human label; weights come from ``CastingRules.weights``.
PENALTIES: dict[str, str] = {
    "audience": "expected audience and revenue lost to a weaker draw than the best available",
    "fair_share": "uneven share of performances within a rank",
    "debut": "a run offers no debut in a lead role where one was possible",
    "preference": "a dancer's preferred role in a run goes to others",
    "partnership": "declared partners are not paired in a cast",
    "workload_rise": "a sharp week-to-week rise in a dancer's performances",
    "cover_load": "covers called (each one costs rehearsal time)",
    "changes": "changes to the published plan (recast only)",
}

DEFAULT_WEIGHTS: dict[str, float] = {
    "audience": 1.0,
    "fair_share": 1.0,
    "debut": 20.0,
    "preference": 5.0,
    "partnership": 10.0,
    "workload_rise": 2.0,
    "cover_load": 1.0,
    "changes": 100.0,
}

SCALE = 100
"""Objective points per penalty unit: CP-SAT needs integer coefficients."""

SHOW_HOURS = 3.0
"""Two performances in the same city closer than this overlap (curtain to curtain)."""

PREP_DAYS = 28
"""Rehearsals for a company's season start this many days before its first performance."""

LEARNING_SHARE = 0.25
"""Share of the weekly rehearsal hours a dancer can give to learning new roles."""

ALLOWED_WEEKLY_RISE = 2
"""Performances a dancer may add from one week to the next before ``workload_rise`` counts."""

LEARNING_STATUS_FACTOR = 0.5
"""A role in status 'learning' still needs this share of its learning hours."""


def weight(rules: CastingRules, name: str) -> float:
    """The weight of a penalty for a company (its own setting, else the default)."""
    return rules.weights.get(name, DEFAULT_WEIGHTS[name])


def tier_step_ok(dancer_tier: Tier, role_tier: Tier) -> bool:
    """One step up (a sujet's Giselle) or down (an étoile's Myrtha, a sujet among the swans)."""
    return abs(dancer_tier.level - role_tier.level) <= 1
