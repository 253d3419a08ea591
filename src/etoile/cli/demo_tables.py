"""Rich tables for `etoile demo`: the season summary and the cast sheet of a night."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from etoile.ops.cast_sheet import CastSheet
from etoile.ops.summary import SeasonSummary

if TYPE_CHECKING:  # the forecaster pulls in scipy: only its type is needed here
    from etoile.ops.forecasting import PerformanceForecast

console = Console()


def print_summary(summary: SeasonSummary) -> None:
    """Companies, dancers by rank, the planned runs, performances per month and past sales."""
    companies = Table(title=f"Companies — season {summary.planned_season}", title_justify="left")
    for column in ("id", "company", "city", "time zone", "dancers", "shows"):
        companies.add_column(column, justify="right" if column in ("dancers", "shows") else "left")
    for company_id, name, city, zone, dancers, shows in summary.companies:
        companies.add_row(company_id, name, city, zone, str(dancers), str(shows))
    console.print(companies)

    ranks = Table(title="Dancers by rank", title_justify="left")
    ranks.add_column("co.")
    ranks.add_column("ladder (top → bottom)")
    for name, ladder in summary.ranks.items():
        ranks.add_row(name, ", ".join(f"{rank} {count}" for rank, count in ladder))
    console.print(ranks)

    runs = Table(title="Productions", title_justify="left")
    for column in ("co.", "work", "venue", "kind", "opens", "closes", "shows"):
        runs.add_column(column, justify="right" if column == "shows" else "left")
    for run in summary.runs:
        runs.add_row(
            run.company,
            run.title,
            run.venue,
            run.kind,
            str(run.opening),
            str(run.closing),
            str(run.performances),
        )
    console.print(runs)

    # one row per month, one column per company: a season of months fits any terminal width
    months = sorted({m for per in summary.per_month.values() for m in per})
    per_month = Table(title="Performances per month", title_justify="left")
    per_month.add_column("month")
    for name in summary.per_month:
        per_month.add_column(name, justify="right")
    for month in months:
        per_month.add_row(month, *(str(per.get(month, "")) for per in summary.per_month.values()))
    console.print(per_month)

    sales = Table(title="Past sales", title_justify="left")
    for column in ("co.", "season", "shows", "tickets", "occupancy", "revenue", "sell-outs"):
        sales.add_column(column, justify="left" if column in ("co.", "season") else "right")
    for line in summary.sales:
        sales.add_row(
            line.company, line.season, str(line.performances), f"{line.tickets:,}",
            f"{line.occupancy:.0%}", f"{line.revenue:,.0f} {line.currency}", str(line.sell_outs),
        )  # fmt: skip
    console.print(sales)


def print_cast_sheet(sheet: CastSheet) -> None:
    """A night's cast as the callboard shows it: roles, dancers (* = debut) and covers."""
    table = Table(
        title=f"{sheet.company} — {sheet.title}, {sheet.venue}, {sheet.curtain} (cast {sheet.cast_number})",
        title_justify="left",
    )
    table.add_column("role")
    table.add_column("dancers (* debut)")
    table.add_column("covers")
    for line in sheet.lines:
        shown = ", ".join(line.dancers[:6]) + (
            f" … +{len(line.dancers) - 6}" if len(line.dancers) > 6 else ""
        )
        table.add_row(line.role, shown, ", ".join(line.covers) or "-")
    console.print(table)


def print_forecast(rows: Sequence[PerformanceForecast], how: str) -> None:
    """The coming season by production: expected tickets, occupancy, revenue and sell-out nights."""
    runs: dict[tuple[str, str, str], list[PerformanceForecast]] = defaultdict(list)
    for row in rows:
        runs[(row.company_id, row.title, row.venue)].append(row)
    table = Table(title=f"Box-office forecast, {how}", title_justify="left")
    for column in ("co.", "work", "shows", "tickets", "occupancy", "revenue", "sell-outs"):
        table.add_column(column, justify="left" if column in ("co.", "work") else "right")
    for (company, title, _venue), shows in sorted(runs.items(), key=lambda kv: kv[1][0].day):
        tickets = sum(r.forecast.tickets.median for r in shows if r.forecast.tickets)
        seats = sum(r.forecast.capacity or 0 for r in shows)
        revenue = sum(r.forecast.revenue.median for r in shows if r.forecast.revenue)
        sell_outs = sum(1 for r in shows if (r.forecast.sell_out_probability or 0) >= 0.5)
        table.add_row(
            company, title, str(len(shows)), f"{tickets:,.0f}",
            f"{tickets / seats:.0%}" if seats else "-", f"{revenue:,.0f}", str(sell_outs),
        )  # fmt: skip
    console.print(table)
