"""Schema extensions (one per module); EXTENSIONS is the ordered list the schema uses."""

from __future__ import annotations

from typing import Any

from schema.extensions.error_codes import ErrorCodes
from schema.extensions.limits import QueryLimits
from schema.extensions.permissions import Permissions
from schema.extensions.roundtrips import CypherRoundTrips

# ErrorCodes first: extensions exit in reverse order, so it sees every other one's errors.
EXTENSIONS: list[Any] = [ErrorCodes, QueryLimits, Permissions, CypherRoundTrips]
