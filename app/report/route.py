"""`GET /reports/annual?region=…&year=…&format=…&lang=…`: the annual report as a file, for the
planner role (the same credentials as GraphQL). Errors have the API's one shape
(app/export.py): a bad argument is BAD_USER_INPUT with HTTP 400, naming the argument."""

from __future__ import annotations

import asyncio
import re
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from analysis.report import ReportError, annual_report
from app.export import ExportRoute
from app.progress_view import read_figures
from app.report.render import MEDIA_TYPES, check_format, render
from app.state import AppState
from graph import projections
from graph.time import present_year
from schema.errors import BadUserInput

router = APIRouter(prefix="/reports", tags=["reports"], route_class=ExportRoute)


@router.get("/annual")
async def annual(request: Request, year: int,
                 region: Annotated[str | None, Query()] = None,
                 format: Annotated[str, Query()] = "pdf",
                 lang: Annotated[str, Query()] = "zh") -> Response:
    try:
        fmt = check_format(format)
    except ValueError as e:
        raise BadUserInput(f"format: {e}", extensions={"argument": "format"}) from e
    state: AppState = request.app.state.stsgraph
    H, figures = await asyncio.gather(
        projections.project_whole(state.driver, state.settings.neo4j_database,
                                  state.settings.neo4j_query_timeout_s, as_of=None),
        read_figures(state.driver, state.settings.neo4j_database))
    try:
        report = await asyncio.to_thread(annual_report, H, region, year, lang, None,
                                         present_year(), figures)
    except ReportError as e:
        raise BadUserInput(f"{e.argument}: {e}", extensions={"argument": e.argument}) from e
    content = await asyncio.to_thread(render, report, fmt)
    name = re.sub(r"[^A-Za-z0-9._-]", "_", f"report-{region or 'national'}-{year}.{fmt}")
    return Response(content, media_type=MEDIA_TYPES[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
