"""FastAPI application factory: the composition root."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse

from analysis import backends
from app.auth import Authenticator, request_principal, require_role
from app.export import router as export_router
from app.graphql_view import GraphQLView
from app.health import metrics_router
from app.health import router as health_router
from app.limits import BodySizeLimit
from app.loads import router as loads_router
from app.local_key import install_local_key
from app.observability import Metrics, Tracing, cypher_observer
from app.report.route import router as report_router
from app.settings import Settings, get_settings
from app.state import AppState, rate_limiter
from app.web import install_web
from graph.driver import create_async_driver
from graph.guarded import CircuitBreaker, guard
from schema.context import Context
from schema.errors import INTERNAL_MESSAGE, ErrorCode
from schema.principal import Role
from schema.schema import build_schema
from schema.schema import schema as default_schema

log = logging.getLogger("stsgraph")


def create_app(settings: Settings | None = None, *, span_exporter: Any = None) -> FastAPI:
    """The app. `span_exporter` (tests) turns tracing on with that exporter instead of OTLP."""
    settings = settings or get_settings()
    backends.set_backend(settings.analysis_backend)  # igraph asked for but missing: stop here
    log.info("whole-graph analyses computed by %s", backends.resolve_backend())
    authenticator = Authenticator.from_settings(settings)  # bad key config stops start-up
    metrics = Metrics()
    breaker = CircuitBreaker(settings.neo4j_retry_after_s)
    tracing = Tracing(settings.otel_service_name, settings.otel_endpoint, span_exporter) \
        if settings.otel_endpoint or span_exporter is not None else None
    schema = default_schema if tracing is None else \
        build_schema(extra_extensions=[tracing.schema_extension()])

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        raw = create_async_driver(settings.effective_neo4j_uri, settings.neo4j_user,
                                  settings.neo4j_password, settings.neo4j_pool_size)
        driver = guard(raw, breaker, cypher_observer(metrics, tracing))
        state = AppState(settings, driver, metrics, breaker, tracing)
        app.state.stsgraph = state
        try:
            await raw.verify_connectivity()
            await state.ensure_migrated()
        except Exception as e:  # start anyway: /readyz reports it and recovery is automatic
            log.warning("Neo4j not available at start-up (%s); serving, /readyz is failing", e)
        try:
            yield  # uvicorn lets requests in flight finish before this resumes
        finally:
            await raw.close()
            if tracing is not None:
                tracing.shutdown()

    async def get_context(request: Request) -> Context:
        state: AppState = request.app.state.stsgraph
        return Context(driver=state.driver, settings=state.settings,
                       principal=request_principal(request), observer=state.metrics)

    readers = [Depends(require_role(authenticator, Role.VIEWER, settings.anonymous_read))]
    app = FastAPI(title="stsgraph", version="0.1.0", lifespan=lifespan, docs_url=None,
                  redoc_url=None, openapi_url=None)
    install_local_key(app, authenticator, settings)  # development only (app/local_key.py)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes,
                       path_limits={"/loads": settings.load_max_bytes})
    if tracing is not None:
        middleware, options = tracing.asgi_middleware()
        app.add_middleware(middleware, **options)
    app.add_exception_handler(Exception, _internal_error)
    app.include_router(health_router)
    app.include_router(export_router, dependencies=readers)
    app.include_router(metrics_router, dependencies=readers)
    # The annual report runs the analyses: the planner role, as their GraphQL fields.
    app.include_router(report_router, dependencies=[
        Depends(require_role(authenticator, Role.PLANNER, anonymous_allowed=False))])
    # Dataset loads over HTTP write the graph: editors (and admin), as the mutations.
    app.include_router(loads_router, dependencies=[
        Depends(require_role(authenticator, Role.EDITOR, anonymous_allowed=False))])
    _api_docs(app, readers)
    app.include_router(GraphQLView(schema, get_context, settings, authenticator, metrics,
                                   rate_limiter(settings)).router(), prefix="/graphql")
    install_web(app, settings)  # the explorer at /, CORS
    return app


def _api_docs(app: FastAPI, dependencies: list[Any]) -> None:
    """/openapi.json, /docs and /redoc, readable under the same rule as the API's reads."""

    @app.get("/openapi.json", include_in_schema=False, dependencies=dependencies)
    async def openapi() -> JSONResponse:
        return JSONResponse(app.openapi())

    @app.get("/docs", include_in_schema=False, dependencies=dependencies)
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/openapi.json", title="stsgraph")

    @app.get("/redoc", include_in_schema=False, dependencies=dependencies)
    async def redoc() -> HTMLResponse:
        return get_redoc_html(openapi_url="/openapi.json", title="stsgraph")


async def _internal_error(request: Request, exc: Exception) -> JSONResponse:
    """Whatever escaped a route: logged, answered as JSON (never a plain-text 500)."""
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return JSONResponse({"errors": [{"message": INTERNAL_MESSAGE,
                                     "extensions": {"code": str(ErrorCode.INTERNAL)}}]},
                        status_code=500)
