"""RS256/ES256 bearer tokens checked against a JWKS served by a local HTTP server (keys made
here; no internet), with caching and a refresh on an unknown `kid`."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm
from pydantic import SecretStr

from app.auth import AuthenticationError, Authenticator, parse_algorithms
from app.jwks import JwksKeys
from app.settings import Settings
from schema.principal import Principal, Role
from tests.conftest import serve_app

SECRET = "test-jwt-secret-with-enough-bytes-for-hs256"
RSA_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
EC_KEY = ec.generate_private_key(ec.SECP256R1())
ROTATED_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
STRANGER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def jwk(key: Any, kid: str, alg: str | None = None) -> dict[str, Any]:
    algorithm = RSAAlgorithm if isinstance(key, rsa.RSAPrivateKey) else ECAlgorithm
    data: dict[str, Any] = json.loads(algorithm.to_jwk(key.public_key()))
    data["kid"] = kid
    if alg is not None:
        data["alg"] = alg
    return data


def token(key: Any, algorithm: str, kid: str | None, role: str = "planner",
          expires_in_s: int = 3600, **claims: Any) -> str:
    now = int(time.time())
    headers = {"kid": kid} if kid is not None else None
    return jwt.encode({"sub": "ana@idp", "role": role, "iat": now, "exp": now + expires_in_s,
                       **claims}, key, algorithm=algorithm, headers=headers)


class JwksServer:
    """A JWKS endpoint on a free loopback port; `keys` may change while it runs."""

    def __init__(self, keys: list[dict[str, Any]]) -> None:
        self.keys = keys
        self.requests = 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests += 1
                body = json.dumps({"keys": server.keys}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.http.server_address[1]}/.well-known/jwks.json"
        threading.Thread(target=self.http.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.http.shutdown()
        self.http.server_close()


@pytest.fixture
def jwks_server() -> Iterator[JwksServer]:
    server = JwksServer([jwk(RSA_KEY, "rsa-1", "RS256"), jwk(EC_KEY, "ec-1")])
    yield server
    server.close()


def authenticator(url: str, secret: str = SECRET, min_refresh_s: float = 0.0,
                  algorithms: str = "HS256,RS256,ES256",
                  **jwks: Any) -> Authenticator:
    return Authenticator([], secret, jwt_algorithms=parse_algorithms(algorithms),
                         jwks=JwksKeys(url, min_refresh_s=min_refresh_s, **jwks))


def bearer(value: str) -> dict[str, str]:
    return {"authorization": f"Bearer {value}"}


@pytest.mark.parametrize(("key", "algorithm", "kid"), [
    (RSA_KEY, "RS256", "rsa-1"), (EC_KEY, "ES256", "ec-1")])
def test_asymmetric_tokens_are_checked_against_the_jwks(jwks_server: JwksServer, key: Any,
                                                        algorithm: str, kid: str) -> None:
    auth = authenticator(jwks_server.url)
    assert auth.authenticate(bearer(token(key, algorithm, kid))) == \
        Principal("ana@idp", Role.PLANNER, "jwt")


def test_hs256_still_works_beside_the_jwks(jwks_server: JwksServer) -> None:
    auth = authenticator(jwks_server.url)
    assert auth.authenticate(bearer(token(SECRET, "HS256", None, role="editor"))) == \
        Principal("ana@idp", Role.EDITOR, "jwt")
    assert jwks_server.requests == 0  # an HMAC token never needs the key set


def test_the_key_set_is_cached(jwks_server: JwksServer) -> None:
    auth = authenticator(jwks_server.url)
    for _ in range(5):
        auth.authenticate(bearer(token(RSA_KEY, "RS256", "rsa-1")))
        auth.authenticate(bearer(token(EC_KEY, "ES256", "ec-1")))
    assert jwks_server.requests == 1


def test_the_cache_expires(jwks_server: JwksServer) -> None:
    now = [1000.0]
    keys = JwksKeys(jwks_server.url, cache_s=300, min_refresh_s=30, clock=lambda: now[0])
    auth = Authenticator([], "", jwt_algorithms=("RS256",), jwks=keys)
    auth.authenticate(bearer(token(RSA_KEY, "RS256", "rsa-1")))
    now[0] += 299
    auth.authenticate(bearer(token(RSA_KEY, "RS256", "rsa-1")))
    assert jwks_server.requests == 1
    now[0] += 1
    auth.authenticate(bearer(token(RSA_KEY, "RS256", "rsa-1")))
    assert jwks_server.requests == 2


def test_an_unknown_kid_refreshes_the_key_set_once(jwks_server: JwksServer) -> None:
    now = [1000.0]
    keys = JwksKeys(jwks_server.url, cache_s=300, min_refresh_s=30, clock=lambda: now[0])
    auth = Authenticator([], "", jwt_algorithms=("RS256", "ES256"), jwks=keys)
    auth.authenticate(bearer(token(RSA_KEY, "RS256", "rsa-1")))
    now[0] += 31
    jwks_server.keys = [*jwks_server.keys, jwk(ROTATED_KEY, "rsa-2")]  # the IdP rotates
    assert auth.authenticate(bearer(token(ROTATED_KEY, "RS256", "rsa-2"))).subject == "ana@idp"
    assert jwks_server.requests == 2
    # made-up kids within min_refresh_s do not fetch again
    for i in range(5):
        with pytest.raises(AuthenticationError, match=f"no key with kid 'forged-{i}'"):
            auth.authenticate(bearer(token(STRANGER_KEY, "RS256", f"forged-{i}")))
    assert jwks_server.requests == 2
    now[0] += 30
    with pytest.raises(AuthenticationError, match="no key with kid"):
        auth.authenticate(bearer(token(STRANGER_KEY, "RS256", "forged-again")))
    assert jwks_server.requests == 3


def hmac_signed_with(secret: bytes) -> str:
    """An HS256 token keyed with `secret` (PyJWT refuses to sign with a PEM key, an attacker
    does not)."""
    def part(data: dict[str, Any]) -> bytes:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=")
    signing_input = part({"alg": "HS256", "typ": "JWT", "kid": "rsa-1"}) + b"." + part(
        {"sub": "x", "role": "admin", "exp": int(time.time()) + 60})
    signature = hmac.new(secret, signing_input, hashlib.sha256).digest()
    return (signing_input + b"." + base64.urlsafe_b64encode(signature).rstrip(b"=")).decode()


def bad_tokens() -> list[tuple[str, str]]:
    rsa_public_pem = RSA_KEY.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    unsigned = jwt.encode({"sub": "x", "role": "admin", "exp": int(time.time()) + 60}, None,
                          algorithm="none")
    return [
        (token(STRANGER_KEY, "RS256", "rsa-1"), "Signature verification failed"),
        (token(RSA_KEY, "RS256", "rsa-1", expires_in_s=-60), "expired"),
        (token(RSA_KEY, "RS256", None), "no `kid` and the key set holds several"),
        (token(EC_KEY, "ES256", "rsa-1"), "is for RS256, not ES256"),
        (token(RSA_KEY, "RS384", "rsa-1"), "algorithm 'RS384' is not accepted"),
        (unsigned, "algorithm 'none' is not accepted"),
        # the RSA public key as an HMAC secret: HS256 is only checked with jwt_secret
        (hmac_signed_with(rsa_public_pem), "Signature verification failed"),
        (token(SECRET + "-not-ours", "HS256", "rsa-1"), "Signature verification failed"),
        (token(RSA_KEY, "RS256", "ec-1"), "is an EC key; RS256 needs RSA"),
    ]


@pytest.mark.parametrize(("value", "reason"), bad_tokens())
def test_bad_asymmetric_tokens_are_refused(jwks_server: JwksServer, value: str,
                                           reason: str) -> None:
    with pytest.raises(AuthenticationError, match=reason):
        authenticator(jwks_server.url).authenticate(bearer(value))


def test_an_unreachable_jwks_refuses_tokens_and_keeps_cached_keys(
        jwks_server: JwksServer) -> None:
    now = [1000.0]
    keys = JwksKeys(jwks_server.url, cache_s=10, min_refresh_s=0, clock=lambda: now[0])
    auth = Authenticator([], "", jwt_algorithms=("RS256",), jwks=keys)
    good = bearer(token(RSA_KEY, "RS256", "rsa-1"))
    assert auth.authenticate(good) is not None
    jwks_server.close()
    now[0] += 60  # stale: the fetch fails, the keys held are kept
    assert auth.authenticate(good) is not None
    never = Authenticator([], "", jwt_algorithms=("RS256",), jwks=JwksKeys(jwks_server.url))
    with pytest.raises(AuthenticationError, match="keys could not be fetched"):
        never.authenticate(good)


def test_asymmetric_tokens_need_a_jwks_url() -> None:
    auth = Authenticator([], SECRET, jwt_algorithms=("HS256", "RS256"))
    with pytest.raises(AuthenticationError, match="no JWKS URL is configured"):
        auth.authenticate(bearer(token(RSA_KEY, "RS256", "rsa-1")))


@pytest.mark.parametrize("text", ["HS256,none", "", "RS1"])
def test_unknown_algorithms_stop_start_up(text: str) -> None:
    with pytest.raises(ValueError, match="STSGRAPH_JWT_ALGORITHMS"):
        parse_algorithms(text)


def test_jwks_url_must_be_http() -> None:
    with pytest.raises(ValueError, match="STSGRAPH_JWT_JWKS_URL"):
        JwksKeys("file:///etc/passwd")


# --- over HTTP ------------------------------------------------------------------------------


def test_an_rs256_token_over_http(settings: Settings, jwks_server: JwksServer) -> None:
    served = settings.model_copy(update={
        "jwt_jwks_url": jwks_server.url, "jwt_secret": SecretStr(""),
        "anonymous_read": False, "jwt_audience": "stsgraph"})
    query = {"query": "{ parks(first: 1) { totalCount } }"}
    with serve_app(served) as url, httpx.Client(base_url=url, timeout=30) as http:
        good = http.post("/graphql", json=query, headers=bearer(
            token(RSA_KEY, "RS256", "rsa-1", role="viewer", aud="stsgraph")))
        assert good.status_code == 200, good.text
        assert "totalCount" in good.json()["data"]["parks"]
        es = http.post("/graphql", json=query, headers=bearer(
            token(EC_KEY, "ES256", "ec-1", role="viewer", aud="stsgraph")))
        assert es.status_code == 200, es.text
        for forged in (token(STRANGER_KEY, "RS256", "rsa-1", aud="stsgraph"),
                       token(RSA_KEY, "RS256", "rsa-1", aud="another-api"),
                       token(SECRET, "HS256", None, aud="stsgraph")):
            refused = http.post("/graphql", json=query, headers=bearer(forged))
            assert refused.status_code == 401
            assert refused.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert jwks_server.requests == 1
