"""Give every error of an operation its `extensions.code` (schema/errors.py).

First in EXTENSIONS so that it runs last on the way out, after the other extensions have
added their errors. Unexpected errors are masked as INTERNAL unless `settings.debug`.
Importing it also stops strawberry from logging client-caused errors (only INTERNAL and
DATABASE_UNAVAILABLE ones are logged, with their traceback).
"""

from __future__ import annotations

from collections.abc import Iterator

from strawberry.extensions import SchemaExtension

from schema.errors import quiet_client_errors, with_codes

quiet_client_errors()  # strawberry would log every client mistake with a traceback


class ErrorCodes(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        errors = getattr(result, "errors", None)
        if result is not None and errors:
            settings = getattr(self.execution_context.context, "settings", None)
            result.errors = with_codes(errors, debug=bool(getattr(settings, "debug", False)))
