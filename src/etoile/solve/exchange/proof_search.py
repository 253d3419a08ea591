"""The castability proof loop: prove proposals in rank order with the casting engine, and
learn from the ones it cannot cast (forbid the culprit moves, re-optimise)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from etoile.model.exchange_proposal import ExchangeProposal
from etoile.solve.exchange.feasibility import Prover, season_key
from etoile.solve.exchange.optimiser import optimise
from etoile.solve.exchange.problem import Objective, Problem, Selection

Progress = Callable[[str, float], None]
"""Called with (stage, fraction done)."""


def noted(proposal: ExchangeProposal, note: str) -> ExchangeProposal:
    return proposal.model_copy(update={"notes": [*proposal.notes, note]})


def same_moves(problem: Problem, chosen: tuple[int, ...], proposal: ExchangeProposal) -> bool:
    keys = {(problem.options[i].dancer_id, problem.options[i].host_id) for i in chosen}
    return keys == {(m.dancer_id, m.to_company_id) for m in proposal.moves}


def _label(proposal: ExchangeProposal) -> str:
    return ", ".join(f"{m.dancer_id} {m.from_company_id}→{m.to_company_id}" for m in proposal.moves)


MAX_ROUNDS = 4
"""Re-optimisations after a proof found a move that makes a season uncastable."""


@dataclass
class ProofSearch:
    """Prove proposals in rank order; learn from the ones the casting engine cannot cast.

    A proposal that cannot be cast (or whose plan breaks a rule) is dropped, and its moves are
    tried one at a time on the company they change: a move that alone makes a season uncastable
    is forbidden (at home: with every option of that dancer away at least as long), and the
    selection is re-optimised. Proposals the budget could not prove are kept after the proved
    ones, marked ``verified: false`` with the reason (``violations: null``)."""

    prover: Prover
    problem: Problem
    objective: Objective
    make: Callable[[Selection, int], ExchangeProposal]
    top: int
    wanted: int
    select_limit: float
    report: Progress
    lines: list[str] = field(default_factory=list)
    forbidden: set[int] = field(default_factory=set)
    exclude: list[Selection] = field(default_factory=list)
    proved: dict[Any, tuple[Selection, ExchangeProposal]] = field(default_factory=dict)
    waiting: dict[Any, tuple[Selection, ExchangeProposal]] = field(default_factory=dict)
    failed: set[Any] = field(default_factory=set)

    def run(
        self, selections: list[Selection], baseline: ExchangeProposal | None
    ) -> tuple[list[ExchangeProposal], ExchangeProposal | None, list[str]]:
        """(proposals: proved first, then unproved; the baseline, proved if the budget allows;
        explanation lines)."""
        prover, extra = self.prover, 1 if baseline is not None else 0
        self.report("casting", 0.2)
        if not prover.prepare(1 + self.top + extra):
            self.lines.append(f"castability not proved: {prover.base_error}")
            unproved = [prover.prove(self.make(s, k + 1), 1, "") for k, s in enumerate(selections)]
            base = None if baseline is None else prover.prove(baseline, 1, "")
            return unproved[: self.top], base, self.lines
        for _ in range(MAX_ROUNDS):
            tried = self._round(selections, extra)
            if len(self.proved) >= self.top or prover.left() <= 0 or not tried:
                break
            selections, _ = optimise(
                self.problem, self.objective, self.wanted + len(self.proved), self.select_limit,
                forbidden=self.forbidden, exclude=self.exclude,
            )  # fmt: skip
        if baseline is not None:
            self.report("casting", 0.9)
            baseline = prover.prove(baseline, 1, "baseline")
        return self._result(), baseline, self._summary()

    def _round(self, selections: list[Selection], extra: int) -> bool:
        """Prove this round's selections in order; True if anything new was learnt or tried."""
        tried = False
        for k, sel in enumerate(selections):
            if len(self.proved) >= self.top:
                break
            if self.forbidden.intersection(sel.chosen):
                continue
            proposal = self.make(sel, k + 1)
            key = season_key(proposal)
            if key in self.proved or key in self.waiting or key in self.failed:
                continue
            tried = True
            self.report("casting", 0.2 + 0.7 * len(self.proved) / self.top)
            left = self.top - len(self.proved) + extra
            checked = self.prover.prove(proposal, left, f"proposal {k + 1}")
            if checked.verified:
                self.proved[key] = (sel, checked)
            elif checked.violations is None and checked.casting_status.startswith("not proved"):
                self.waiting[key] = (sel, checked)
            else:
                self.failed.add(key)
                self.exclude.append(sel)
                self.lines.append(f"dropped ({_label(checked)}): {_why(checked)}")
                if self._learn(sel, checked, left):
                    return True  # re-optimise without the culprits
        return tried

    def _learn(self, sel: Selection, checked: ExchangeProposal, left: int) -> bool:
        """Forbid the moves that alone make a season uncastable; True if any was found."""
        found = self.prover.culprits(checked, left + 2 * len(checked.moves))
        for k, side in found:
            move = checked.moves[k]
            i = next(i for i in sel.chosen if self.problem.options[i].dancer_id == move.dancer_id)
            bad = self.problem.options[i]
            if side == "host":
                self.forbidden.add(i)
            else:
                self.forbidden |= {
                    j
                    for j, o in enumerate(self.problem.options)
                    if o.dancer_id == bad.dancer_id and o.start <= bad.start and bad.end <= o.end
                }
            self.lines.append(
                f"learnt: {move.dancer_id} {move.from_company_id}→{move.to_company_id} "
                f"{move.start}..{move.end} leaves the {side} company's season uncastable"
            )
        return bool(found)

    def _result(self) -> list[ExchangeProposal]:
        def rank(item: tuple[Selection, ExchangeProposal]) -> tuple[int, int]:
            sel = item[0]
            if self.objective == "total":
                return (-sel.total_gain, -sel.min_gain)
            return (-sel.min_gain, -sel.total_gain)

        proved = [p for _, p in sorted(self.proved.values(), key=rank)]
        waiting = [p for _, p in sorted(self.waiting.values(), key=rank)]
        return [*proved, *waiting][: self.top]

    def _summary(self) -> list[str]:
        casts = self.prover.casts
        limits = sorted({c.time_limit for c in casts})
        lines = [
            *self.lines,
            f"castability: {len(self.proved)} proposal(s) proved (cast, validated, 0 violations)"
            f" by {len(casts)} cast(s) in {sum(c.wall_s for c in casts):.1f} s, each distinct"
            f" season once, only the companies it changes (casting limits"
            f" {', '.join(f'{x:g}' for x in limits)} s; first feasible plan)",
        ]
        shown = min(len(self.waiting), self.top - len(self.proved))
        if shown > 0:
            reason = next(iter(self.waiting.values()))[1].casting_status
            lines.append(
                f"{shown} proposal(s) after the proved ones are not proved: "
                + reason.removeprefix("not proved: ")
            )
        return lines


def _why(checked: ExchangeProposal) -> str:
    if checked.violations:
        return f"{checked.violations} violation(s): " + "; ".join(checked.violation_details[:3])
    return checked.casting_status
