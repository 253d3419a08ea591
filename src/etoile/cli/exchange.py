"""`etoile exchange` (ranked star-exchange proposals) and `etoile bench exchange`."""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path
from typing import Annotated, Any, cast

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from etoile.errors import InputError
from etoile.model import DateRange, Season
from etoile.model.document import load_season
from etoile.model.exchange_proposal import ExchangeProposal, ExchangeProposals
from etoile.solve.exchange.problem import Balance, Objective
from etoile.solve.exchange.rules import ExchangeRules

console = Console()
err = Console(stderr=True)

BENCH_AS_OF = date(2026, 11, 24)
"""The benchmark's planning day, fixed so that runs on different days agree."""


def _preferred(items: list[str]) -> dict[str, DateRange]:
    out = {}
    for item in items:
        try:
            dancer, period = item.split("=", 1)
            start, end = period.split("..", 1)
            out[dancer] = DateRange(start=date.fromisoformat(start), end=date.fromisoformat(end))
        except ValueError:
            raise InputError(f"--prefer {item!r}: expected DANCER=YYYY-MM-DD..YYYY-MM-DD") from None
    return out


def print_proposal(season: Season, proposal: ExchangeProposal, title: str) -> None:
    """One proposal: its moves, then its effect per company."""
    moves = Table(title=title, title_justify="left")
    for column in ("dancer", "from → to", "period", "roles at host", "shows", "covers at home"):
        moves.add_column(column)
    for m in proposal.moves:
        roles = ", ".join(f"{season.role(s.role_id).name} ({s.role_status})" for s in m.stints)
        covers = ", ".join(sorted({d for c in m.home_covers for d in c.dancer_ids})) or "-"
        shows = sum(len(s.performance_ids) for s in m.stints)
        moves.add_row(
            f"{m.dancer_name} ({m.dancer_id}, {m.star_draw:.2f})",
            f"{m.from_company_id} → {m.to_company_id}",
            f"{m.start} → {m.end}",
            roles,
            str(shows),
            covers,
        )
    console.print(moves)
    # one row per measure, one column per company: it fits an 80-column terminal
    effects = Table(title_justify="left")
    effects.add_column("effect")
    for e in proposal.effects:
        effects.add_column(e.company_id, justify="right")
    rows = {
        "tickets": [f"{e.tickets_without:,.0f} → {e.tickets_with:,.0f}" for e in proposal.effects],
        "revenue": [
            f"{e.revenue_without:,.0f} → {e.revenue_with:,.0f} {e.currency}"
            for e in proposal.effects
        ],
        "gain": [f"{e.gain:+,.0f} {e.currency}" for e in proposal.effects],
        "sell-outs": [f"{e.sell_outs_without} → {e.sell_outs_with}" for e in proposal.effects],
        "lowest cover depth": [
            f"{e.lowest_cover_depth_without} → {e.lowest_cover_depth_with}"
            for e in proposal.effects
        ],
        "home lead shows Δ": [f"{e.lead_shows_home_dancers_delta:+d}" for e in proposal.effects],
    }
    for name, cells in rows.items():
        effects.add_row(name, *cells)
    console.print(effects)
    checked = (
        f"cast and validated: {proposal.violations} violations ({proposal.casting_status})"
        if proposal.violations is not None
        else f"castability {proposal.casting_status or 'not proved'}"
    )
    console.print(f"[dim]{proposal.objective}; {checked}[/]", highlight=False)
    for note in proposal.notes:
        console.print(f"[dim]- {note}[/]", highlight=False)


def _progress() -> tuple[Progress, Any]:
    bar = Progress(
        TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), console=err,
        transient=True,
    )  # fmt: skip
    task = bar.add_task("exchange", total=1.0)

    def report(stage: str, done: float) -> None:
        bar.update(task, completed=done, description=stage)

    return bar, report


def exchange(
    season_file: Annotated[Path, typer.Argument(help="Season document (JSON).")],
    companies: Annotated[
        str | None, typer.Option("--companies", help="A,B,… (default: all).")
    ] = None,
    max_stars: Annotated[int, typer.Option("--max-stars", help="Stars each company may send.")] = 2,
    balance: Annotated[str, typer.Option("--balance", help="count | value | none.")] = "count",
    objective: Annotated[str, typer.Option("--objective", help="fair | total | pareto.")] = "fair",
    top: Annotated[int, typer.Option("--top", help="Proposals to return.")] = 5,
    out: Annotated[Path | None, typer.Option("-o", "--out", help="Write PROPOSALS.json.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the proposals as JSON.")] = False,
    explain: Annotated[bool, typer.Option("--explain", help="Why each star of the best.")] = False,
    keep: Annotated[list[str] | None, typer.Option("--keep", help="Dancer who stays.")] = None,
    send: Annotated[list[str] | None, typer.Option("--send", help="Dancer who goes.")] = None,
    unwilling: Annotated[list[str] | None, typer.Option("--unwilling", help="Will not go.")] = None,
    prefer: Annotated[
        list[str] | None, typer.Option("--prefer", help="DANCER=START..END: only period.")
    ] = None,
    agreement_out: Annotated[
        Path | None, typer.Option("--agreement", help="Agreement of the best: OUT.md or OUT.pdf.")
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Planning day (default today).")
    ] = None,
    premium: Annotated[bool, typer.Option("--premium", help="US premium processing.")] = False,
    time_limit: Annotated[float, typer.Option("--time-limit", help="Seconds in all.")] = 60.0,
    prove: Annotated[bool, typer.Option("--prove/--no-prove", help="Cast to prove.")] = True,
) -> None:
    """Ranked star-exchange proposals: who goes where, when, in which roles, and the effect."""
    from etoile.ops.exchange import agreement, propose_exchanges

    if balance not in ("count", "value", "none") or objective not in ("fair", "total", "pareto"):
        raise InputError("--balance must be count|value|none and --objective fair|total|pareto")
    if agreement_out is not None and agreement_out.suffix.lower() not in (".md", ".pdf"):
        raise InputError("--agreement: the file must end in .md or .pdf")
    try:
        day = date.fromisoformat(as_of) if as_of else date.today()
    except ValueError:
        raise InputError(f"--as-of {as_of!r}: expected YYYY-MM-DD") from None
    season = load_season(season_file)
    rules = ExchangeRules(
        as_of=day, unwilling=unwilling or [], preferred=_preferred(prefer or []),
        premium_processing=premium,
    )  # fmt: skip
    bar, report = _progress()
    with bar:
        doc = propose_exchanges(
            season, companies.split(",") if companies else None, max_stars,
            cast(Balance, balance), cast(Objective, objective), top, keep or [], send or [],
            time_limit,
            rules=rules, prove=prove, explain=explain, progress=report,
        )  # fmt: skip
    if out is not None:
        out.write_text(doc.to_json(), encoding="utf-8")
    if as_json:
        console.print_json(doc.to_json())
    else:
        _print(season, doc)
    if agreement_out is not None and doc.proposals:
        markdown, pdf = agreement(season, doc.proposals[0], rules)
        if agreement_out.suffix.lower() == ".pdf":
            agreement_out.write_bytes(pdf)
        else:
            agreement_out.write_text(markdown, encoding="utf-8")
        err.print(f"Agreement written to {agreement_out}", highlight=False)


def _print(season: Season, doc: ExchangeProposals) -> None:
    console.print(
        f"[bold]{len(doc.proposals)} proposal(s)[/] among {', '.join(doc.company_ids)} — "
        f"{doc.objective_note}; balance {doc.balance}; value: {doc.value_model}",
        highlight=False,
    )
    for p in doc.proposals:
        print_proposal(
            season,
            p,
            f"Proposal {p.rank}: smallest gain {p.min_gain:+,.0f} {doc.reference_currency}, total {p.total_gain:+,.0f}",
        )
    if doc.baseline is not None:
        print_proposal(
            season,
            doc.baseline,
            f"Baseline (top stars swapped all season): smallest gain {doc.baseline.min_gain:+,.0f} {doc.reference_currency}",
        )
    for line in doc.explanation:
        console.print(line, highlight=False)


def bench_exchange(
    seed: Annotated[int, typer.Option("--seed", help="Demo generator seed.")] = 2027,
    as_json: Annotated[bool, typer.Option("--json", help="JSON on stdout (always).")] = True,
    top: Annotated[int, typer.Option("--top")] = 5,
    time_limit: Annotated[float, typer.Option("--time-limit")] = 100.0,
) -> None:
    """Top-5 proposals on the New York + Paris demo, against the director's baseline."""
    from etoile.generate import demo_season
    from etoile.ops.exchange import propose_exchanges

    started = time.perf_counter()
    season = demo_season(seed)
    bar, report = _progress()
    with bar:
        doc = propose_exchanges(
            season, max_stars=2, top=top, time_limit=time_limit,
            rules=ExchangeRules(as_of=BENCH_AS_OF), progress=report,
        )  # fmt: skip
    wall = time.perf_counter() - started

    def brief(p: ExchangeProposal) -> dict[str, Any]:
        return {
            "gains": p.gains,
            "gains_reference": p.gains_reference,
            "min_gain": p.min_gain,
            "total_gain": p.total_gain,
            "violations": p.violations,
            "verified": p.verified,
            "casting_status": p.casting_status,
            "moves": [
                f"{m.dancer_id} {m.from_company_id}->{m.to_company_id} {m.start}..{m.end}"
                for m in p.moves
            ],
        }

    best = doc.proposals[0] if doc.proposals else None
    result = {
        "seed": seed,
        "wall_s": round(wall, 2),
        "value_model": doc.value_model,
        "reference_currency": doc.reference_currency,
        "time_limit_s": time_limit,
        "options": doc.options,
        "proposals": [brief(p) for p in doc.proposals],
        "baseline": brief(doc.baseline) if doc.baseline else None,
        "best_min_gain_at_least_baseline": bool(
            best and doc.baseline and best.min_gain >= doc.baseline.min_gain
        ),
        "all_proved": bool(doc.proposals)
        and all(p.verified and p.violations == 0 for p in doc.proposals),
        "proof": [line for line in doc.explanation if "castab" in line or "dropped" in line],
    }
    typer.echo(json.dumps(result, indent=2))


def register(app: typer.Typer, bench_app: typer.Typer) -> None:
    """Attach this module's commands to the main app and the bench group."""
    app.command("exchange")(exchange)
    bench_app.command("exchange")(bench_exchange)
