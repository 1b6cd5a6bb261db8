"""The strawberry Schema object."""

from __future__ import annotations

import strawberry

from schema.extensions import EXTENSIONS
from schema.query import Query
from schema.types import TYPE_BY_LABEL

schema = strawberry.Schema(query=Query, types=list(TYPE_BY_LABEL.values()), extensions=EXTENSIONS)
