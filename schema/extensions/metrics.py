"""Report each operation — name, type, duration, error codes — to `context.observer`.

The observer (schema/context.py `OperationObserver`; the app's Prometheus metrics) is
optional: without one this does nothing. Place it first in EXTENSIONS so it exits last,
after ErrorCodes has given every error its code.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from strawberry.extensions import SchemaExtension

from schema.errors import error_code


class OperationMetrics(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        start = time.perf_counter()
        yield
        ctx = self.execution_context
        observer = getattr(ctx.context, "observer", None)
        if observer is None:
            return
        try:
            kind = ctx.operation_type.value
        except Exception:  # no operation could be picked (the document is invalid)
            kind = "unknown"
        errors = getattr(ctx.result, "errors", None) or []
        observer.operation(ctx.operation_name, kind, time.perf_counter() - start,
                           [str(error_code(e)) for e in errors])
