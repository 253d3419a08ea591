"""The data contract: pydantic models of the domain and the season document."""

from etoile.model.common import DateRange, Id, Tier
from etoile.model.company import CastingRules, Company, LabourRules, Rank
from etoile.model.dancer import Absence, AbsenceKind, Dancer, RoleKnowledge, RoleStatus
from etoile.model.document import load_season, parse_season, season_to_json, write_season
from etoile.model.exchange import ExchangeAgreement
from etoile.model.problems import DocumentError, Problem
from etoile.model.production import CastMember, Performance, Production, ProductionKind
from etoile.model.repertoire import Piece, Role, Work, WorkKind
from etoile.model.sales import SalesRecord
from etoile.model.season import Season
from etoile.model.venue import BalletMaster, Pianist, PriceTier, Studio, Venue

__all__ = [
    "Absence",
    "AbsenceKind",
    "BalletMaster",
    "CastMember",
    "CastingRules",
    "Company",
    "Dancer",
    "DateRange",
    "DocumentError",
    "ExchangeAgreement",
    "Id",
    "LabourRules",
    "Performance",
    "Pianist",
    "Piece",
    "PriceTier",
    "Problem",
    "Production",
    "ProductionKind",
    "Rank",
    "Role",
    "RoleKnowledge",
    "RoleStatus",
    "SalesRecord",
    "Season",
    "Studio",
    "Tier",
    "Venue",
    "Work",
    "WorkKind",
    "load_season",
    "parse_season",
    "season_to_json",
    "write_season",
]
