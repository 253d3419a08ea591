"""Versioned engine plans (casting, rehearsals, exchange): a new solve never erases the published one."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from etoile.errors import InputError
from etoile.store.engine import serialise_writes
from etoile.store.tables import PlanRow

PlanStatus = Literal["draft", "published"]
DRAFT: PlanStatus = "draft"
PUBLISHED: PlanStatus = "published"


@dataclass(frozen=True)
class StoredPlan:
    """One stored version of an engine's plan."""

    id: int
    kind: str
    scope: str
    version: int
    status: PlanStatus
    created_at: datetime
    document_json: str

    @property
    def document(self) -> Any:
        """The plan document, decoded from its JSON text."""
        return json.loads(self.document_json)


def _stored_plan(row: PlanRow) -> StoredPlan:
    status = PUBLISHED if row.status == PUBLISHED else DRAFT
    return StoredPlan(
        id=row.id,
        kind=row.kind,
        scope=row.scope,
        version=row.version,
        status=status,
        created_at=row.created_at.replace(tzinfo=UTC),
        document_json=row.document,
    )


def save_plan(
    session: Session, kind: str, document_json: str, scope: str, publish: bool = False
) -> int:
    """Store a new version of a plan and return its number (1, 2, …); nothing is overwritten.

    ``kind`` names the engine ('casting', 'rehearsals', 'exchange'); ``scope`` the companies it
    plans for (e.g. a company id). A draft leaves the published plan as it is.
    """
    if not kind or not scope:
        raise InputError("a plan needs a kind and a scope")
    try:
        json.loads(document_json)
    except json.JSONDecodeError as exc:
        raise InputError(f"{kind} plan for {scope}: not valid JSON ({exc.msg})") from None
    serialise_writes(session)  # two saves at once would both take the same next version
    latest = session.scalar(
        select(func.max(PlanRow.version)).where(PlanRow.kind == kind, PlanRow.scope == scope)
    )
    version = (latest or 0) + 1
    session.add(
        PlanRow(
            kind=kind,
            scope=scope,
            version=version,
            status=PUBLISHED if publish else DRAFT,
            created_at=datetime.now(UTC).replace(tzinfo=None),
            document=document_json,
        )
    )
    session.flush()
    return version


def publish_plan(session: Session, kind: str, scope: str, version: int) -> None:
    """Publish an existing version; it becomes the plan ``load_plan(..., 'published')`` gives."""
    row = session.scalar(
        select(PlanRow).where(
            PlanRow.kind == kind, PlanRow.scope == scope, PlanRow.version == version
        )
    )
    if row is None:
        raise InputError(f"no {kind} plan version {version} for {scope}")
    row.status = PUBLISHED
    session.flush()


def load_plan(
    session: Session,
    kind: str,
    scope: str,
    version: int | Literal["published"] | None = None,
) -> StoredPlan | None:
    """A plan version: a number, ``'published'`` (the newest published) or None (the newest).

    Returns None when there is no such plan.
    """
    query = select(PlanRow).where(PlanRow.kind == kind, PlanRow.scope == scope)
    if version == PUBLISHED:
        query = query.where(PlanRow.status == PUBLISHED)
    elif isinstance(version, int):
        query = query.where(PlanRow.version == version)
    row = session.scalar(query.order_by(PlanRow.version.desc()).limit(1))
    return None if row is None else _stored_plan(row)


def list_plans(session: Session, kind: str, scope: str) -> list[StoredPlan]:
    """Every version of a plan, oldest first."""
    rows = session.scalars(
        select(PlanRow)
        .where(PlanRow.kind == kind, PlanRow.scope == scope)
        .order_by(PlanRow.version)
    )
    return [_stored_plan(row) for row in rows]


def plan_scopes(session: Session, kind: str, prefix: str = "") -> list[str]:
    """The scopes holding plans of ``kind`` that start with ``prefix``, sorted by code point
    (the same on every database, whatever its collation)."""
    rows = session.scalars(
        select(PlanRow.scope)
        .where(PlanRow.kind == kind, PlanRow.scope.startswith(prefix, autoescape=True))
        .distinct()
    )
    return sorted(rows)
