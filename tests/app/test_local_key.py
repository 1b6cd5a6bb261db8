"""The local admin key of `stsgraph up`: stored as a hash only, accepted from loopback only,
absent in production; the printed URLs and curl line carry the same key."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from app import local_key
from app.auth import hash_api_key
from app.settings import Settings, get_settings
from tests.conftest import serve_app

ANALYSIS = {"query": "{ planProgress(year: 2015) { target met } }"}


@pytest.fixture(scope="module")
def key_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    path = tmp_path_factory.mktemp("stsgraph") / "local-admin-key"
    return local_key.make_local_key(path), path


@pytest.fixture(scope="module")
def dev_url(settings: Settings, key_file: tuple[str, Path]) -> Iterator[str]:
    with serve_app(settings.model_copy(update={"local_key_file": key_file[1],
                                               "anonymous_read": False})) as url:
        yield url


def test_only_the_hash_is_stored_owner_readable(key_file: tuple[str, Path]) -> None:
    key, path = key_file
    text = path.read_text()
    assert key not in text
    assert f"admin:{hash_api_key(key)}:local-admin" in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(key) >= 40


def test_a_new_key_replaces_the_old_one(tmp_path: Path) -> None:
    path = tmp_path / "k"
    first, second = local_key.make_local_key(path), local_key.make_local_key(path)
    assert first != second
    assert hash_api_key(first) not in path.read_text()
    assert hash_api_key(second) in path.read_text()


def test_the_key_is_admin_from_loopback(dev_url: str, key_file: tuple[str, Path]) -> None:
    key = key_file[0]
    for headers in ({"X-API-Key": key}, {"Authorization": f"ApiKey {key}"}):
        body = httpx.post(f"{dev_url}/graphql", json=ANALYSIS, headers=headers).json()
        assert "errors" not in body, body
        assert len(body["data"]["planProgress"]) == 9
    exported = httpx.get(f"{dev_url}/export/neighborhood/nope", headers={"X-API-Key": key})
    assert exported.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"  # got past auth
    mutation = httpx.post(f"{dev_url}/graphql", headers={"X-API-Key": key}, json={
        "query": 'mutation { deleteAgency(id: "nope") { id } }'}).json()
    assert mutation["errors"][0]["extensions"]["code"] == "NOT_FOUND"  # admin may write


def test_a_stale_key_gets_the_servers_message(dev_url: str) -> None:
    response = httpx.post(f"{dev_url}/graphql", json=ANALYSIS, headers={"X-API-Key": "old-key"})
    assert response.status_code == 401
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert "API key" in error["message"]


@pytest.mark.parametrize("client", ["203.0.113.7", "10.1.2.3", "::ffff:198.51.100.1"])
async def test_the_key_is_refused_from_other_hosts(settings: Settings, key_file: tuple[str, Path],
                                                   client: str) -> None:
    """The real app, with the peer address a remote client would have (ASGI in process:
    tests never send traffic off this machine)."""
    from app.main import create_app

    app = create_app(settings.model_copy(update={"local_key_file": key_file[1]}))
    transport = httpx.ASGITransport(app=app, client=(client, 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://api") as remote:
        for headers in ({"X-API-Key": key_file[0]}, {"Authorization": f"apikey {key_file[0]}"}):
            response = await remote.post("/graphql", json=ANALYSIS, headers=headers)
            assert response.status_code == 401
            assert response.json()["errors"][0] == {
                "message": local_key.REMOTE_REFUSED, "extensions": {"code": "UNAUTHENTICATED"}}
            assert response.headers["www-authenticate"].startswith("Bearer")


def test_production_has_no_local_key(settings: Settings, key_file: tuple[str, Path]) -> None:
    """Without local_key_file (the default, and compose's) the same key is just unknown."""
    assert Settings().local_key_file is None
    with serve_app(settings) as url:
        response = httpx.post(f"{url}/graphql", json=ANALYSIS,
                              headers={"X-API-Key": key_file[0]})
    assert response.status_code == 401


def test_start_local_session_prints_one_key_everywhere(monkeypatch: pytest.MonkeyPatch,
                                                       tmp_path: Path) -> None:
    monkeypatch.setattr(local_key, "LOCAL_KEY_FILE", tmp_path / "local-admin-key")
    monkeypatch.delenv("STSGRAPH_CORS_ORIGINS", raising=False)
    monkeypatch.delenv("STSGRAPH_LOCAL_KEY_FILE", raising=False)
    try:
        text = local_key.start_local_session("127.0.0.1", 8000)
        key = text.split("#key=", 1)[1].split()[0]
        assert f"http://127.0.0.1:8000/#key={key}" in text
        assert f"http://127.0.0.1:8000/graphql#key={key}" in text
        assert f"export STSGRAPH_KEY={key}" in text
        assert hash_api_key(key) in (tmp_path / "local-admin-key").read_text()
        settings = get_settings()
        assert settings.local_key_file == tmp_path / "local-admin-key"
        assert "http://127.0.0.1:5173" in settings.cors_origins
    finally:
        os.environ.pop("STSGRAPH_LOCAL_KEY_FILE", None)
        os.environ.pop("STSGRAPH_CORS_ORIGINS", None)
        get_settings.cache_clear()
