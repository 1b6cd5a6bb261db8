"""HTTP export of visualization subgraphs: `format` is graphml, gexf, cytoscape, graphology or
vis (graph/export.py says what each is).

Errors — bad parameters, unknown ids, credentials, Neo4j down — come back in GraphQL's error
shape and codes, `{"errors": [{"message", "extensions": {"code"}}]}`, with the status a
GraphQL request error of that code gets (schema/errors.py HTTP_STATUS): one error contract
for the whole API.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Coroutine
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, HTTPException, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from graphql import GraphQLError

from app.auth import WWW_AUTHENTICATE
from app.state import AppState
from graph import subgraph
from graph.export import EXTENSIONS, FORMATS, serialize
from graph.time import MAX_AS_OF, MIN_AS_OF
from schema.errors import (
    HTTP_STATUS,
    BadUserInput,
    ErrorCode,
    Forbidden,
    Unauthenticated,
    error_code,
    with_code,
)

log = logging.getLogger("stsgraph")

_HTTP_CODES = {400: BadUserInput, 401: Unauthenticated, 403: Forbidden}


def _validation_message(error: RequestValidationError) -> str:
    parts = []
    for item in error.errors():
        where = ".".join(str(p) for p in item.get("loc", ()) if p not in ("query", "path"))
        parts.append(f"{where}: {item.get('msg', 'invalid')}" if where else
                     str(item.get("msg", "invalid")))
    return "; ".join(parts) or "invalid request"


def error_response(exc: Exception, debug: bool) -> Response:
    """The GraphQL-shaped error body and status for an exception raised by an export route."""
    headers: dict[str, str] = {}
    if isinstance(exc, RequestValidationError):
        exc = BadUserInput(_validation_message(exc))
    elif isinstance(exc, HTTPException):
        headers = dict(exc.headers or {})
        exc = _HTTP_CODES.get(exc.status_code, BadUserInput)(str(exc.detail))
    error = with_code(GraphQLError(str(exc), original_error=exc), debug)
    code = error_code(error)
    if code is ErrorCode.INTERNAL:
        log.error("export failed", exc_info=exc)
    if code is ErrorCode.UNAUTHENTICATED:
        headers.setdefault("WWW-Authenticate", WWW_AUTHENTICATE)
    return Response(orjson.dumps({"errors": [error.formatted]}), status_code=HTTP_STATUS[code],
                    headers=headers, media_type="application/json")


class ExportRoute(APIRoute):
    """Routes whose every failure, parameter validation and the auth dependency included,
    is answered by error_response."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def guarded(request: Request) -> Response:
            try:
                return await handler(request)
            except Exception as e:
                state: AppState | None = getattr(request.app.state, "stsgraph", None)
                return error_response(e, bool(state and state.settings.debug))

        return guarded


router = APIRouter(prefix="/export", tags=["export"], route_class=ExportRoute)

Format = Annotated[str, Query(pattern=f"^({'|'.join(FORMATS)})$")]
Types = Annotated[list[str] | None, Query(alias="type")]
# The year to read the graph as of (DESIGN.md section 8); omitted: the present.
AsOf = Annotated[int | None, Query(alias="asOf", ge=MIN_AS_OF, le=MAX_AS_OF)]


def _respond(sub: subgraph.Subgraph, fmt: str, name: str) -> Response:
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", name)  # ids are free text; headers are not
    headers: dict[str, Any] = {
        "Content-Disposition": f'attachment; filename="{safe}.{EXTENSIONS[fmt]}"'}
    return Response(serialize(sub, fmt), media_type=FORMATS[fmt], headers=headers)


@router.get("/neighborhood/{entity_id}")
async def export_neighborhood(request: Request, entity_id: str, format: Format = "graphml",
                              depth: Annotated[int, Query(ge=1, le=3)] = 1,
                              limit: Annotated[int, Query(ge=1, le=subgraph.MAX_LIMIT)] = 500,
                              types: Types = None, as_of: AsOf = None) -> Response:
    state: AppState = request.app.state.stsgraph
    sub = await subgraph.neighborhood(
        state.driver, entity_id, depth, types, limit, state.settings.neo4j_query_timeout_s,
        state.settings.neo4j_database, as_of=as_of)
    return _respond(sub, format, f"neighborhood-{entity_id}")


@router.get("/shortest-path")
async def export_shortest_path(request: Request,
                               from_id: Annotated[str, Query(alias="from")],
                               to_id: Annotated[str, Query(alias="to")],
                               format: Format = "graphml", types: Types = None,
                               as_of: AsOf = None) -> Response:
    state: AppState = request.app.state.stsgraph
    sub = await subgraph.shortest_path(
        state.driver, from_id, to_id, types, timeout_s=state.settings.neo4j_query_timeout_s,
        database=state.settings.neo4j_database, as_of=as_of)
    return _respond(sub, format, f"path-{from_id}-{to_id}")
