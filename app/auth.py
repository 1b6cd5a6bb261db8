"""Who is calling: API keys (stored hashed) and JWT bearer tokens, mapped to a Principal.

Credentials travel in one header:
- `X-API-Key: <key>` or `Authorization: ApiKey <key>` — the key's sha256 is compared, in
  constant time, with the hashes configured in `api_keys` / `api_keys_file`
  (`role:sha256hex[:name]` entries; `hash_api_key(key)` makes the hash);
- `Authorization: Bearer <jwt>` — HS256, signed with `jwt_secret`, claims `sub`, `role` and
  `exp` required, `aud` / `iss` checked when `jwt_audience` / `jwt_issuer` are set.

Credentials that are present but wrong are refused (`AuthenticationError`); the request
never falls back to anonymous. No credentials at all gives `None`: an anonymous client,
which `anonymous_read` decides about (schema/permissions.py).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
from fastapi import HTTPException, Request

from app.settings import Settings
from schema.principal import Principal, Role

API_KEY_HEADER = "x-api-key"
WWW_AUTHENTICATE = 'Bearer realm="stsgraph", ApiKey realm="stsgraph"'
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
MIN_JWT_SECRET_BYTES = 32  # HS256 keys shorter than the hash are weak (RFC 7518 3.2)


class AuthenticationError(Exception):
    """Credentials were presented but are not valid."""


def hash_api_key(key: str) -> str:
    """The sha256 hex digest stored in configuration for an API key."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def generate_api_key() -> str:
    """A new random API key (43 URL-safe characters, 256 bits)."""
    return secrets.token_urlsafe(32)


@dataclass(frozen=True)
class ApiKeyEntry:
    role: Role
    digest: str
    name: str
    provinces: frozenset[str] | None = None  # an editor limited to these provinces


PROVINCES_PREFIX = "provinces="


def parse_provinces(value: object, role: Role, where: str) -> frozenset[str]:
    """The province ids of a scope (`a;b` text or a list of ids); ValueError naming `where`
    unless the role is editor and at least one id is given."""
    if role != Role.EDITOR:
        raise ValueError(f"{where}: only an editor can be limited to provinces "
                         f"(this is {role.label})")
    items = value.split(";") if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not all(isinstance(i, str) for i in items):
        raise ValueError(f"{where}: provinces must be region ids, `a;b` or a list")
    ids = frozenset(i.strip() for i in items if i.strip())
    if not ids:
        raise ValueError(f"{where}: provinces= names no region id")
    return ids


def parse_api_keys(text: str, source: str = "api_keys") -> list[ApiKeyEntry]:
    """Parse `role:sha256hex[:name]` entries separated by commas or newlines.

    Blank entries and lines starting with `#` are skipped; anything else malformed raises
    ValueError naming the source and entry, so a bad configuration stops start-up.
    """
    entries: list[ApiKeyEntry] = []
    for number, raw in enumerate(re.split(r"[,\n]", text), start=1):
        item = raw.strip()
        if not item or item.startswith("#"):
            continue
        parts = item.split(":", 2)
        if len(parts) < 2:
            raise ValueError(f"{source} entry {number}: expected role:sha256hex[:name]")
        provinces: frozenset[str] | None = None
        if len(parts) == 3 and PROVINCES_PREFIX in parts[2]:
            name_part, _, scope = parts[2].rpartition(":")
            if not scope.startswith(PROVINCES_PREFIX):
                raise ValueError(f"{source} entry {number}: the scope must be the last part, "
                                 "role:sha256hex:name:provinces=a;b")
            provinces = parse_provinces(scope[len(PROVINCES_PREFIX):], Role.parse(parts[0]),
                                        f"{source} entry {number}")
            parts[2] = name_part
        role = Role.parse(parts[0])
        digest = parts[1].strip().lower()
        if not _HEX64.match(digest):
            raise ValueError(f"{source} entry {number}: the key must be given as its sha256 "
                             "hex digest (64 hex characters), never in clear")
        name = parts[2].strip() if len(parts) == 3 and parts[2].strip() else \
            f"key-{digest[:8]}"
        entries.append(ApiKeyEntry(role, digest, name, provinces))
    return entries


def issue_jwt(secret: str, subject: str, role: Role | str, expires_in_s: float = 3600,
              audience: str | None = None, issuer: str | None = None,
              provinces: list[str] | None = None) -> str:
    """Sign an HS256 token this server accepts (for tests, scripts and the docs)."""
    now = int(time.time())
    claims: dict[str, Any] = {
        "sub": subject,
        "role": role.label if isinstance(role, Role) else role,
        "iat": now,
        "exp": now + int(expires_in_s),
    }
    if audience is not None:
        claims["aud"] = audience
    if issuer is not None:
        claims["iss"] = issuer
    if provinces is not None:
        claims["provinces"] = provinces
    return jwt.encode(claims, secret, algorithm="HS256")


class Authenticator:
    """Turns request headers into a Principal (or None for an anonymous client)."""

    def __init__(self, api_keys: list[ApiKeyEntry], jwt_secret: str = "",
                 jwt_audience: str | None = None, jwt_issuer: str | None = None,
                 jwt_leeway_s: float = 0.0) -> None:
        if jwt_secret and len(jwt_secret.encode("utf-8")) < MIN_JWT_SECRET_BYTES:
            raise ValueError(f"STSGRAPH_JWT_SECRET must be at least {MIN_JWT_SECRET_BYTES} "
                             "bytes (RFC 7518 3.2); e.g. python -c 'import secrets; "
                             "print(secrets.token_urlsafe(48))'")
        self.api_keys = api_keys
        self.jwt_secret = jwt_secret
        self.jwt_audience = jwt_audience
        self.jwt_issuer = jwt_issuer
        self.jwt_leeway_s = jwt_leeway_s

    @classmethod
    def from_settings(cls, settings: Settings) -> Authenticator:
        keys = parse_api_keys(settings.api_keys, "STSGRAPH_API_KEYS")
        if settings.api_keys_file is not None:
            path = Path(settings.api_keys_file)
            keys += parse_api_keys(path.read_text(encoding="utf-8"), str(path))
        return cls(keys, settings.jwt_secret.get_secret_value(), settings.jwt_audience,
                   settings.jwt_issuer, settings.jwt_leeway_s)

    def authenticate(self, headers: Mapping[str, str]) -> Principal | None:
        """The caller, None when no credentials were sent; AuthenticationError if invalid.

        A credential header sent twice is refused (`headers` with a `getlist`, as Starlette's,
        show repeats): proxies and servers disagree on which copy wins.
        """
        getlist = getattr(headers, "getlist", None)
        if getlist is not None:
            for name in (API_KEY_HEADER, "authorization"):
                if len(getlist(name)) > 1:
                    raise AuthenticationError(f"the {name} header is sent more than once; "
                                              "send one credential")
        authorization = headers.get("authorization")
        api_key = headers.get(API_KEY_HEADER)
        if authorization is not None and api_key is not None:
            raise AuthenticationError("send one credential: X-API-Key or Authorization")
        if api_key is not None:
            return self._api_key(api_key.strip())
        if authorization is None:
            return None
        scheme, _, value = authorization.strip().partition(" ")
        value = value.strip()
        if not value:
            raise AuthenticationError("malformed Authorization header")
        match scheme.lower():
            case "apikey":
                return self._api_key(value)
            case "bearer":
                return self._jwt(value)
            case _:
                raise AuthenticationError(
                    f"unsupported authorization scheme {scheme!r}; use Bearer or ApiKey")

    def _api_key(self, key: str) -> Principal:
        if not key:
            raise AuthenticationError("empty API key")
        digest = hash_api_key(key)
        found: ApiKeyEntry | None = None
        for entry in self.api_keys:  # no early exit: every entry is compared
            if hmac.compare_digest(digest, entry.digest):
                found = entry
        if found is None:
            raise AuthenticationError("invalid API key")
        return Principal(found.name, found.role, "api_key", found.provinces)

    def _jwt(self, token: str) -> Principal:
        if not self.jwt_secret:
            raise AuthenticationError("bearer tokens are not accepted by this server")
        try:
            claims = jwt.decode(
                token, self.jwt_secret, algorithms=["HS256"],
                audience=self.jwt_audience, issuer=self.jwt_issuer, leeway=self.jwt_leeway_s,
                options={"require": ["sub", "role", "exp"],
                         "verify_aud": self.jwt_audience is not None},
            )
        except jwt.ExpiredSignatureError:
            raise AuthenticationError("the bearer token has expired") from None
        except jwt.InvalidTokenError as e:
            raise AuthenticationError(f"invalid bearer token: {e}") from None
        subject, role = claims.get("sub"), claims.get("role")
        if not isinstance(subject, str) or not subject:
            raise AuthenticationError("invalid bearer token: `sub` must be a non-empty string")
        if not isinstance(role, str):
            raise AuthenticationError("invalid bearer token: `role` must be a string")
        try:
            parsed = Role.parse(role)
            provinces = None if claims.get("provinces") is None else parse_provinces(
                claims["provinces"], parsed, "the `provinces` claim")
            return Principal(subject, parsed, "jwt", provinces)
        except ValueError as e:
            raise AuthenticationError(f"invalid bearer token: {e}") from None


def request_principal(request: Request) -> Principal | None:
    """The principal the GraphQL view authenticated for this request (None: anonymous)."""
    principal = getattr(request.state, "principal", None)
    return principal if isinstance(principal, Principal) else None


def require_role(authenticator: Authenticator, role: Role,
                 anonymous_allowed: bool) -> Callable[[Request], Awaitable[Principal | None]]:
    """A FastAPI dependency guarding plain HTTP routes (e.g. /export) with the same rules.

    `anonymous_allowed` lets clients without credentials through (use anonymous_read for
    read routes); bad credentials are 401, a too-weak role 403.
    """

    async def dependency(request: Request) -> Principal | None:
        try:
            principal = authenticator.authenticate(request.headers)
        except AuthenticationError as e:
            raise HTTPException(401, str(e), headers={"WWW-Authenticate": WWW_AUTHENTICATE}) \
                from None
        if principal is None:
            if anonymous_allowed:
                return None
            raise HTTPException(401, "authentication required",
                                headers={"WWW-Authenticate": WWW_AUTHENTICATE})
        if not principal.has(role):
            raise HTTPException(403, f"this needs the {role.label} role "
                                     f"(you are {principal.role.label})")
        request.state.principal = principal
        return principal

    return dependency
