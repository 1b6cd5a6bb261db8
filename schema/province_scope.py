"""Province-scoped editors: a mutation may touch only entities of the editor's provinces
(docs/api-auth.md). Checked before the write, in one round-trip; admin is never limited."""

from collections.abc import Iterable

from graph.province_scope import provinces_of
from schema.context import Info
from schema.errors import Forbidden


async def require_in_scope(info: Info, ids: Iterable[str], action: str) -> None:
    """FORBIDDEN, listing the ids, when a province-scoped editor's `action` would touch an
    entity outside its provinces (or one that belongs to no province)."""
    principal = info.context.principal
    wanted = sorted({i for i in ids if i})
    if principal is None or not principal.province_limited or not wanted:
        return
    allowed = principal.provinces or frozenset()
    info.context.cypher_calls += 1
    found = await provinces_of(info.context.driver, wanted,
                               info.context.settings.neo4j_database)
    outside = [i for i in wanted if not found.get(i) or not found[i] <= allowed]
    if outside:
        raise Forbidden(f"{action}: {', '.join(outside)} "
                        f"{'is' if len(outside) == 1 else 'are'} outside your provinces "
                        f"({', '.join(sorted(allowed))})",
                        extensions={"outside": outside, "provinces": sorted(allowed)})
