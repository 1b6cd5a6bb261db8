"""Public keys of an identity provider, read from its JWKS URL, for RS256/ES256 tokens.

The key set is fetched on first use and kept `cache_s` seconds. A token naming a `kid` the
cached set lacks (the provider rotated its keys) fetches the set again at once — but at
most once every `min_refresh_s`, so tokens with made-up `kid`s cannot make this server
hammer the provider. When a fetch fails, the keys already held are kept (a provider outage
does not log everyone out); with no keys at all the token is refused.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import urllib.request
from collections.abc import Callable
from typing import Any

import jwt

log = logging.getLogger(__name__)

MAX_JWKS_BYTES = 1_048_576  # a real key set is a few KB
_KEY_TYPES = {"RS": "RSA", "PS": "RSA", "ES": "EC"}  # the JWK `kty` each family needs


class JwksError(Exception):
    """No key of the set can check this token (or the set could not be had)."""


def fetch_jwks(url: str, timeout_s: float) -> dict[str, Any]:
    """GET the key set at `url` (a JSON object with `keys`)."""
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout_s) as response:  # the scheme is checked
        body = response.read(MAX_JWKS_BYTES + 1)
    if len(body) > MAX_JWKS_BYTES:
        raise ValueError(f"the key set is larger than {MAX_JWKS_BYTES} bytes")
    data = json.loads(body)
    if not isinstance(data, dict) or not isinstance(data.get("keys"), list):
        raise ValueError("the key set is not a JSON object with a `keys` list")
    return data


class JwksKeys:
    """The verification keys of one JWKS URL, by `kid`."""

    def __init__(self, url: str, cache_s: float = 300.0, min_refresh_s: float = 30.0,
                 timeout_s: float = 5.0,
                 fetch: Callable[[str, float], dict[str, Any]] = fetch_jwks,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if not url.startswith(("https://", "http://")):
            raise ValueError(f"STSGRAPH_JWT_JWKS_URL must be an https:// (or http://) URL, "
                             f"not {url!r}")
        self.url = url
        self.cache_s = cache_s
        self.min_refresh_s = min_refresh_s
        self.timeout_s = timeout_s
        self._fetch = fetch
        self._clock = clock
        self._keys: dict[str, jwt.PyJWK] = {}
        self._fetched_at: float | None = None  # last attempt, successful or not
        self._lock = threading.Lock()
        self.fetches = 0

    def key_for(self, kid: str | None, algorithm: str) -> jwt.PyJWK:
        """The key to check a token with header `kid` signed with `algorithm`."""
        with self._lock:
            if self._stale():
                self._refresh()
            key = self._find(kid)
            if key is None and self._may_refresh():
                self._refresh()  # a rotated key the cached set does not have yet
                key = self._find(kid)
        if key is None:
            if not self._keys:
                raise JwksError("the identity provider's keys could not be fetched")
            raise JwksError(f"no key with kid {kid!r} in the identity provider's key set"
                            if kid is not None else
                            "the token has no `kid` and the key set holds several keys")
        declared = key._jwk_data.get("alg")
        if declared is not None and declared != algorithm:
            raise JwksError(f"key {kid!r} is for {declared}, not {algorithm}")
        if key.public_key_use not in (None, "sig"):
            raise JwksError(f"key {kid!r} is not a signing key")
        wanted = _KEY_TYPES.get(algorithm[:2])
        if key.key_type != wanted:
            raise JwksError(f"key {kid!r} is an {key.key_type} key; {algorithm} needs {wanted}")
        return key

    def _find(self, kid: str | None) -> jwt.PyJWK | None:
        if kid is None:
            return next(iter(self._keys.values())) if len(self._keys) == 1 else None
        return self._keys.get(kid)

    def _stale(self) -> bool:
        return self._fetched_at is None or self._clock() - self._fetched_at >= self.cache_s

    def _may_refresh(self) -> bool:
        return self._fetched_at is None or \
            self._clock() - self._fetched_at >= self.min_refresh_s

    def _refresh(self) -> None:
        self._fetched_at = self._clock()
        self.fetches += 1
        try:
            data = self._fetch(self.url, self.timeout_s)
            keys = jwt.PyJWKSet.from_dict(data)
        except (OSError, ValueError, jwt.PyJWTError) as e:
            log.warning("could not read the JWKS at %s (%s); keeping %d cached keys",
                        self.url, e, len(self._keys))
            return
        self._keys = {key.key_id or f"#{i}": key for i, key in enumerate(keys)}
