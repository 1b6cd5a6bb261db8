"""Which role an operation needs, decided from the parsed document before anything runs.

- a mutation needs `editor`;
- a query selecting any analysis root field (ANALYSIS_FIELDS) needs `planner`;
- any other query needs `viewer`, or nothing when `anonymous_read` is on.

Root fields are read through inline fragments and fragment spreads, ignoring @skip and
@include (a field that might run counts). `admin` may do everything. No credentials where
some are needed is UNAUTHENTICATED; a role too weak is FORBIDDEN.
"""

from __future__ import annotations

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
)
from graphql.utilities import get_operation_ast

from schema.errors import ApiError, BadUserInput, Forbidden, Unauthenticated
from schema.principal import Principal, Role

# Root query fields that run analyses (DESIGN.md section 6): planner and above.
ANALYSIS_FIELDS: frozenset[str] = frozenset({
    "serviceChainGaps",
    "integrationScore",
    "clusterScores",
    "analysisFreshness",
    "planProgress",
    "pilotCandidates",
    "centrality",
    "communities",
    "whatIf",
    "fundingMatch",
    "brokers",
    "timeline",
    "annualReport",
})

OPERATION_ROLES: dict[OperationType, Role] = {
    OperationType.QUERY: Role.VIEWER,
    OperationType.MUTATION: Role.EDITOR,
    OperationType.SUBSCRIPTION: Role.EDITOR,
}


def root_field_names(document: DocumentNode, operation: OperationDefinitionNode) -> set[str]:
    """Names (not aliases) of the operation's root fields, through fragments."""
    fragments = {d.name.value: d for d in document.definitions
                 if isinstance(d, FragmentDefinitionNode)}
    names: set[str] = set()
    seen: set[str] = set()

    def walk(selection_set: SelectionSetNode) -> None:
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                names.add(selection.name.value)
            elif isinstance(selection, InlineFragmentNode):
                walk(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = fragments.get(name)
                if fragment is not None and name not in seen:
                    seen.add(name)
                    walk(fragment.selection_set)

    walk(operation.selection_set)
    return names


def required_role(document: DocumentNode, operation_name: str | None = None) -> Role:
    """The least role that may run the named (or only) operation of the document."""
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        raise BadUserInput("cannot tell which operation to run" if operation_name is None
                           else f"unknown operation {operation_name!r}")
    role = OPERATION_ROLES[operation.operation]
    if operation.operation is OperationType.QUERY and \
            root_field_names(document, operation) & ANALYSIS_FIELDS:
        role = Role.PLANNER
    return role


def check_role(principal: Principal | None, required: Role,
               anonymous_read: bool) -> ApiError | None:
    """None when allowed, else the error to answer with."""
    if principal is None:
        if required is Role.VIEWER and anonymous_read:
            return None
        what = "reading" if required is Role.VIEWER else f"the {required.label} role"
        return Unauthenticated(f"authentication required: this needs {what}; send an API "
                               "key (X-API-Key) or a bearer token")
    if principal.has(required):
        return None
    return Forbidden(f"this operation needs the {required.label} role; "
                     f"{principal.subject} has {principal.role.label}")


def authorize(document: DocumentNode, operation_name: str | None,
              principal: Principal | None, anonymous_read: bool) -> None:
    """Raise Unauthenticated / Forbidden (or BadUserInput) unless the caller may run it."""
    error = check_role(principal, required_role(document, operation_name), anonymous_read)
    if error is not None:
        raise error
