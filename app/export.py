"""HTTP export of visualization subgraphs (GraphML, GEXF, Cytoscape.js JSON)."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request, Response

from app.state import AppState
from graph import subgraph
from graph.errors import DatabaseUnavailableError, NotFoundError
from graph.export import FORMATS, serialize
from graph.time import MAX_AS_OF, MIN_AS_OF

router = APIRouter(prefix="/export", tags=["export"])

Format = Annotated[str, Query(pattern="^(graphml|gexf|cytoscape)$")]
Types = Annotated[list[str] | None, Query(alias="type")]
# The year to read the graph as of (DESIGN.md section 8); omitted: the present.
AsOf = Annotated[int | None, Query(alias="asOf", ge=MIN_AS_OF, le=MAX_AS_OF)]


def _respond(sub: subgraph.Subgraph, fmt: str, name: str) -> Response:
    extension = "json" if fmt == "cytoscape" else fmt
    return Response(serialize(sub, fmt), media_type=FORMATS[fmt], headers={
        "Content-Disposition": f'attachment; filename="{name}.{extension}"'})


async def _guarded(coro: Awaitable[subgraph.Subgraph]) -> subgraph.Subgraph:
    try:
        return await coro
    except NotFoundError as e:
        raise HTTPException(404, str(e)) from e
    except ValueError as e:
        raise HTTPException(400, str(e)) from e
    except DatabaseUnavailableError as e:
        raise HTTPException(503, str(e)) from e


@router.get("/neighborhood/{entity_id}")
async def export_neighborhood(request: Request, entity_id: str, format: Format = "graphml",
                              depth: Annotated[int, Query(ge=1, le=3)] = 1,
                              limit: Annotated[int, Query(ge=1, le=subgraph.MAX_LIMIT)] = 500,
                              types: Types = None, as_of: AsOf = None) -> Response:
    state: AppState = request.app.state.stsgraph
    sub = await _guarded(subgraph.neighborhood(
        state.driver, entity_id, depth, types, limit, state.settings.neo4j_query_timeout_s,
        state.settings.neo4j_database, as_of=as_of))
    return _respond(sub, format, f"neighborhood-{entity_id}")


@router.get("/shortest-path")
async def export_shortest_path(request: Request,
                               from_id: Annotated[str, Query(alias="from")],
                               to_id: Annotated[str, Query(alias="to")],
                               format: Format = "graphml", types: Types = None,
                               as_of: AsOf = None) -> Response:
    state: AppState = request.app.state.stsgraph
    sub = await _guarded(subgraph.shortest_path(
        state.driver, from_id, to_id, types, timeout_s=state.settings.neo4j_query_timeout_s,
        database=state.settings.neo4j_database, as_of=as_of))
    return _respond(sub, format, f"path-{from_id}-{to_id}")
