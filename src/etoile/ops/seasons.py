"""Use cases for season documents: import one into the store, export the store as one.

Both take the caller's session and never commit: the interface owns the transaction, so an
import that fails anywhere leaves the database as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from etoile.model.document import load_season as read_season_file
from etoile.model.season import Season
from etoile.store.repositories import SaveReport, load_season, save_season


@dataclass
class ImportReport(SaveReport):
    """What an import changed, by collection (companies, dancers, …), and from which file."""

    source: str = ""

    @property
    def unchanged(self) -> bool:
        """True when the store already held exactly this document."""
        return self.created == self.updated == self.deleted == 0


def import_season(session: Session, path: Path) -> ImportReport:
    """Check the document at ``path`` in full, then write it in place by stable ids.

    A document with any problem raises ``DocumentError`` before a single row is written.
    """
    return import_checked_season(session, read_season_file(path), str(path))


def import_checked_season(session: Session, season: Season, source: str) -> ImportReport:
    """Write an already-checked season in place by stable ids (``source`` names it in reports).

    Interfaces that parse the document before opening the database use this, so that a bad
    document does not even create an empty database.
    """
    report = save_season(session, season, source=source)
    return ImportReport(changes=report.changes, source=source)


def export_season(session: Session) -> Season:
    """The stored season as a document (``InputError`` when nothing has been imported)."""
    return load_season(session)
