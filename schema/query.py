"""Root query fields for the graph: node lookup, lists, stages, search.

Each root field compiles its selection into one Cypher statement (schema/compiler.py) and
makes exactly one round-trip; nested fields read from the returned map.

No `from __future__ import annotations`: resolver signatures are built at import time.
"""

from typing import Annotated, Any

import strawberry

from graph import repository
from graph.queries import FULLTEXT_INDEX
from graph.time import exists_in
from schema.analysis_query import AnalysisQuery
from schema.annual_report import ReportQuery
from schema.as_of import (
    AS_OF_LIST_DESCRIPTION,
    AS_OF_PRESENT_DESCRIPTION,
    analysis_year,
    check_as_of,
)
from schema.compiler import Compiler, lucene_query
from schema.context import Info
from schema.enums import EntityKind, ServiceStageCode, codes
from schema.pilots import PilotQuery
from schema.plan import PlanQuery
from schema.registry import ROOT_LIST_FIELDS
from schema.subgraph import SubgraphQuery
from schema.types import (
    CONNECTIONS,
    TYPES,
    Entity,
    Node,
    SearchHit,
    connection_arguments,
    connection_result,
)

MAX_SEARCH = 100
ServiceStageType = TYPES["ServiceStage"]
MAX_NODES = 500


def compiler_for(info: Info) -> Compiler:
    settings = info.context.settings
    return Compiler(default_first=settings.default_page_size, max_first=settings.max_page_size)


def current_field(info: Info) -> Any:
    return info.selected_fields[0]


async def run_compiled(info: Info, text: str, compiler: Compiler) -> Any:
    ctx = info.context
    ctx.cypher_calls += 1
    return await repository.read_result(ctx.driver, text, compiler.params,
                                        ctx.settings.neo4j_query_timeout_s,
                                        ctx.settings.neo4j_database)


def _list_field(field_name: str, label: str) -> Any:
    async def resolve(info: Info, first: int | None = None, after: str | None = None,
                      last: int | None = None, before: str | None = None,
                      where: Any = None, order_by: Any = None,
                      as_of: Annotated[int | None, strawberry.argument(
                          description=AS_OF_LIST_DESCRIPTION)] = None) -> Any:
        compiler = compiler_for(info)
        compiler.set_as_of(check_as_of(as_of))
        selected = current_field(info)
        text = "RETURN " + compiler.connection(None, None, selected.arguments,
                                               selected.selections, target=label) + " AS result"
        return connection_result(await run_compiled(info, text, compiler))

    resolve.__annotations__ = {**connection_arguments(label), "info": Info,
                               "as_of": resolve.__annotations__["as_of"]}
    resolve.__name__ = field_name
    return strawberry.field(resolver=resolve, graphql_type=CONNECTIONS[label], name=field_name,
                            description=f"All {label} entities, filtered, sorted, paginated.")


def _root_namespace() -> dict[str, Any]:
    return {f"l_{name}": _list_field(name, label) for name, label in ROOT_LIST_FIELDS.items()}


@strawberry.type
class GraphQuery:
    @strawberry.field(description="Any entity by its id.")
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        compiler = compiler_for(info)
        proj = compiler.projection("n", "Entity", current_field(info).selections)
        text = f"MATCH (n:Entity {{id: {compiler.param(str(id))}}}) RETURN {proj} AS result"
        return await run_compiled(info, text, compiler)  # type: ignore[no-any-return]

    @strawberry.field(description="Entities by id, in the order asked (null where unknown).")
    async def nodes(self, info: Info, ids: list[strawberry.ID]) -> list[Node | None]:
        if len(ids) > MAX_NODES:
            raise ValueError(f"at most {MAX_NODES} ids per request")
        compiler = compiler_for(info)
        proj = compiler.projection("n", "Entity", current_field(info).selections)
        text = (f"RETURN [i IN {compiler.param([str(i) for i in ids])} | "
                f"COLLECT {{ MATCH (n:Entity {{id: i}}) RETURN {proj} }}[0]] AS result")
        return await run_compiled(info, text, compiler)  # type: ignore[no-any-return]

    @strawberry.field(description="The nine service stages in taxonomy order.",
                      graphql_type=list[ServiceStageType])
    async def service_stages(self, info: Info) -> list[Any]:
        compiler = compiler_for(info)
        proj = compiler.projection("s", "ServiceStage", current_field(info).selections)
        text = (f"RETURN COLLECT {{ MATCH (s:ServiceStage) WITH s ORDER BY s.order "
                f"RETURN {proj} }} AS result")
        return await run_compiled(info, text, compiler)  # type: ignore[no-any-return]

    @strawberry.field(description="One service stage by code.",
                      graphql_type=ServiceStageType | None)
    async def service_stage(self, info: Info,
                            code: ServiceStageCode) -> Any:  # type: ignore[valid-type]
        compiler = compiler_for(info)
        proj = compiler.projection("s", "ServiceStage", current_field(info).selections)
        text = (f"MATCH (s:ServiceStage {{code: {compiler.param(codes(code))}}}) "
                f"RETURN {proj} AS result")
        return await run_compiled(info, text, compiler)  # type: ignore[no-any-return]

    @strawberry.field(description="Full-text search over English and Chinese names, by relevance.")
    async def search(self, info: Info, text: str,
                     kinds: list[EntityKind] | None = None,  # type: ignore[valid-type]
                     first: int = 20,
                     as_of: Annotated[int | None, strawberry.argument(
                         description=AS_OF_PRESENT_DESCRIPTION)] = None) -> list[SearchHit]:
        if not 0 < first <= MAX_SEARCH:
            raise ValueError(f"first must be between 1 and {MAX_SEARCH}")
        labels = None if kinds is None else codes(kinds)
        compiler = compiler_for(info)
        compiler.set_as_of(analysis_year(as_of))
        assert compiler.as_of is not None
        node_selections = [s for s in current_field(info).selections
                           if getattr(s, "name", None) == "node"]
        proj = compiler.projection("n", "Entity",
                                   [x for s in node_selections for x in s.selections])
        cypher = (
            f"CALL db.index.fulltext.queryNodes('{FULLTEXT_INDEX}', "
            f"{compiler.param(lucene_query(text))}) YIELD node AS n, score "
            f"WHERE ({compiler.param(labels)} IS NULL OR "
            f"any(l IN labels(n) WHERE l IN {compiler.param(labels)})) "
            f"AND {exists_in('n', compiler.as_of)} "
            f"WITH n, score ORDER BY score DESC, n.id LIMIT {compiler.param(first)} "
            f"RETURN collect({{node: {proj}, score: score}}) AS result"
        )
        return await run_compiled(info, cypher, compiler)  # type: ignore[no-any-return]


Query = strawberry.type(type("Query", (GraphQuery, SubgraphQuery, AnalysisQuery, PlanQuery,
                                      PilotQuery, ReportQuery),
                                _root_namespace()))

__all__ = ["Entity", "Query"]
