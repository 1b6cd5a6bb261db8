"""FastAPI application factory: the composition root."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI, Request

from app.auth import Authenticator, request_principal, require_role
from app.export import router as export_router
from app.graphql_view import GraphQLView
from app.health import router as health_router
from app.limits import BodySizeLimit
from app.local_key import install_local_key
from app.settings import Settings, get_settings
from app.state import AppState
from app.web import install_web
from graph.driver import create_async_driver
from schema.context import Context
from schema.principal import Role
from schema.schema import schema

log = logging.getLogger("stsgraph")


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        driver = create_async_driver(settings.effective_neo4j_uri, settings.neo4j_user,
                                     settings.neo4j_password, settings.neo4j_pool_size)
        state = AppState(settings, driver)
        app.state.stsgraph = state
        try:
            await driver.verify_connectivity()
            await state.ensure_migrated()
        except Exception as e:  # start anyway: /readyz reports it and recovery is automatic
            log.warning("Neo4j not available at start-up (%s); serving, /readyz is failing", e)
        try:
            yield
        finally:
            await driver.close()

    async def get_context(request: Request) -> Context:
        state: AppState = request.app.state.stsgraph
        return Context(driver=state.driver, settings=state.settings,
                       principal=request_principal(request))

    authenticator = Authenticator.from_settings(settings)  # bad key config stops start-up
    app = FastAPI(title="stsgraph", version="0.1.0", lifespan=lifespan)
    install_local_key(app, authenticator, settings)  # development only (app/local_key.py)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    app.include_router(health_router)
    app.include_router(export_router, dependencies=[
        Depends(require_role(authenticator, Role.VIEWER, settings.anonymous_read))])
    app.include_router(GraphQLView(schema, get_context, settings, authenticator).router(),
                       prefix="/graphql")
    install_web(app, settings)  # the explorer at /, CORS
    return app
