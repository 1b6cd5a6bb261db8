"""Domain errors raised by graph/; callers never see neo4j exceptions."""

from __future__ import annotations


class GraphError(Exception):
    """Base class of every error graph/ raises."""


class DatabaseUnavailableError(GraphError):
    """Neo4j cannot be reached or is not ready."""


class NotFoundError(GraphError):
    """An id that should exist does not."""


class ConflictError(GraphError):
    """A write would break a constraint (duplicate id, wrong kind for an id, ...).

    `details` are facts a client can act on, e.g. `{"id": ..., "existingKind": "Park"}`.
    """

    def __init__(self, message: str, **details: str) -> None:
        super().__init__(message)
        self.details = details


class QueryTimeoutError(GraphError):
    """A Cypher transaction ran past its time limit."""
