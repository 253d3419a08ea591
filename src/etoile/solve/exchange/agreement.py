"""The exchange agreement of a chosen proposal, as Markdown and as PDF (fpdf2).

Both are written from one list of sections so the two never disagree: parties, then per dancer
the dates, rehearsal period, roles, performances, paperwork and the covers at home, then the
expected effect per company and the signatures.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fpdf import FPDF

from etoile.model import Season
from etoile.model.exchange_proposal import ExchangeProposal
from etoile.solve.exchange.rules import ExchangeRules

Section = tuple[str, list[str]]

NEXT_LINE: dict[str, Any] = {"new_x": "LMARGIN", "new_y": "NEXT"}
"""Each multi-line cell starts the next one at the left margin."""

_LATIN1 = str.maketrans({"→": "->", "–": "-", "—": "-", "…": "...", "’": "'", "≤": "<=", "×": "x"})


def _names(season: Season, ids: list[str]) -> str:
    return ", ".join(f"{season.dancer(d).name} ({d})" for d in ids) or "to be cast"


def sections(season: Season, proposal: ExchangeProposal, rules: ExchangeRules) -> list[Section]:
    """The agreement's content: (heading, lines) in order."""
    companies = sorted(
        {m.from_company_id for m in proposal.moves} | {m.to_company_id for m in proposal.moves}
    )
    out: list[Section] = [
        (
            "Parties",
            [
                f"{season.company(c).name} ({c}), {season.company(c).city}, {season.company(c).country}"
                for c in companies
            ],
        )
    ]
    for k, move in enumerate(proposal.moves, start=1):
        host = season.company(move.to_company_id)
        home = season.company(move.from_company_id)
        dancer = season.dancer(move.dancer_id)
        rank = home.rank(dancer.rank_id).name
        lead = rules.lead_times.get(host.country, rules.default_lead)
        lines = [
            f"Dancer: {move.dancer_name} ({move.dancer_id}), {rank} of {home.name}.",
            f"Lent to: {host.name}, {host.city}.",
            f"Period: {move.start} to {move.end} (travel {move.travel_days} day(s) each way).",
            f"Rehearsal period at the host: {move.arrival} to "
            f"{move.first_performance - timedelta(days=1)}.",
            f"Performances: {move.first_performance} to {move.last_performance}.",
            f"Paperwork: {move.paperwork_lead_days} days for {host.country}; to be filed by "
            f"{move.paperwork_deadline}. {lead.source}".strip(),
        ]
        for stint in move.stints:
            production = season.production(stint.production_id)
            work = season.work(production.work_id)
            role = season.role(stint.role_id)
            shows = [season.performance(p) for p in stint.performance_ids]
            dates = (
                ", ".join(f"{p.local_start(host.time_zone):%d %b %H:%M}" for p in shows)
                or "per the host's casting"
            )
            lines.append(
                f"Role: {role.name} in {work.title} ({stint.production_id}); known: "
                f"{stint.role_status}; {stint.learning_hours:.0f} h to learn the host's version. "
                f"Performances: {dates}."
            )
        for cover in move.home_covers:
            role = season.role(cover.role_id)
            lines.append(
                f"Covers at home: {role.name} in {cover.production_id}: "
                f"{_names(season, cover.dancer_ids)}."
            )
        out.append(
            (f"{k}. {move.dancer_name}: {move.from_company_id} -> {move.to_company_id}", lines)
        )
    effects = [
        f"{season.company(e.company_id).name}: expected revenue {e.revenue_without:,.0f} -> "
        f"{e.revenue_with:,.0f} {e.currency} ({e.gain:+,.0f}); tickets {e.tickets_without:,.0f} -> "
        f"{e.tickets_with:,.0f}; sell-outs {e.sell_outs_without} -> {e.sell_outs_with}."
        for e in proposal.effects
    ]
    status = (
        f"Both seasons cast and validated ({proposal.violations} violations)."
        if proposal.violations is not None
        else "Casting not yet verified with the exchange."
    )
    out.append(("Expected effect", [*effects, status, proposal.objective]))
    out.append(
        (
            "Signatures",
            [
                f"For {season.company(c).name}: ______________________  date: ________"
                for c in companies
            ],
        )
    )
    return out


def to_markdown(season: Season, proposal: ExchangeProposal, rules: ExchangeRules) -> str:
    """The agreement as Markdown."""
    parts = [f"# Exchange agreement — {season.name or 'season'}", ""]
    for heading, lines in sections(season, proposal, rules):
        parts += [f"## {heading}", "", *(f"- {line}" for line in lines), ""]
    return "\n".join(parts)


def to_pdf(season: Season, proposal: ExchangeProposal, rules: ExchangeRules) -> bytes:
    """The agreement as PDF (core fonts: text is kept to Latin-1)."""

    def clean(text: str) -> str:
        return text.translate(_LATIN1).encode("latin-1", "replace").decode("latin-1")

    pdf = FPDF()
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    pdf.multi_cell(0, 8, clean(f"Exchange agreement - {season.name or 'season'}"), **NEXT_LINE)
    for heading, lines in sections(season, proposal, rules):
        pdf.ln(3)
        pdf.set_font("Helvetica", "B", 12)
        pdf.multi_cell(0, 7, clean(heading), **NEXT_LINE)
        pdf.set_font("Helvetica", "", 10)
        for line in lines:
            pdf.multi_cell(0, 5, clean(f"- {line}"), **NEXT_LINE)
    return bytes(pdf.output())
