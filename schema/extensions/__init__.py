"""Schema extensions (one per module); EXTENSIONS is the ordered list the schema uses."""

from __future__ import annotations

from typing import Any

from schema.extensions.direct_reads import DirectReads
from schema.extensions.document_cache import DocumentCache
from schema.extensions.error_codes import ErrorCodes
from schema.extensions.limits import QueryLimits
from schema.extensions.permissions import Permissions
from schema.extensions.roundtrips import CypherRoundTrips

# ErrorCodes first: extensions exit in reverse order, so it sees every other one's errors.
# DocumentCache after QueryLimits, whose limits are part of what it caches under.
EXTENSIONS: list[Any] = [ErrorCodes, QueryLimits, DocumentCache, Permissions, CypherRoundTrips,
                         DirectReads]
