"""Authentication (API keys, JWT) and role checks, as units and over HTTP.

The HTTP matrix runs each role (and an anonymous client) against a read, an analysis
field and a mutation on a served app. The analysis and mutation cells need those fields
in the schema; until they exist the cells are skipped, and the permission logic is
covered by the unit tests on parsed documents below.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from graphql import parse
from pydantic import SecretStr

from app.auth import (
    AuthenticationError,
    Authenticator,
    hash_api_key,
    issue_jwt,
    parse_api_keys,
)
from app.settings import Settings
from schema.errors import ErrorCode, Forbidden, Unauthenticated
from schema.permissions import ANALYSIS_FIELDS, check_role, required_role, root_field_names
from schema.principal import Principal, Role
from schema.schema import schema as graphql_schema
from tests.conftest import serve_app

SECRET = "test-jwt-secret-with-enough-bytes-for-hs256"
KEYS = {role: f"key-for-{role.label}-{'x' * 8}" for role in Role}
API_KEYS = ",".join(f"{role.label}:{hash_api_key(key)}:{role.label}-client"
                    for role, key in KEYS.items())

READ = "{ parks(first: 1) { totalCount } }"
ANALYSIS = '{ serviceChainGaps(scope: {parkId: "p-zgc"}) { chain } }'


def mutation(tag: str) -> str:
    return f'mutation {{ createAgency(input: {{id: "a-auth-{tag}", name: "X"}}) {{ id }} }}'


def has_field(type_name: str, field: str) -> bool:
    graphql_type: Any = graphql_schema._schema.get_type(type_name)
    return graphql_type is not None and field in graphql_type.fields


# --- units: API keys and tokens -----------------------------------------------------------


def test_hash_api_key_is_sha256_hex() -> None:
    assert hash_api_key("abc") == \
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_parse_api_keys_reads_roles_hashes_and_names() -> None:
    text = f"# comment\neditor:{hash_api_key('k1')}:ci-bot\n\n, viewer:{hash_api_key('k2')}"
    entries = parse_api_keys(text)
    assert [(e.role, e.name) for e in entries] == \
        [(Role.EDITOR, "ci-bot"), (Role.VIEWER, f"key-{hash_api_key('k2')[:8]}")]


@pytest.mark.parametrize("entry", ["editor:plaintextkey", "boss:" + "a" * 64, "justtext"])
def test_parse_api_keys_refuses_clear_keys_and_unknown_roles(entry: str) -> None:
    with pytest.raises(ValueError):
        parse_api_keys(entry)


def test_api_keys_file_is_read(tmp_path: Path) -> None:
    keys_file = tmp_path / "keys.txt"
    keys_file.write_text(f"# team keys\nplanner:{hash_api_key('from-file')}:analyst\n")
    settings = Settings(api_keys=f"viewer:{hash_api_key('from-env')}",
                        api_keys_file=keys_file)
    auth = Authenticator.from_settings(settings)
    assert auth.authenticate({"x-api-key": "from-file"}) == \
        Principal("analyst", Role.PLANNER, "api_key")
    assert auth.authenticate({"x-api-key": "from-env"}).role is Role.VIEWER  # type: ignore[union-attr]


def test_authenticator_reads_each_header_form() -> None:
    auth = Authenticator(parse_api_keys(API_KEYS), SECRET)
    assert auth.authenticate({}) is None
    assert auth.authenticate({"x-api-key": KEYS[Role.EDITOR]}) == \
        Principal("editor-client", Role.EDITOR, "api_key")
    assert auth.authenticate({"authorization": f"ApiKey {KEYS[Role.ADMIN]}"}) == \
        Principal("admin-client", Role.ADMIN, "api_key")
    token = issue_jwt(SECRET, "ana", Role.PLANNER)
    assert auth.authenticate({"authorization": f"Bearer {token}"}) == \
        Principal("ana", Role.PLANNER, "jwt")


@pytest.mark.parametrize("headers", [
    {"x-api-key": "wrong"},
    {"x-api-key": ""},
    {"authorization": "ApiKey wrong"},
    {"authorization": "Basic dXNlcjpwYXNz"},
    {"authorization": "Bearer"},
    {"authorization": "Bearer not.a.jwt"},
    {"authorization": "Bearer " + issue_jwt(SECRET, "ana", Role.ADMIN, expires_in_s=-60)},
    {"authorization": "Bearer " + issue_jwt("another-secret-of-sufficient-length!!", "ana",
                                            Role.ADMIN)},
    {"authorization": "Bearer " + issue_jwt(SECRET, "ana", "superuser")},
    {"x-api-key": KEYS[Role.ADMIN], "authorization": "ApiKey " + KEYS[Role.ADMIN]},
])
def test_bad_credentials_are_refused(headers: dict[str, str]) -> None:
    auth = Authenticator(parse_api_keys(API_KEYS), SECRET)
    with pytest.raises(AuthenticationError):
        auth.authenticate(headers)


def test_jwt_needs_sub_role_and_exp_and_checks_audience_and_issuer() -> None:
    import jwt

    auth = Authenticator([], SECRET, jwt_audience="stsgraph", jwt_issuer="https://idp")
    good = issue_jwt(SECRET, "ana", "editor", audience="stsgraph", issuer="https://idp")
    assert auth.authenticate({"authorization": f"Bearer {good}"}) == \
        Principal("ana", Role.EDITOR, "jwt")
    for claims in ({"sub": "ana", "role": "editor"},  # no exp
                   {"sub": "ana", "exp": 2**31, "aud": "stsgraph", "iss": "https://idp"},
                   {"role": "editor", "exp": 2**31, "aud": "stsgraph", "iss": "https://idp"},
                   {"sub": "ana", "role": "editor", "exp": 2**31, "aud": "other",
                    "iss": "https://idp"},
                   {"sub": "ana", "role": "editor", "exp": 2**31, "aud": "stsgraph",
                    "iss": "https://elsewhere"}):
        token = jwt.encode(claims, SECRET, algorithm="HS256")
        with pytest.raises(AuthenticationError):
            auth.authenticate({"authorization": f"Bearer {token}"})


def test_bearer_tokens_are_refused_without_a_secret() -> None:
    auth = Authenticator([], "")
    with pytest.raises(AuthenticationError, match="not accepted"):
        auth.authenticate({"authorization": "Bearer " + issue_jwt(SECRET, "a", "admin")})


# --- units: required role of parsed documents ---------------------------------------------


@pytest.mark.parametrize(("document", "operation", "role"), [
    ("{ parks { totalCount } }", None, Role.VIEWER),
    ("{ __typename }", None, Role.VIEWER),
    ("{ __schema { types { name } } }", None, Role.VIEWER),
    ("{ parks { edges { node { centrality: id } } } }", None, Role.VIEWER),  # not root
    ('{ serviceChainGaps(scope: {parkId: "p"}) { chain } }', None, Role.PLANNER),
    ("{ parks { totalCount } gaps: integrationScore(scope: {}) { score } }", None,
     Role.PLANNER),
    ("{ ... on Query { centrality { id } } }", None, Role.PLANNER),
    ("query { ...A } fragment A on Query { ...B } fragment B on Query { whatIf }", None,
     Role.PLANNER),
    ("query { ...A } fragment A on Query { ...A communities }", None, Role.PLANNER),
    ("{ clusterScores @skip(if: true) { id } }", None, Role.PLANNER),
    ('mutation { createAgency(input: {id: "x", name: "X"}) { id } }', None, Role.EDITOR),
    ("mutation { __typename }", None, Role.EDITOR),
    ("query R { parks { totalCount } } query A { planProgress(year: 2025) { met } }", "R",
     Role.VIEWER),
    ("query R { parks { totalCount } } query A { planProgress(year: 2025) { met } }", "A",
     Role.PLANNER),
    ("query R { parks { totalCount } } mutation M { deleteAgency(id: \"x\") { id } }", "M",
     Role.EDITOR),
])
def test_required_role(document: str, operation: str | None, role: Role) -> None:
    assert required_role(parse(document), operation) is role


def test_every_analysis_field_needs_planner() -> None:
    from schema.analysis_query import AnalysisQuery
    from schema.annual_report import ReportQuery
    from schema.plan import PlanQuery

    # planProgress lives with the indicators (schema/plan.py), which viewers may read
    fields = [*AnalysisQuery.__strawberry_definition__.fields,
              *ReportQuery.__strawberry_definition__.fields,
              *(f for f in PlanQuery.__strawberry_definition__.fields
                if (f.graphql_name or f.python_name) != "indicators")]
    served = {f.graphql_name or f.python_name for f in fields}
    served = {n if "_" not in n else n.split("_")[0] + "".join(p.title() for p in n.split("_")[1:])
              for n in served}
    assert served == ANALYSIS_FIELDS
    for name in ANALYSIS_FIELDS:
        assert required_role(parse(f"{{ {name} }}")) is Role.PLANNER


def test_root_field_names_use_names_not_aliases() -> None:
    document = parse("{ a: parks { totalCount } ... on Query { b: centrality } }")
    operation = document.definitions[0]
    assert root_field_names(document, operation) == {"parks", "centrality"}  # type: ignore[arg-type]


def test_check_role_matrix() -> None:
    for required in Role:
        for role in Role:
            error = check_role(Principal("p", role), required, anonymous_read=True)
            assert (error is None) == (role >= required)
            assert error is None or isinstance(error, Forbidden)
        anonymous = check_role(None, required, anonymous_read=True)
        assert (anonymous is None) == (required is Role.VIEWER)
        assert anonymous is None or isinstance(anonymous, Unauthenticated)
        assert isinstance(check_role(None, required, anonymous_read=False), Unauthenticated)


# --- over HTTP ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def auth_url(settings: Settings) -> Iterator[str]:
    with serve_app(settings.model_copy(update={
        "api_keys": API_KEYS, "jwt_secret": SecretStr(SECRET), "anonymous_read": True,
    })) as url:
        yield url


@pytest.fixture(scope="module")
def closed_url(settings: Settings) -> Iterator[str]:
    """A server refusing anonymous reads."""
    with serve_app(settings.model_copy(update={
        "api_keys": API_KEYS, "jwt_secret": SecretStr(SECRET), "anonymous_read": False,
    })) as url:
        yield url


def post(url: str, query: str, headers: dict[str, str] | None = None,
         accept: str = "application/json") -> httpx.Response:
    return httpx.post(f"{url}/graphql", json={"query": query},
                      headers={"accept": accept, **(headers or {})}, timeout=30)


def codes(body: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors", [])]


ALLOWED: dict[str, set[Role | None]] = {
    "read": {None, Role.VIEWER, Role.PLANNER, Role.EDITOR, Role.ADMIN},
    "analysis": {Role.PLANNER, Role.EDITOR, Role.ADMIN},
    "mutation": {Role.EDITOR, Role.ADMIN},
}


@pytest.mark.parametrize("accept", ["application/json", "application/graphql-response+json"])
@pytest.mark.parametrize("category", ["read", "analysis", "mutation"])
@pytest.mark.parametrize("role", [None, *Role], ids=lambda r: r.label if r else "anonymous")
async def test_role_matrix(load: Any, auth_url: str, role: Role | None, category: str,
                           accept: str) -> None:
    if category == "analysis" and not has_field("Query", "serviceChainGaps"):
        pytest.skip("the schema has no serviceChainGaps yet")
    if category == "mutation" and not has_field("Mutation", "createAgency"):
        pytest.skip("the schema has no createAgency yet")
    await load("tiny")
    tag = role.label if role else "anonymous"
    query = {"read": READ, "analysis": ANALYSIS, "mutation": mutation(tag)}[category]
    headers = {"X-API-Key": KEYS[role]} if role else {}
    response = post(auth_url, query, headers, accept)
    body = response.json()
    assert response.headers["content-type"].startswith(accept)

    if role in ALLOWED[category]:
        assert response.status_code == 200, body
        assert "errors" not in body, body
        if category == "read":
            assert body["data"] == {"parks": {"totalCount": 2}}
        elif category == "analysis":
            assert set(body["data"]["serviceChainGaps"]) == {"chain"}
        else:
            assert body["data"] == {"createAgency": {"id": f"a-auth-{tag}"}}
        return

    expected = ErrorCode.UNAUTHENTICATED if role is None else ErrorCode.FORBIDDEN
    assert response.status_code == (401 if role is None else 403), body
    assert codes(body) == [expected]
    assert "data" not in body  # refused before execution: a request error
    assert body["extensions"]["cypherRoundTrips"] == 0
    if role is None:
        assert "Bearer" in response.headers["www-authenticate"]
    if category == "mutation":  # nothing was written
        check = post(auth_url, f'{{ node(id: "a-auth-{tag}") {{ id }} }}')
        assert check.json()["data"] == {"node": None}


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.label)
async def test_jwt_roles(load: Any, auth_url: str, role: Role) -> None:
    await load("tiny")
    token = issue_jwt(SECRET, f"user-{role.label}", role)
    response = post(auth_url, READ, {"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.json()["data"] == {"parks": {"totalCount": 2}}
    if has_field("Mutation", "createAgency"):
        write = post(auth_url, mutation(f"jwt-{role.label}"),
                     {"Authorization": f"Bearer {token}"})
        assert write.status_code == (200 if role >= Role.EDITOR else 403), write.text


def test_apikey_authorization_scheme(auth_url: str) -> None:
    response = post(auth_url, "{ __typename }", {"Authorization": f"ApiKey {KEYS[Role.VIEWER]}"})
    assert response.status_code == 200
    assert response.json()["data"] == {"__typename": "Query"}


@pytest.mark.parametrize("headers", [
    {"X-API-Key": "not-a-key"},
    {"Authorization": "ApiKey not-a-key"},
    {"Authorization": "Bearer " + issue_jwt(SECRET, "old", Role.ADMIN, expires_in_s=-120)},
    {"Authorization": "Bearer " + issue_jwt("wrong-secret-wrong-secret-wrong-secret", "x",
                                            Role.ADMIN)},
    {"Authorization": "Basic YTpi"},
], ids=["bad-key", "bad-apikey-scheme", "expired-jwt", "forged-jwt", "basic"])
@pytest.mark.parametrize("accept", ["application/json", "application/graphql-response+json"])
def test_bad_credentials_are_401_even_for_reads(auth_url: str, headers: dict[str, str],
                                                accept: str) -> None:
    response = post(auth_url, READ, headers, accept)  # anonymous reads are allowed here
    assert response.status_code == 401
    assert response.headers["content-type"].startswith(accept)
    assert "Bearer" in response.headers["www-authenticate"]
    body = response.json()
    assert codes(body) == ["UNAUTHENTICATED"]
    assert "data" not in body


def test_expired_jwt_says_so(auth_url: str) -> None:
    token = issue_jwt(SECRET, "old", Role.ADMIN, expires_in_s=-120)
    body = post(auth_url, READ, {"Authorization": f"Bearer {token}"}).json()
    assert body["errors"][0]["message"] == "the bearer token has expired"


async def test_anonymous_reads_can_be_refused(load: Any, closed_url: str) -> None:
    await load("tiny")
    refused = post(closed_url, READ)
    assert refused.status_code == 401
    assert codes(refused.json()) == ["UNAUTHENTICATED"]
    allowed = post(closed_url, READ, {"X-API-Key": KEYS[Role.VIEWER]})
    assert allowed.status_code == 200
    assert allowed.json() == {"data": {"parks": {"totalCount": 2}},
                              "extensions": {"cypherRoundTrips": 1}}


async def test_anonymous_reads_allowed_by_default(load: Any, auth_url: str) -> None:
    await load("tiny")
    response = post(auth_url, READ)
    assert response.status_code == 200
    assert response.json()["data"] == {"parks": {"totalCount": 2}}


async def test_export_routes_follow_the_same_rules(load: Any, auth_url: str,
                                                   closed_url: str) -> None:
    await load("tiny")
    path = "/export/neighborhood/p-zgc?format=cytoscape"
    assert httpx.get(auth_url + path, timeout=30).status_code == 200
    assert httpx.get(auth_url + path, headers={"X-API-Key": "nope"},
                     timeout=30).status_code == 401
    assert httpx.get(closed_url + path, timeout=30).status_code == 401
    assert httpx.get(closed_url + path, headers={"X-API-Key": KEYS[Role.VIEWER]},
                     timeout=30).status_code == 200


def test_bad_auth_configuration_stops_start_up(settings: Settings) -> None:
    from app.main import create_app

    with pytest.raises(ValueError, match="sha256"):
        create_app(settings.model_copy(update={"api_keys": "admin:letmein"}))
    with pytest.raises(ValueError, match="at least 32 bytes"):
        create_app(settings.model_copy(update={"jwt_secret": SecretStr("short")}))
