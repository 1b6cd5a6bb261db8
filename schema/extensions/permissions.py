"""Refuse an operation the caller's role does not allow, before any costly step.

As soon as the document is parsed — before validation, whose cost grows with the document,
and before execution — the operation's required role is checked (schema/permissions.py:
the check itself reads each fragment once): a refused operation is a request error (no
`data`) with code UNAUTHENTICATED or FORBIDDEN. The caller is `context.principal` (None:
anonymous), who, when anonymous reads are off, is refused whatever the document.

When the document does not say which operation to run (several operations and no
`operationName`, or an unknown one), the check waits until validation has reported the
document's own errors; then, just before execution, such a document is refused, as
strawberry would otherwise quietly run its first operation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from graphql import ExecutionResult, GraphQLError, OperationDefinitionNode
from strawberry.extensions import SchemaExtension

from schema.errors import ApiError, BadUserInput
from schema.permissions import authorize, check_role
from schema.principal import Role


class Permissions(SchemaExtension):
    checked = False  # the role was checked before validation

    def on_validate(self) -> Iterator[None]:
        ctx = self.execution_context
        if ctx.graphql_document is not None and not ctx.pre_execution_errors:
            error = self._guard(self._before_validation)
            if error is not None:  # set before validation: replaces validation and execution
                ctx.pre_execution_errors = [error]
        yield

    def on_execute(self) -> Iterator[None]:
        if self.execution_context.graphql_document is not None and not self.checked:
            error = self._guard(self._before_execution)
            if error is not None:  # a result set here replaces the execution
                self.execution_context.result = ExecutionResult(data=None, errors=[error])
        yield

    def _caller(self) -> tuple[Any, bool]:
        context: Any = self.execution_context.context
        settings = getattr(context, "settings", None)
        return getattr(context, "principal", None), bool(getattr(settings, "anonymous_read",
                                                                 False))

    def _unnamed_of_several(self) -> bool:
        document = self.execution_context.graphql_document
        assert document is not None
        return getattr(self.execution_context, "_provided_operation_name", None) is None \
            and sum(isinstance(d, OperationDefinitionNode) for d in document.definitions) > 1

    def _before_validation(self) -> None:
        principal, anonymous_read = self._caller()
        if self._unnamed_of_several():
            # Which operation would run is unknown, so only what every operation needs is
            # checked here; the rest waits for validation to report the document's errors.
            refusal = check_role(principal, Role.VIEWER, anonymous_read)
            if refusal is not None:
                raise refusal
            return
        authorize(self.execution_context.graphql_document,  # type: ignore[arg-type]
                  self.execution_context.operation_name, principal, anonymous_read)
        self.checked = True

    def _before_execution(self) -> None:
        if self._unnamed_of_several():  # strawberry would quietly run the first
            raise BadUserInput("Must provide operation name if query contains multiple "
                               "operations.")
        principal, anonymous_read = self._caller()
        authorize(self.execution_context.graphql_document,  # type: ignore[arg-type]
                  self.execution_context.operation_name, principal, anonymous_read)

    @staticmethod
    def _guard(check: Callable[[], None]) -> GraphQLError | None:
        try:
            check()
        except ApiError as e:
            return GraphQLError(e.message, original_error=e)
        return None
