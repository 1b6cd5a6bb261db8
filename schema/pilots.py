"""The pilot lifecycle in GraphQL: `pilots(...)` and `advancePilot(id, to, year)`.

Codes (type, status, verdict) come with `label` / `labelZh` from the one catalogue
(analysis/catalogue.toml). `advancePilot` is a mutation, so it needs `editor`
(schema/permissions.py): a viewer or planner gets FORBIDDEN before anything runs.
"""

from typing import Any

import strawberry

from graph import pilot_store
from graph.errors import NotFoundError
from graph.lifecycle import REJECTED, STEPS, status_of
from graph.pilot_store import PilotRow, TransitionError
from schema.analysis import EntityRef, _check_first, invalidate_whole_graph
from schema.as_of import check_as_of
from schema.coded import Coded
from schema.coded import coded as _coded
from schema.context import Info
from schema.enums import PilotStatus, PilotType
from schema.errors import BadUserInput, NotFound
from schema.province_scope import require_in_scope

MAX_PILOTS = 500


@strawberry.type(description="One step a pilot reached, with its year.")
class PilotStep:
    status: Coded
    year: int


@strawberry.type(description="A yearly evaluation of a pilot (对试点单位的评价与考核).")
class PilotEvaluation:
    year: int
    score: float | None
    verdict: Coded
    continued_support: bool | None = strawberry.field(
        description="Continued support decided (对评价与考核结果好的试点单位，给予持续支持).")
    synthetic: bool | None


@strawberry.type(description="A pilot of the plan: its subject, province and lifecycle.")
class Pilot:
    id: strawberry.ID
    name: str
    name_zh: str | None
    type: Coded
    status: Coded = strawberry.field(description="The status (as of `year` when asked).")
    subject: EntityRef | None
    province: EntityRef | None
    build_start: int | None = strawberry.field(description="First year of the build period "
                                                           "(建设期).")
    build_end: int | None
    steps: list[PilotStep] = strawberry.field(description="Steps reached, in order.")
    evaluations: list[PilotEvaluation]
    synthetic: bool | None


def _ref(value: dict[str, Any] | None) -> EntityRef | None:
    if value is None:
        return None
    return EntityRef(id=value["id"], name=value.get("name") or value["id"],  # type: ignore[call-arg]
                     label=value.get("label"))


def _as_of(years: dict[str, int | None], year: int | None) -> dict[str, int | None]:
    if year is None:
        return years
    return {s: y for s, y in years.items() if y is not None and y <= year}


def to_pilot(row: PilotRow, year: int | None = None) -> Pilot | None:
    """The pilot as of `year` (None: now); None when it had not applied by then."""
    years = _as_of(row.step_years(), year)
    status = status_of(years)
    if status is None:
        return None
    p = row.props
    steps = [PilotStep(status=_coded("pilot_status", s), year=y)  # type: ignore[arg-type]
             for s in (*STEPS, REJECTED) if (y := years.get(s)) is not None]
    evaluations = [PilotEvaluation(year=e["year"], score=e.get("score"),
                                   verdict=_coded("pilot_verdict", e["verdict"]),
                                   continued_support=e.get("continuedSupport"),
                                   synthetic=e.get("synthetic"))
                   for e in row.evaluations if year is None or e["year"] <= year]
    return Pilot(id=p["id"], name=p["name"], name_zh=p.get("nameZh"),
                 type=_coded("pilot_type", p["type"]), status=_coded("pilot_status", status),
                 subject=_ref(row.subject), province=_ref(row.province),
                 build_start=p.get("buildStart"), build_end=p.get("buildEnd"), steps=steps,
                 evaluations=evaluations, synthetic=p.get("synthetic"))


async def read(info: Info, **filters: Any) -> list[PilotRow]:
    ctx = info.context
    ctx.cypher_calls += 1
    return await pilot_store.read_pilots(ctx.driver, database=ctx.settings.neo4j_database,
                                         timeout_s=ctx.settings.neo4j_query_timeout_s,
                                         **filters)


@strawberry.type
class PilotQuery:
    @strawberry.field(description="Pilots by province, type and status, ordered by id. With "
                                  "`year`, each pilot as it stood at the end of that year "
                                  "(pilots that had not applied yet are left out).")
    async def pilots(self, info: Info, province_id: strawberry.ID | None = None,
                     type: PilotType | None = None,  # type: ignore[valid-type]
                     status: PilotStatus | None = None,  # type: ignore[valid-type]
                     year: int | None = None, first: int = 100) -> list[Pilot]:
        _check_first(first, MAX_PILOTS)
        check_as_of(year, "year")
        rows = await read(info, province=None if province_id is None else str(province_id),
                          type_=None if type is None else type.value)
        pilots = [p for row in rows if (p := to_pilot(row, year)) is not None]
        if status is not None:
            pilots = [p for p in pilots if p.status.code == status.value]
        return pilots[:first]


@strawberry.type
class PilotMutation:
    @strawberry.mutation(description="Move a pilot one step along its lifecycle, to `to` in "
                                     "`year`: no skipping, no going back, no approval "
                                     "without a recommendation, rejected and completed are "
                                     "final. Editors only.")
    async def advance_pilot(self, info: Info, id: strawberry.ID,
                            to: PilotStatus,  # type: ignore[valid-type]
                            year: int) -> Pilot:
        check_as_of(year, "year")
        ctx = info.context
        await require_in_scope(info, [str(id)], "advancePilot")
        try:
            await pilot_store.advance_pilot(ctx.driver, str(id), to.value, year,  # type: ignore[attr-defined]
                                            ctx.settings.neo4j_database)
        except NotFoundError as e:
            raise NotFound(str(e)) from e
        except TransitionError as e:
            raise BadUserInput(str(e), extensions={"argument": "to"}) from e
        finally:
            invalidate_whole_graph()
        ctx.cypher_calls += 1
        rows = await read(info, ids=[str(id)])
        pilot = to_pilot(rows[0])
        assert pilot is not None  # it has at least the step just written
        return pilot


__all__ = ["Pilot", "PilotMutation", "PilotQuery"]
