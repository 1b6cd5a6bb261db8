"""search(text, kinds, first) over the full-text index (cjk analyzer), on `tiny`."""

from __future__ import annotations

from typing import Any

import pytest

from schema.enums import enum_name
from tests.schema.conftest import GraphQL, error_code

pytestmark = pytest.mark.usefixtures("tiny_graph")

SEARCH = """query($text: String!, $kinds: [EntityKind!], $first: Int! = 20) {
    search(text: $text, kinds: $kinds, first: $first) {
        score node { __typename id name ... on Park { level } } } }"""

ZGC_ENGLISH = {"p-zgc", "a-ttc", "c-mob"}  # "Zhongguancun ..." in their English names
ZGC_CHINESE = ZGC_ENGLISH | {"a-ttc-sz"}  # ... and 中关村 in their Chinese names
SHENZHEN = {"r-sz", "p-sz", "a-vc", "a-ttc-sz"}


def hits(gql: GraphQL, text: str, method: str = "POST", **variables: Any) -> list[dict]:
    return gql.data(SEARCH, {"text": text, **variables}, method)["search"]  # type: ignore[no-any-return]


@pytest.mark.parametrize(("text", "expected"), [
    ("中关村", ZGC_CHINESE),
    ("Zhongguancun", ZGC_ENGLISH),
    ("zhongguancun", ZGC_ENGLISH),
    ("ZHONGGUANCUN", ZGC_ENGLISH),
    ("Zhongguan", ZGC_ENGLISH),  # a prefix
    ("zhong", ZGC_ENGLISH),
    ("深圳", SHENZHEN),
    ("Shenzhen", SHENZHEN),
    ("移动互联网", {"i-mob", "c-mob"}),
    ("生物医药", {"i-bio"}),
    ("5G芯片", {"pr-5g"}),
    ("nothing-like-this", set()),
])
@pytest.mark.parametrize("method", ["POST", "GET"])
def test_search_finds_names_in_chinese_and_english(gql: GraphQL, text: str,
                                                   expected: set[str], method: str) -> None:
    found = hits(gql, text, method)
    assert {h["node"]["id"] for h in found} == expected
    scores = [h["score"] for h in found]
    assert all(isinstance(s, float) and s > 0 for s in scores)
    assert scores == sorted(scores, reverse=True)


def test_the_park_ranks_first_for_its_own_chinese_name(gql: GraphQL) -> None:
    found = hits(gql, "中关村科技园区")
    assert found[0]["node"] == {"__typename": "Park", "id": "p-zgc",
                                "name": "Zhongguancun Science Park", "level": "NATIONAL"}
    assert found[0]["score"] > found[1]["score"]


def test_more_matching_words_rank_higher(gql: GraphQL) -> None:
    found = hits(gql, "mobile internet")
    assert [h["node"]["id"] for h in found] == ["i-mob", "c-mob"]
    assert found[0]["score"] > found[1]["score"]


@pytest.mark.parametrize(("kinds", "expected"), [
    (["Park"], {"p-zgc"}),
    (["Agency", "Cluster"], {"a-ttc", "a-ttc-sz", "c-mob"}),
    (["Region", "Project"], set()),
    (["TalentTeam"], set()),
    (None, ZGC_CHINESE),
])
def test_kinds_filter(gql: GraphQL, kinds: list[str] | None, expected: set[str]) -> None:
    """`kinds` takes EntityKind values (PARK, TALENT_TEAM...), the labels in UPPER_CASE."""
    values = None if kinds is None else [enum_name(k) for k in kinds]
    found = hits(gql, "中关村", kinds=values)
    assert {h["node"]["id"] for h in found} == expected
    if kinds:
        assert {h["node"]["__typename"] for h in found} <= set(kinds)
    literal = "" if values is None else f", kinds: [{', '.join(values)}]"
    inline = gql.data(f'{{ search(text: "中关村"{literal}) {{ node {{ id }} }} }}')
    assert {h["node"]["id"] for h in inline["search"]} == expected


def test_first_limits_the_hits_keeping_the_best(gql: GraphQL) -> None:
    every = hits(gql, "中关村")
    assert hits(gql, "中关村", first=2) == every[:2]
    assert len(hits(gql, "中关村", first=1)) == 1


@pytest.mark.parametrize("text", [
    "C++ (test)", "AND", "OR NOT", "a AND b", "NOT", '"unbalanced', "name:x", "[a TO b]",
    "~ * ? \\ / && || ! ^", "*", "?", "-", "(", ")", "{x}", "a:b:c", "中关村 AND (",
    "zgc~2", "\\\\", "'", "%_",
])
def test_lucene_special_characters_are_plain_text(gql: GraphQL, text: str) -> None:
    body = gql(SEARCH, {"text": text})
    assert not body.get("errors"), body["errors"]
    assert isinstance(body["data"]["search"], list)


def test_special_characters_next_to_words_still_find_them(gql: GraphQL) -> None:
    assert {h["node"]["id"] for h in hits(gql, "中关村 AND (")} == ZGC_CHINESE
    assert {h["node"]["id"] for h in hits(gql, "Shenzhen!")} == SHENZHEN


@pytest.mark.parametrize(("variables", "fragment"), [
    ({"text": ""}, "empty"),
    ({"text": "   "}, "empty"),
    ({"text": "x", "first": 0}, "first"),
    ({"text": "x", "first": 101}, "first"),
])
def test_bad_search_arguments_are_bad_user_input(gql: GraphQL, variables: dict[str, Any],
                                                 fragment: str) -> None:
    error = gql.error(SEARCH, variables)
    assert error_code(error) == "BAD_USER_INPUT"
    assert fragment in error["message"]
    assert error["path"] == ["search"]


@pytest.mark.parametrize("kind", ["Nope", "ServiceStage", "SERVICE_STAGE", "Park", "park"])
def test_a_kind_outside_the_enum_is_refused_before_execution(gql: GraphQL, kind: str) -> None:
    """As a variable or as a literal, an unknown kind is a request error naming EntityKind
    (the stored label `Park` is not a value either: the value is PARK)."""
    as_variable = gql.client.post(
        "/graphql", json={"query": SEARCH, "variables": {"text": "x", "kinds": [kind]}},
        headers={**gql.headers, "Accept": "application/graphql-response+json"})
    assert as_variable.status_code == 400  # GraphQL-over-HTTP: a request error
    assert "data" not in as_variable.json()
    (error,) = as_variable.json()["errors"]
    assert error_code(error) == "BAD_USER_INPUT"
    assert "EntityKind" in error["message"] and kind in error["message"]
    as_literal = gql(f'{{ search(text: "x", kinds: [{kind}]) {{ score }} }}')
    assert "data" not in as_literal
    assert "EntityKind" in as_literal["errors"][0]["message"]
