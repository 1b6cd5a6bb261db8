"""Liveness, readiness and Prometheus metrics endpoints.

`/healthz` and `/readyz` are open (orchestrators probe them) and tell nothing about the
deployment: the reason Neo4j is unreachable is logged, not returned. `/metrics` is
included by app/main.py behind the read rule (viewer, or anonymous with anonymous_read).
"""

from __future__ import annotations

import asyncio
import logging

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from app.state import AppState
from graph import queries

log = logging.getLogger("stsgraph")
router = APIRouter()
metrics_router = APIRouter()
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
    except Exception as e:  # any failure means "not ready"; the reason goes to the log only
        state.metrics.neo4j_up.set(0)
        log.warning("not ready: %s", str(e) or type(e).__name__)
        return JSONResponse({"status": "unavailable"}, status_code=503)
    state.metrics.neo4j_up.set(1)
    return JSONResponse({"status": "ready"})


@metrics_router.get("/metrics")
async def metrics(request: Request) -> Response:
    state: AppState = request.app.state.stsgraph
    state.metrics.circuit_open.set(0 if state.breaker.state == "closed" else 1)
    try:  # loads are counted in the graph by `stsgraph load`, another process
        records, _, _ = await asyncio.wait_for(state.driver.execute_query(
            queries.LOAD_OUTCOMES, database_=state.settings.neo4j_database,
            routing_="r"), READY_TIMEOUT_S)
        for record in records:
            state.metrics.loads.labels(record["outcome"]).set(record["count"])
    except Exception as e:  # Neo4j down: the other metrics still answer
        log.info("load counts unavailable for /metrics: %s", e)
    return Response(generate_latest(state.metrics.registry), media_type=CONTENT_TYPE_LATEST)
