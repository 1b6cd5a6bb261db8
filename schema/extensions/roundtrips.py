"""Report the Cypher round-trips an operation made, in the response's `extensions`.

Clients and tests see `extensions.cypherRoundTrips`; with the compiled-query design it
equals the number of root fields, whatever the nesting depth.
"""

from __future__ import annotations

from typing import Any

from strawberry.extensions import SchemaExtension


class CypherRoundTrips(SchemaExtension):
    def get_results(self) -> dict[str, Any]:
        context = self.execution_context.context
        calls = getattr(context, "cypher_calls", None)
        return {} if calls is None else {"cypherRoundTrips": calls}
