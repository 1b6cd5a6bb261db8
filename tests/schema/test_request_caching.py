"""Per-request work done once: documents parsed and validated once per text and limits
(schema/extensions/document_cache.py), compiled-map fields resolved by plain functions
(schema/extensions/direct_reads.py). Pure unit tests: nothing here reaches Neo4j.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest
import strawberry.schema.schema as strawberry_schema
from graphql import GraphQLObjectType

from app.settings import Settings
from schema.context import Context
from schema.extensions import direct_reads, document_cache
from schema.schema import schema


class _NoDatabase:
    async def execute_query(self, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("no database in this test")


def run(query: str, **settings: Any) -> Any:
    context = Context(driver=_NoDatabase(), settings=Settings(**settings))  # type: ignore[arg-type]
    return asyncio.run(schema.execute(query, context_value=context))


@pytest.fixture
def counts(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    seen = {"parse": 0, "validate": 0}
    parse, validate = document_cache.parse, strawberry_schema.validate_document

    def counting_parse(*args: Any, **kwargs: Any) -> Any:
        seen["parse"] += 1
        return parse(*args, **kwargs)

    def counting_validate(*args: Any, **kwargs: Any) -> Any:
        seen["validate"] += 1
        return validate(*args, **kwargs)

    monkeypatch.setattr(document_cache, "parse", counting_parse)
    monkeypatch.setattr(strawberry_schema, "validate_document", counting_validate)
    return seen


def unique(query: str) -> str:
    return f"{query} # {uuid.uuid4()}"


def test_a_query_text_is_parsed_and_validated_once(counts: dict[str, int]) -> None:
    query = unique("{ __typename }")
    for _ in range(3):
        result = run(query)
        assert result.errors is None and result.data == {"__typename": "Query"}
    assert counts == {"parse": 1, "validate": 1}


def test_invalid_documents_are_checked_and_reported_every_time(counts: dict[str, int]) -> None:
    query = unique("{ noSuchField }")
    for _ in range(2):
        result = run(query)
        assert result.data is None
        assert "Cannot query field 'noSuchField'" in result.errors[0].message
    assert counts["validate"] == 2
    broken = unique("{ parks(")
    for _ in range(2):
        result = run(broken)
        assert result.errors and "Syntax Error" in result.errors[0].message


def test_limits_are_part_of_what_is_cached() -> None:
    deep = unique("{ parks(first: 1) { edges { node { region { id } } } } }")
    # valid under the default depth limit (it then fails in the resolver: no database)...
    assert not any("depth" in e.message for e in run(deep).errors or ())
    # ...but not under a tighter one, although the same text was validated before
    errors = run(deep, max_depth=3).errors
    assert errors and "exceeds maximum operation depth of 3" in errors[0].message
    assert errors[0].extensions["code"] == "QUERY_TOO_COMPLEX"
    many = unique("{ " + " ".join(["__typename"] * 30) + " }")
    assert run(many).errors is None
    errors = run(many, max_tokens=20).errors
    assert errors and errors[0].extensions["code"] == "QUERY_TOO_COMPLEX"


def test_compiled_map_fields_get_plain_resolvers() -> None:
    run("{ __typename }")  # the first operation installs them
    graphql_schema = schema._schema
    agency = graphql_schema.type_map["Agency"]
    assert isinstance(agency, GraphQLObjectType)
    assert agency.fields["name"].resolve is direct_reads._by_key
    assert agency.fields["createdAt"].resolve is direct_reads._datetime
    assert agency.fields["stages"].resolve is direct_reads._by_key
    assert agency.fields["branches"].resolve is direct_reads._connection
    edge = graphql_schema.type_map["AgencyEdge"]
    assert isinstance(edge, GraphQLObjectType)
    assert edge.fields["node"].resolve is direct_reads._by_name
    # every field of every entity type reads the compiled map
    for name in ("Region", "Industry", "Park", "Cluster", "Agency", "Platform", "TalentTeam",
                 "Project", "ServiceStage"):
        entity = graphql_schema.type_map[name]
        assert isinstance(entity, GraphQLObjectType)
        plain = {direct_reads._by_key, direct_reads._datetime, direct_reads._connection}
        assert {f.resolve for f in entity.fields.values()} <= plain, name
    # root fields keep their own resolvers
    query = graphql_schema.query_type
    assert query is not None
    assert query.fields["parks"].resolve not in plain
    assert direct_reads.install(graphql_schema) == 0  # idempotent
