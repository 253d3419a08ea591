"""The solvers' progress bar shows their news on a terminal and nothing off one."""

from __future__ import annotations

import io

from rich.console import Console

from etoile.cli.progress import casting_news, solver_bar


def test_the_bar_shows_the_latest_news_on_a_terminal() -> None:
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=100)
    with solver_bar("casting", 30.0, console) as news:
        casting_news(news)(None, -12.0, 0.1)
        casting_news(news)(2849.7, 1303.2, 0.5)
    shown = screen.getvalue()
    assert "casting" in shown and "objective 2,850  bound 1,303" in shown


def test_off_a_terminal_the_bar_prints_nothing() -> None:
    screen = io.StringIO()
    with solver_bar("rehearsals", 5.0, Console(file=screen, force_terminal=False)) as news:
        news("week model: 43 calls; greedy placed 43")
    assert screen.getvalue() == ""
