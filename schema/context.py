"""Per-request GraphQL context."""

from __future__ import annotations

from dataclasses import dataclass

from neo4j import AsyncDriver
from strawberry.fastapi import BaseContext
from strawberry.types import Info as StrawberryInfo

from app.auth import Principal
from app.settings import Settings


@dataclass
class Context(BaseContext):
    driver: AsyncDriver
    settings: Settings
    cypher_calls: int = 0  # round-trips this request made; tests assert on it
    principal: Principal | None = None  # the authenticated caller; None: anonymous

    def __post_init__(self) -> None:
        super().__init__()


Info = StrawberryInfo[Context, None]
