"""Province-scoped editors: a mutation may touch only entities of the editor's provinces
(docs/api-auth.md); admin is never limited. Creates, updates and relationship changes run
the check as the first statement of their write transaction (`scope_check`), with the
entities write-locked, so a concurrent move cannot slip between check and write; deletes
and pilot steps check in one round-trip before the write (`require_in_scope`)."""

from collections.abc import Awaitable, Callable, Iterable

from neo4j import AsyncManagedTransaction

from graph.province_scope import lock_provinces, provinces_of
from schema.context import Info
from schema.errors import Forbidden
from schema.principal import Principal


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
    _refuse_outside(wanted, found, allowed, action)


def _refuse_outside(wanted: list[str], found: dict[str, set[str]], allowed: frozenset[str],
                    action: str) -> None:
    outside = [i for i in wanted if not found.get(i) or not found[i] <= allowed]
    if outside:
        raise Forbidden(f"{action}: {', '.join(outside)} "
                        f"{'is' if len(outside) == 1 else 'are'} outside your provinces "
                        f"({', '.join(sorted(allowed))})",
                        extensions={"outside": outside, "provinces": sorted(allowed)})


TxCheck = Callable[[AsyncManagedTransaction], Awaitable[None]]


def _limited(principal: Principal | None) -> frozenset[str] | None:
    if principal is None or not principal.province_limited:
        return None
    return principal.provinces or frozenset()


def scope_check(info: Info, ids: Iterable[str], action: str) -> TxCheck | None:
    """The check of require_in_scope as the first statement of the write transaction
    (None: nothing to check). It write-locks the entities before reading their provinces
    and raises FORBIDDEN inside the transaction, which is then rolled back."""
    allowed = _limited(info.context.principal)
    wanted = sorted({i for i in ids if i})
    if allowed is None or not wanted:
        return None
    info.context.cypher_calls += 1  # one statement, in the write's transaction

    async def check(tx: AsyncManagedTransaction) -> None:
        _refuse_outside(wanted, await lock_provinces(tx, wanted), allowed, action)

    return check
