"""The forecast chart: expected tickets per performance against capacity, with 80 % intervals."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from etoile.forecast.records import Forecast


def plot_forecasts(
    rows: Sequence[tuple[date, str, Forecast]], path: Path, title: str = "Box-office forecast"
) -> None:
    """One panel per series (company): median tickets, the interval bar and the house per night."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    series: dict[str, list[tuple[date, Forecast]]] = {}
    for day, name, f in rows:
        series.setdefault(name, []).append((day, f))
    fig, axes = plt.subplots(
        len(series) or 1, 1, figsize=(11, 3.2 * max(len(series), 1)), squeeze=False
    )
    for ax, (name, points) in zip(axes[:, 0], sorted(series.items()), strict=False):
        points.sort(key=lambda p: p[0])
        days = [d for d, _ in points]
        tickets = [f.tickets for _, f in points]
        if all(t is not None for t in tickets):
            med = [t.median for t in tickets if t is not None]
            lo = [t.lower for t in tickets if t is not None]
            hi = [t.upper for t in tickets if t is not None]
            # one bar per night: runs in two houses interleave, so no band or line joins them
            ax.vlines(days, lo, hi, alpha=0.35, lw=2, label="80 % interval")
            ax.plot(days, med, ".", ms=4, label="median tickets")
            caps = [f.capacity or float("nan") for _, f in points]
            ax.plot(days, caps, "_", ms=6, color="black", label="capacity")
            ax.set_ylabel("tickets")
        else:
            rev = [f.revenue for _, f in points]
            ax.vlines(
                days,
                [r.lower if r else 0 for r in rev],
                [r.upper if r else 0 for r in rev],
                alpha=0.35,
                lw=2,
                label="80 % interval",
            )
            ax.plot(days, [r.median if r else 0 for r in rev], ".", ms=4, label="median revenue")
            ax.set_ylabel("revenue")
        ax.set_title(f"{title}: {name}", loc="left", fontsize=10)
        ax.legend(loc="upper right", fontsize=8)
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
