"""Refuse an operation the caller's role does not allow, before any resolver runs.

Runs once the document is parsed and valid, just before execution: a refused operation is
a request error (no `data`) with code UNAUTHENTICATED or FORBIDDEN; see
schema/permissions.py for the rules. The caller is `context.principal` (None: anonymous).
It also refuses a document of several operations sent without `operationName`, which
strawberry would otherwise answer by running the first one.
"""

from __future__ import annotations

from collections.abc import Iterator

from graphql import ExecutionResult, GraphQLError, OperationDefinitionNode
from strawberry.extensions import SchemaExtension

from schema.errors import ApiError, BadUserInput
from schema.permissions import authorize


class Permissions(SchemaExtension):
    def on_execute(self) -> Iterator[None]:
        context = self.execution_context.context
        document = self.execution_context.graphql_document
        settings = getattr(context, "settings", None)
        if document is not None:
            try:
                if getattr(self.execution_context, "_provided_operation_name", None) is None \
                        and sum(isinstance(d, OperationDefinitionNode)
                                for d in document.definitions) > 1:
                    # strawberry would quietly run the first; the GraphQL spec says no
                    raise BadUserInput("Must provide operation name if query contains "
                                       "multiple operations.")
                authorize(document, self.execution_context.operation_name,
                          getattr(context, "principal", None),
                          bool(getattr(settings, "anonymous_read", False)))
            except ApiError as e:
                # A result set before execution starts replaces the execution.
                self.execution_context.result = ExecutionResult(
                    data=None, errors=[GraphQLError(e.message, original_error=e)])
        yield
