"""Per-request GraphQL context, and the settings the GraphQL layer reads.

`RequestSettings` names exactly what schema/ needs from the process settings; app/'s
pydantic `Settings` satisfies it structurally, so schema/ never imports app/.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from neo4j import AsyncDriver
from strawberry.fastapi import BaseContext
from strawberry.types import Info as StrawberryInfo

from schema.principal import Principal


class RequestSettings(Protocol):
    """The settings a GraphQL request reads (app.settings.Settings has them all)."""

    @property
    def neo4j_database(self) -> str: ...
    @property
    def neo4j_query_timeout_s(self) -> float: ...
    @property
    def default_page_size(self) -> int: ...
    @property
    def max_page_size(self) -> int: ...
    @property
    def max_depth(self) -> int: ...
    @property
    def max_aliases(self) -> int: ...
    @property
    def max_tokens(self) -> int: ...
    @property
    def max_selections(self) -> int: ...
    @property
    def max_input_objects(self) -> int: ...
    @property
    def anonymous_read(self) -> bool: ...
    @property
    def introspection(self) -> bool: ...
    @property
    def analysis_cache_s(self) -> float: ...
    @property
    def debug(self) -> bool: ...


class OperationObserver(Protocol):
    """Told about every operation (app/observability.py's Metrics is one)."""

    def operation(self, name: str | None, kind: str, seconds: float,
                  codes: list[str]) -> None: ...


@dataclass
class Context(BaseContext):
    driver: AsyncDriver
    settings: RequestSettings
    cypher_calls: int = 0  # round-trips this request made; tests assert on it
    principal: Principal | None = None  # the authenticated caller; None: anonymous
    observer: OperationObserver | None = None  # metrics of each operation

    def __post_init__(self) -> None:
        super().__init__()


Info = StrawberryInfo[Context, None]
