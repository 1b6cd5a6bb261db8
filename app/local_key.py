"""The local admin key of development: what lets `make run` print one URL that opens the
explorer signed in, the way Jupyter prints a URL with a token.

`stsgraph up` makes a new random key each time it starts, writes only its sha256 to
`.stsgraph/local-admin-key` (an api-keys line, `admin:<sha256>:local-admin`, mode 0600,
gitignored), points `local_key_file` at it and prints the key once, in the explorer's URL,
GraphiQL's URL and a curl line. The server accepts that key from loopback clients only
(LoopbackOnlyKey refuses it from anywhere else), so a server bound to another interface does
not hand admin rights to the network. Production never sets `local_key_file`: no key is made
there and nothing here runs.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

import orjson
from fastapi import FastAPI
from starlette.types import ASGIApp, Receive, Scope, Send

from app.auth import (
    API_KEY_HEADER,
    WWW_AUTHENTICATE,
    ApiKeyEntry,
    Authenticator,
    generate_api_key,
    hash_api_key,
    parse_api_keys,
)
from app.settings import PROJECT_ROOT, Settings

LOCAL_KEY_FILE = PROJECT_ROOT / ".stsgraph" / "local-admin-key"
LOCAL_KEY_NAME = "local-admin"
REMOTE_REFUSED = ("the local development key is accepted from this machine only "
                  "(loopback); use a configured API key or token from elsewhere")


def make_local_key(path: Path | None = None) -> str:
    """A new admin key; its hash replaces the previous one in `path` (LOCAL_KEY_FILE).
    Returns the key."""
    path = path or LOCAL_KEY_FILE
    key = generate_api_key()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write("# stsgraph up: the local admin key's sha256 (the key itself is not kept)\n"
                  f"admin:{hash_api_key(key)}:{LOCAL_KEY_NAME}\n")
    return key


def local_key_entries(settings: Settings) -> list[ApiKeyEntry]:
    """The local key's entry when `local_key_file` is set (development), else nothing."""
    if settings.local_key_file is None:
        return []
    path = Path(settings.local_key_file)
    return parse_api_keys(path.read_text(encoding="utf-8"), str(path))


def is_loopback(host: str | None) -> bool:
    try:
        return host is not None and ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def _presented_key(headers: dict[bytes, bytes]) -> str | None:
    key = headers.get(API_KEY_HEADER.encode())
    if key is not None:
        return key.decode("latin-1").strip()
    authorization = headers.get(b"authorization", b"").decode("latin-1").strip()
    scheme, _, value = authorization.partition(" ")
    return value.strip() if scheme.lower() == "apikey" else None


class LoopbackOnlyKey:
    """ASGI middleware: a request presenting one of `digests` from a non-loopback client is
    answered 401 UNAUTHENTICATED (GraphQL's error shape) before reaching any route."""

    def __init__(self, app: ASGIApp, digests: frozenset[str]) -> None:
        self.app = app
        self.digests = digests

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.digests:
            key = _presented_key(dict(scope.get("headers") or []))
            client = scope.get("client")
            if key and hash_api_key(key) in self.digests and \
                    not is_loopback(client[0] if client else None):
                await _refuse(send)
                return
        await self.app(scope, receive, send)


async def _refuse(send: Send) -> None:
    body = orjson.dumps({"errors": [{"message": REMOTE_REFUSED,
                                     "extensions": {"code": "UNAUTHENTICATED"}}]})
    await send({"type": "http.response.start", "status": 401, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
        (b"www-authenticate", WWW_AUTHENTICATE.encode())]})
    await send({"type": "http.response.body", "body": body})


def install_local_key(app: FastAPI, authenticator: Authenticator, settings: Settings) -> None:
    """Development: accept the local admin key (from loopback clients only)."""
    entries = local_key_entries(settings)
    if entries:
        authenticator.api_keys.extend(entries)
        app.add_middleware(LoopbackOnlyKey, digests=frozenset(e.digest for e in entries))


DEV_SERVER_ORIGINS = "http://127.0.0.1:5173,http://localhost:5173"  # web/: `npm run dev`


def start_local_session(host: str, port: int) -> str:
    """For `stsgraph up`: a new local admin key for the server about to start (through the
    environment, so every worker sees it), CORS for the explorer's dev server unless
    STSGRAPH_CORS_ORIGINS says otherwise; returns what to print."""
    from app.settings import get_settings

    key = make_local_key()
    os.environ["STSGRAPH_LOCAL_KEY_FILE"] = str(LOCAL_KEY_FILE)
    os.environ.setdefault("STSGRAPH_CORS_ORIGINS", DEV_SERVER_ORIGINS)
    get_settings.cache_clear()
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    base = f"http://{shown}:{port}"
    return (
        f"\n  Explorer (signed in as local admin):  {base}/#key={key}\n\n"
        f"  GraphiQL, X-API-Key header filled in:  {base}/graphql#key={key}\n"
        f"  curl:  export STSGRAPH_KEY={key}\n"
        f"         curl -s {base}/graphql -H \"X-API-Key: $STSGRAPH_KEY\" "
        "-H 'Content-Type: application/json' -d '{\"query\": \"{ parks { totalCount } }\"}'\n\n"
        "  The key is new each time `make run` starts, and accepted from this machine only.\n"
    )
