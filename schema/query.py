"""Root query fields."""

from __future__ import annotations

import base64

import strawberry

from graph import repository
from schema.context import Info
from schema.types import Entity, Park, entity_from_record

MAX_FIRST = 500


def encode_cursor(entity_id: str) -> str:
    return base64.urlsafe_b64encode(entity_id.encode()).decode()


def decode_cursor(cursor: str) -> str:
    try:
        return base64.urlsafe_b64decode(cursor.encode()).decode()
    except (ValueError, UnicodeDecodeError) as e:
        raise ValueError(f"invalid cursor {cursor!r}") from e


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class ParkEdge:
    node: Park
    cursor: str


@strawberry.type
class ParkConnection:
    edges: list[ParkEdge]
    page_info: PageInfo
    total_count: int


@strawberry.type
class Query:
    @strawberry.field(description="Any entity by its id.")
    async def node(self, info: Info, id: strawberry.ID) -> Entity | None:
        ctx = info.context
        row = await repository.get_entity(ctx.driver, str(id), ctx.settings.neo4j_database)
        return entity_from_record(row.label, row.props) if row else None

    @strawberry.field(description="National and provincial high-tech parks, ordered by id.")
    async def parks(self, info: Info, first: int = 20, after: str | None = None) -> ParkConnection:
        ctx = info.context
        if not 0 <= first <= MAX_FIRST:
            raise ValueError(f"first must be between 0 and {MAX_FIRST}")
        after_id = decode_cursor(after) if after else None
        db = ctx.settings.neo4j_database
        rows = await repository.list_entities(ctx.driver, "Park", first + 1, after_id, db)
        total = await repository.count_entities(ctx.driver, "Park", db)
        edges = [ParkEdge(node=Park.from_props(r.props), cursor=encode_cursor(r.id))
                 for r in rows[:first]]
        return ParkConnection(
            edges=edges,
            page_info=PageInfo(has_next_page=len(rows) > first,
                               end_cursor=edges[-1].cursor if edges else None),
            total_count=total,
        )
