"""Schema extensions (one per module); EXTENSIONS is the ordered list the schema uses."""

from __future__ import annotations

from typing import Any

from schema.extensions.cost import QueryCost
from schema.extensions.direct_reads import DirectReads
from schema.extensions.document_cache import DocumentCache
from schema.extensions.error_codes import ErrorCodes
from schema.extensions.limits import QueryLimits
from schema.extensions.metrics import OperationMetrics
from schema.extensions.permissions import Permissions
from schema.extensions.roundtrips import CypherRoundTrips

# OperationMetrics first and ErrorCodes next: extensions exit in reverse order, so
# ErrorCodes sees every other one's errors and OperationMetrics sees them coded.
# Permissions, then QueryCost, then DocumentCache: their `on_validate` run in this order
# before validation, so who may not run the operation is refused first, a document too
# large to validate cheaply next, and only then may a cached validation skip the rest.
# DocumentCache after QueryLimits, whose limits are part of what it caches under.
EXTENSIONS: list[Any] = [OperationMetrics, ErrorCodes, QueryLimits, Permissions, QueryCost, DocumentCache,
                         CypherRoundTrips, DirectReads]
