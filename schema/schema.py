"""The strawberry Schema object."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import strawberry

from schema.execution import FastListExecutor
from schema.extensions import EXTENSIONS
from schema.mutation import Mutation
from schema.query import Query
from schema.types import TYPES


def build_schema(*, fast_lists: bool = True, extra_extensions: Sequence[Any] = ()
                 ) -> strawberry.Schema:
    """The API's schema; `fast_lists=False` executes it with plain graphql-core completion
    (schema/execution.py explains the shortcut), for comparisons in tests and benchmarks.
    `extra_extensions` come after the standard ones (the app's tracing extension)."""
    return strawberry.Schema(query=Query, mutation=Mutation, types=list(TYPES.values()),
                             extensions=[*EXTENSIONS, *extra_extensions],
                             execution_context_class=FastListExecutor if fast_lists else None)


schema = build_schema()
