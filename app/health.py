"""Liveness, readiness and Prometheus metrics endpoints."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from app.state import AppState
from graph import queries

router = APIRouter()
READY_TIMEOUT_S = 2.0


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is up; says nothing about Neo4j."""
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(request: Request) -> JSONResponse:
    """200 when Neo4j answers a query (migrations are applied on first success), else 503."""
    state: AppState = request.app.state.stsgraph
    try:
        await asyncio.wait_for(
            state.driver.execute_query(queries.PING, database_=state.settings.neo4j_database),
            READY_TIMEOUT_S,
        )
        await state.ensure_migrated()
    except Exception as e:  # any failure means "not ready"; the reason is reported
        state.metrics.neo4j_up.set(0)
        return JSONResponse({"status": "unavailable", "neo4j": str(e) or type(e).__name__},
                            status_code=503)
    state.metrics.neo4j_up.set(1)
    return JSONResponse({"status": "ready", "neo4j": state.settings.effective_neo4j_uri})


@router.get("/metrics")
async def metrics(request: Request) -> Response:
    state: AppState = request.app.state.stsgraph
    return Response(generate_latest(state.metrics.registry), media_type=CONTENT_TYPE_LATEST)
