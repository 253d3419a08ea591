"""Box-office forecasting use cases: fit on a season's sales, predict its coming nights, and tell
the casting and exchange engines what a dancer in a role is worth at a performance.

One model per company (currencies, calendars and audiences differ). The engines' hooks:
``revenue_gain`` (and ``ForecastDemand``, the casting objective's ``DemandHook``) and
``exchange_box_office`` (the exchange planner's ``BoxOffice``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from etoile.errors import InputError
from etoile.forecast import season_adapter as adapter
from etoile.forecast.history_csv import read_history
from etoile.forecast.model import BoxOfficeModel, Latent, ModelConfig
from etoile.forecast.records import Forecast, Interval
from etoile.model import CastMember, Season, Tier
from etoile.model.plan import CastingPlan
from etoile.solve.exchange.boxoffice import Expectation

MODELS_FORMAT = "etoile-forecast-models/1"


@dataclass
class SeasonForecaster:
    """Fitted models by company id (``"history"`` for a model fitted on a CSV)."""

    models: dict[str, BoxOfficeModel]

    def for_company(self, company_id: str) -> BoxOfficeModel:
        """The company's model; InputError if it had no sales history to learn from."""
        if company_id not in self.models:
            known = ", ".join(sorted(self.models)) or "none"
            raise InputError(f"forecast: no model for company {company_id!r} (models: {known})")
        return self.models[company_id]

    def save(self, path: Path) -> None:
        """Write the models as JSON (``etoile forecast fit --out``)."""
        data = {"format": MODELS_FORMAT, "models": {k: m.to_dict() for k, m in self.models.items()}}
        path.write_text(json.dumps(data), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> SeasonForecaster:
        """Read models saved by :meth:`save`; InputError naming the file otherwise."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("format") != MODELS_FORMAT:
                raise ValueError(f"format is not {MODELS_FORMAT}")
            return cls({k: BoxOfficeModel.from_dict(v) for k, v in data["models"].items()})
        except FileNotFoundError:
            raise InputError(f"{path}: file not found") from None
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise InputError(f"{path}: not a saved forecast model ({exc})") from None


@dataclass(frozen=True)
class PerformanceForecast:
    """A forecast with what a box office needs to read it."""

    company_id: str
    performance_id: str
    day: date
    title: str
    venue: str
    forecast: Forecast


def fit_season(season: Season, config: ModelConfig | None = None) -> SeasonForecaster:
    """One model per company that has at least two performances with sales."""
    models: dict[str, BoxOfficeModel] = {}
    for company in season.companies:
        history = adapter.history(season, company.id)
        if len(history) >= 2:
            models[company.id] = BoxOfficeModel.fit(
                history, adapter.context(season, company.id), config
            )
    if not models:
        raise InputError("season: sales: no company has sales records to learn from")
    return SeasonForecaster(models)


def fit_history_file(path: Path, country: str | None = None) -> SeasonForecaster:
    """A model from a season document (``.json``) or a sales-history CSV."""
    if path.suffix.lower() == ".json":
        from etoile.model.document import load_season

        return fit_season(load_season(path))
    observations, context = read_history(path, country)
    try:
        return SeasonForecaster({"history": BoxOfficeModel.fit(observations, context)})
    except ValueError as exc:
        raise InputError(f"{path}: tickets/revenue: {exc}") from None


def with_planned_casts(season: Season, plan: CastingPlan) -> Season:
    """The season with each coming performance's cast taken from a casting plan, so that the
    forecast knows which stars dance which night (for forecasting only: the casting engine
    treats performances with a recorded cast as history)."""
    casts = {
        p.performance_id: [
            CastMember(role_id=rc.role_id, dancer_id=d) for rc in p.roles for d in rc.dancer_ids
        ]
        for p in plan.performances
    }
    performances = [
        perf.model_copy(update={"cast": casts[perf.id]})
        if perf.id in casts and season.sales_of(perf.id) is None
        else perf
        for perf in season.performances
    ]
    fields = {name: getattr(season, name) for name in Season.model_fields}
    return Season(**{**fields, "performances": performances})


def predict_season(
    season: Season, forecaster: SeasonForecaster | None = None
) -> list[PerformanceForecast]:
    """Every performance without sales, in curtain order, with tickets and revenue intervals."""
    fitted = forecaster or fit_season(season)
    out: list[PerformanceForecast] = []
    for company in season.companies:
        showings = adapter.future(season, company.id)
        if not showings:
            continue
        model = fitted.models.get(company.id) or fitted.models.get("history")
        if model is None:
            model = fitted.for_company(company.id)
        for s, f in zip(showings, model.predict(showings), strict=True):
            work = season.work(s.titles[0])
            out.append(PerformanceForecast(company.id, s.id, s.day, work.title, s.venue, f))
    out.sort(key=lambda p: (p.day, p.performance_id))
    return out


def _model_of(
    season: Season, model: SeasonForecaster | BoxOfficeModel, perf_id: str
) -> BoxOfficeModel:
    if isinstance(model, BoxOfficeModel):
        return model
    return model.for_company(season.company_of(season.performance(perf_id)).id)


class ForecastDemand:
    """Expected revenue gains from a fitted model, cached per performance (the engines' hook).

    The gain of dancer d in role r at performance p is E[revenue | d in r] − E[revenue | an
    average dancer of d's rank with the company's average star draw in r]: d's learned draw
    (shrunk toward her rank) plus her star power, through the censored demand — a sold-out
    night gains little, a weak Tuesday a lot.
    """

    def __init__(self, season: Season, model: SeasonForecaster | BoxOfficeModel) -> None:
        self._season, self._model = season, model
        self._base: dict[str, tuple[BoxOfficeModel, Latent, float]] = {}
        self._mean_draw: dict[str, float] = {}

    def _night(self, performance_id: str) -> tuple[BoxOfficeModel, Latent, float]:
        if performance_id not in self._base:
            try:
                perf = self._season.performance(performance_id)
            except KeyError:
                raise InputError(f"forecast: unknown performance {performance_id!r}") from None
            model = _model_of(self._season, self._model, performance_id)
            lat = model.latent([adapter.showing(self._season, perf)])
            self._base[performance_id] = (model, lat, float(model.expected_revenue(lat)[0]))
        return self._base[performance_id]

    def _company_draw(self, company_id: str) -> float:
        if company_id not in self._mean_draw:
            draws = [d.star_draw for d in self._season.dancers_of(company_id)]
            self._mean_draw[company_id] = sum(draws) / len(draws) if draws else 0.0
        return self._mean_draw[company_id]

    def gain(self, dancer_id: str, role_id: str, performance_id: str) -> float:
        """Expected revenue gain (company currency) of casting the dancer in the role that night."""
        model, lat, base = self._night(performance_id)
        season = self._season
        try:
            dancer, role = season.dancer(dancer_id), season.role(role_id)
        except KeyError as exc:
            raise InputError(f"forecast: unknown dancer or role {exc}") from None
        if role.tier is Tier.CORPS:
            return 0.0
        work = season.work_of_role(role_id)
        seats = sum(r.count for r in work.roles if r.tier is role.tier) or 1
        weight = 1.0 if role.tier is Tier.PRINCIPAL else adapter.SOLO_WEIGHT
        company = season.company_of(season.performance(performance_id)).id
        delta_power = weight * (dancer.star_draw - self._company_draw(company)) / seats
        dv, dp = model.member_shift(dancer_id, delta_power)
        return float(model.expected_revenue(lat.shifted(dv, dp))[0]) - base

    def value(self, dancer_id: str, role_id: str, performance_id: str) -> float:
        """The casting objective's value: the gain, floored at zero (only differences matter)."""
        return max(self.gain(dancer_id, role_id, performance_id), 0.0)


def revenue_gain(
    season: Season,
    model: SeasonForecaster | BoxOfficeModel,
    dancer_id: str,
    role_id: str,
    performance_id: str,
) -> float:
    """Expected revenue gain of casting ``dancer_id`` in ``role_id`` at ``performance_id``.

    Engines that ask many times should keep one :class:`ForecastDemand` (it caches per night).
    """
    return ForecastDemand(season, model).gain(dancer_id, role_id, performance_id)


def casting_demand(season: Season, model: SeasonForecaster | None = None) -> ForecastDemand:
    """The casting objective's ``DemandHook``, fitted on the season's sales unless given."""
    return ForecastDemand(season, model or fit_season(season))


class ForecastBoxOffice:
    """The exchange planner's ``BoxOffice`` answered by the fitted forecaster."""

    name = "forecaster (censored demand model fitted on past sales)"

    def __init__(self, season: Season, model: SeasonForecaster) -> None:
        self._season, self._model = season, model
        self._cache: dict[tuple[str, float], Expectation] = {}
        self._base: dict[str, tuple[BoxOfficeModel, Latent, float, int]] = {}

    def _night(self, performance_id: str) -> tuple[BoxOfficeModel, Latent, float, int]:
        """A night's model, uncast latent demand, the history's mean star power and capacity
        (computed once per night: the planner asks for many star powers)."""
        if performance_id not in self._base:
            season = self._season
            try:
                perf = season.performance(performance_id)
            except KeyError:
                raise InputError(f"forecast: unknown performance {performance_id!r}") from None
            model = _model_of(season, self._model, performance_id)
            lat = model.latent([adapter.showing(season, perf, cast=[])])
            average = model.features.mean_of("extra:star_power")
            self._base[performance_id] = (model, lat, average, season.venue_of(perf).capacity)
        return self._base[performance_id]

    def expected(self, performance_id: str, star_power: float) -> Expectation:
        """Demand, tickets and revenue of the night at this star power (cast effects aside)."""
        key = (performance_id, round(star_power, 4))
        if key not in self._cache:
            model, lat, average, capacity = self._night(performance_id)
            # without a cast the night has the history's average star power; move it to this one
            moved = lat.shifted(*model.member_shift("", star_power - average))
            sold, revenue = model.simulate(moved)
            money = revenue if revenue is not None else sold
            self._cache[key] = Expectation(
                _latent_mean(moved), float(sold.mean()), float(money.mean()), capacity
            )
        return self._cache[key]


def _latent_mean(lat: Latent) -> float:
    """Mean of the uncapped demand of a one-night latent (log-normal mean)."""
    return float(math.exp(float(lat.mu[0]) + 0.5 * float(lat.sd[0]) ** 2))


def exchange_box_office(season: Season) -> ForecastBoxOffice:
    """The forecaster behind the exchange planner's ``BoxOffice`` interface."""
    return ForecastBoxOffice(season, fit_season(season))


def forecasts_to_json(rows: Sequence[PerformanceForecast]) -> list[dict[str, Any]]:
    """Plain JSON rows for ``etoile forecast --json``."""
    out = []
    for r in rows:
        f = r.forecast
        out.append(
            {
                "company": r.company_id,
                "performance": r.performance_id,
                "date": r.day.isoformat(),
                "title": r.title,
                "venue": r.venue,
                "capacity": f.capacity,
                "tickets": None if f.tickets is None else _interval(f.tickets),
                "revenue": None if f.revenue is None else _interval(f.revenue),
                "sell_out_probability": f.sell_out_probability,
            }
        )
    return out


def _interval(i: Interval) -> dict[str, float]:
    return {"median": i.median, "mean": i.mean, "lower": i.lower, "upper": i.upper}
