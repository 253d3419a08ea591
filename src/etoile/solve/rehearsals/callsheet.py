"""Tomorrow's call sheet: what the callboard shows — time, room, piece, ballet master, pianist,
dancers.

One ``CallSheet`` (plain rows) rendered four ways: a Rich table for the terminal, Markdown for
email and wikis, JSON for a callboard app, and a PDF to pin on the board. The PDF is set in DejaVu Sans, which matplotlib
(a dependency already) ships, so Polish, Czech, Greek or Cyrillic names print as written; a
character the font lacks (e.g. Chinese) prints as '?'. The Markdown and PDF list every dancer
called; the Rich table fits an 80-column terminal: the ballet master and pianist under the
rehearsal, and the dancers as a count with the first few names.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from fpdf import FPDF
from rich.markup import escape
from rich.table import Table

from etoile.model import Season
from etoile.model.schedule import CallKind, RehearsalSchedule, back_to_back


@dataclass(frozen=True)
class CallRow:
    """One line of the callboard."""

    time: str
    place: str
    what: str
    ballet_master: str
    dancers: str
    names: tuple[str, ...] = ()
    pianist: str = ""

    def dancers_short(self, shown: int = 3) -> str:
        """'14 · Ana Petrova, Léa Martin, Ines Roy +11' (the whole company: just the count)."""
        if not self.names:
            return self.dancers
        head = ", ".join(self.names[:shown])
        rest = len(self.names) - shown
        return f"{len(self.names)} · {head}" + (f" +{rest}" if rest > 0 else "")


@dataclass(frozen=True)
class CallSheet:
    """A company's calls for one day."""

    company: str
    day: date
    rows: tuple[CallRow, ...]

    @property
    def title(self) -> str:
        return f"{self.company} — call sheet for {self.day:%A %d %B %Y}"


def studio_labels(season: Season, company_id: str) -> dict[str, str]:
    """Studio id → what the callboard calls it: its name, with its building when the company's
    rooms are in more than one ('Studio Bastille (Opéra Bastille)'; a site that is a theatre's
    id reads as the theatre's name)."""
    venues = {v.id: v.name for v in season.venues}
    rooms = [s for s in season.studios if s.company_id == company_id]
    several = len({s.site for s in rooms}) > 1
    return {
        s.id: f"{s.name} ({venues.get(s.site, s.site)})" if several and s.site else s.name
        for s in rooms
    }


def make_call_sheet(season: Season, schedule: RehearsalSchedule, day: date) -> CallSheet:
    """The day's calls in time order, with names instead of ids; a group's back-to-back calls
    in one room are one line (11:00–12:45), as a ballet master posts them."""
    studios = studio_labels(season, schedule.company_id)
    venues = {v.id: v.name for v in season.venues}
    masters = {m.id: m.name for m in season.ballet_masters}
    pianists = {p.id: p.name for p in season.pianists}
    dancers = {d.id: d.name for d in season.dancers}
    rows = []
    for run in back_to_back(schedule.calls_on(day)):
        call = run[0]
        names: tuple[str, ...] = ()
        if call.kind is CallKind.CLASS:
            place, what, who = "all studios", "Company class", f"{len(call.dancer_ids)} dancers"
        else:
            place = studios.get(call.studio_id or "") or venues.get(call.venue_id or "", "")
            what = call.label or ", ".join(call.piece_ids)
            if call.purpose.value == "cover" and "cover" not in what:
                what += " (covers)"
            names = tuple(dancers.get(d, d) for d in call.dancer_ids)
            who = ", ".join(names)
        rows.append(
            CallRow(
                time=f"{call.start:%H:%M}–{run[-1].end:%H:%M}",
                place=place,
                what=what,
                ballet_master=masters.get(call.ballet_master_id or "", ""),
                dancers=who,
                names=names,
                # a run's calls may change hands at the piano: name each pianist once
                pianist=" / ".join(
                    dict.fromkeys(pianists[c.pianist_id] for c in run if c.pianist_id)
                ),
            )
        )
    return CallSheet(season.company(schedule.company_id).name, day, tuple(rows))


HEADERS = ("Time", "Studio", "Rehearsal", "Ballet master", "Pianist", "Dancers called")


def _cells(row: CallRow) -> tuple[str, str, str, str, str, str]:
    return (row.time, row.place, row.what, row.ballet_master, row.pianist, row.dancers)


def to_rich(sheet: CallSheet) -> Table:
    """A Rich table that fits an 80-column terminal: time, studio, rehearsal with its ballet
    master below, and the dancers as a count and the first names (the full list is in the
    Markdown and PDF call sheets)."""
    table = Table(title=sheet.title, show_lines=True, padding=(0, 1))
    table.add_column("Time", no_wrap=True, width=11)
    table.add_column("Studio", overflow="fold", max_width=12)
    table.add_column("Rehearsal · ballet master · pianist", overflow="fold", ratio=3)
    table.add_column("Dancers called", overflow="fold", ratio=2)
    for row in sheet.rows:
        what = escape(row.what)
        staff = " · ".join(
            x for x in (row.ballet_master, row.pianist and f"piano: {row.pianist}") if x
        )
        if staff:
            what += f"\n[dim]{escape(staff)}[/dim]"
        table.add_row(row.time, escape(row.place), what, escape(row.dancers_short()))
    if not sheet.rows:
        table.add_row("", "", "no calls", "")
    return table


def to_markdown(sheet: CallSheet) -> str:
    """A Markdown table (pipes in names are escaped)."""
    lines = [f"# {sheet.title}", "", "| " + " | ".join(HEADERS) + " |"]
    lines.append("|" + "---|" * len(HEADERS))
    for row in sheet.rows:
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in _cells(row)) + " |")
    if not sheet.rows:
        lines.append("| | | no calls | | | |")
    return "\n".join(lines) + "\n"


def to_json(sheet: CallSheet) -> str:
    """The call sheet for a callboard app: the day, then one object per line of the board."""
    rows = [
        {
            "time": row.time,
            "studio": row.place,
            "rehearsal": row.what,
            "ballet_master": row.ballet_master,
            "pianist": row.pianist,
            "called": row.dancers if not row.names else f"{len(row.names)} dancers",
            "dancers": list(row.names),
        }
        for row in sheet.rows
    ]
    document = {"company": sheet.company, "day": sheet.day.isoformat(), "rows": rows}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


@cache
def _unicode_font() -> tuple[Path, Path] | None:
    """DejaVu Sans (regular, bold) from matplotlib's data; None if absent (then: core fonts)."""
    import matplotlib

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
    return (regular, bold) if regular.is_file() and bold.is_file() else None


def _printable(text: str, covered: frozenset[int] | None) -> str:
    """``text`` with what the font cannot draw as '?' (``None``: core fonts, Latin-1)."""
    if covered is not None:
        return "".join(c if ord(c) in covered or c.isspace() else "?" for c in text)
    text = text.replace("—", "-").replace("–", "-").replace("’", "'")
    return text.encode("latin-1", "replace").decode("latin-1")


def to_pdf(sheet: CallSheet) -> bytes:
    """A one-page-per-screenful PDF for the callboard (landscape A4)."""
    pdf = FPDF(orientation="L", format="A4")
    family, covered = "Helvetica", None
    font = _unicode_font()
    if font is not None:
        family = "DejaVu"
        pdf.add_font(family, "", str(font[0]))
        pdf.add_font(family, "B", str(font[1]))
        faces = [f for key, f in pdf.fonts.items() if key.startswith("dejavu")]
        covered = frozenset.intersection(*(frozenset(getattr(f, "cmap", ())) for f in faces))
    pdf.set_title(_printable(sheet.title, covered))
    pdf.add_page()
    pdf.set_font(family, style="B", size=14)
    pdf.cell(0, 10, _printable(sheet.title, covered), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, size=8)
    with pdf.table(col_widths=(22, 30, 65, 32, 28, 100), text_align="LEFT") as table:
        header = table.row()
        for cell in HEADERS:
            header.cell(cell)
        for row in sheet.rows:
            line = table.row()
            for cell in _cells(row):
                line.cell(_printable(cell, covered))
    return bytes(pdf.output())
