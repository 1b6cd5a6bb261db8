"""The strawberry Schema object."""

from __future__ import annotations

import strawberry

from schema.extensions import EXTENSIONS
from schema.mutation import Mutation
from schema.query import Query
from schema.types import TYPES

schema = strawberry.Schema(query=Query, mutation=Mutation, types=list(TYPES.values()),
                           extensions=EXTENSIONS)
