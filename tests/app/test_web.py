"""The explorer and GraphiQL are served by the API from the explorer's build, with nothing
loaded from another origin; CORS answers only the configured origins."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest

from app.settings import Settings
from tests.conftest import serve_app

BROWSER = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
DEV_ORIGIN = "http://127.0.0.1:5173"


def _references(html: str) -> list[str]:
    return re.findall(r'(?:src|href)="([^"]+)"', html)


def test_explorer_is_served_at_the_root(http: httpx.Client) -> None:
    response = http.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "connect-src 'self'" in csp
    html = response.text
    scripts = re.findall(r'<script[^>]+src="([^"]+)"', html)
    assert scripts and all(s.startswith("/assets/") for s in scripts)
    for ref in _references(html):
        assert ref.startswith(("/assets/", "data:")), ref
        if ref.startswith("/assets/"):
            asset = http.get(ref)
            assert asset.status_code == 200, ref


def test_graphiql_page_comes_from_the_build_not_a_cdn(http: httpx.Client) -> None:
    response = http.get("/graphql", headers=BROWSER)
    assert response.status_code == 200
    html = response.text
    assert "unpkg.com" not in html and "jsdelivr" not in html
    refs = _references(html)
    assert any(r.startswith("/assets/graphiql") for r in refs), refs
    assert all(r.startswith(("/assets/", "data:")) for r in refs), refs
    assert all(http.get(r).status_code == 200 for r in refs if r.startswith("/assets/"))
    assert "default-src 'self'" in response.headers["content-security-policy"]


def test_a_missing_asset_is_404_not_the_page(http: httpx.Client) -> None:
    assert http.get("/assets/nope.js").status_code == 404


def test_no_cors_by_default(http: httpx.Client) -> None:
    """Production default: no origin is allowed, so a preflight is not answered."""
    response = http.options("/graphql", headers={
        "Origin": DEV_ORIGIN, "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in response.headers
    assert response.status_code == 405
    post = http.post("/graphql", json={"query": "{ __typename }"}, headers={"Origin": DEV_ORIGIN})
    assert post.status_code == 200
    assert "access-control-allow-origin" not in post.headers


@pytest.fixture(scope="module")
def cors_url(settings: Settings) -> Iterator[str]:
    with serve_app(settings.model_copy(update={
            "cors_origins": f"{DEV_ORIGIN}, https://dash.example.org/"})) as url:
        yield url


@pytest.mark.parametrize("origin", [DEV_ORIGIN, "https://dash.example.org"])
@pytest.mark.parametrize("path", ["/graphql", "/export/neighborhood/x"])
def test_preflight_is_answered_with_credentials_headers(cors_url: str, origin: str,
                                                        path: str) -> None:
    response = httpx.options(f"{cors_url}{path}", headers={
        "Origin": origin, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type, x-api-key, authorization"})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == origin
    assert response.headers["access-control-allow-credentials"] == "true"
    allowed = response.headers["access-control-allow-headers"].lower()
    assert {"authorization", "x-api-key", "content-type"} <= {h.strip() for h in allowed.split(",")}
    assert "POST" in response.headers["access-control-allow-methods"]


def test_cors_headers_on_real_requests_and_none_for_other_origins(cors_url: str) -> None:
    ok = httpx.post(f"{cors_url}/graphql", json={"query": "{ __typename }"},
                    headers={"Origin": DEV_ORIGIN})
    assert ok.json()["data"] == {"__typename": "Query"}
    assert ok.headers["access-control-allow-origin"] == DEV_ORIGIN
    assert ok.headers["access-control-allow-credentials"] == "true"
    refused = httpx.options(f"{cors_url}/graphql", headers={
        "Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
    assert refused.status_code == 400
    assert "access-control-allow-origin" not in refused.headers


def test_explorer_not_built_says_how_to_build_it(settings: Settings, tmp_path: object) -> None:
    with serve_app(settings.model_copy(update={"web_dir": tmp_path})) as url:
        response = httpx.get(f"{url}/")
        graphiql = httpx.get(f"{url}/graphql", headers=BROWSER)
    assert response.status_code == 503
    assert "make install" in response.text and "npm run build" in response.text
    assert "unpkg" not in graphiql.text and "make install" in graphiql.text
