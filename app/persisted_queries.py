"""Automatic persisted queries (Apollo's APQ protocol) for /graphql.

A client sends `extensions.persistedQuery = {version: 1, sha256Hash}`:
- with the hash only: the query registered under that hash runs; unknown (never sent, or
  evicted) → the error PERSISTED_QUERY_NOT_FOUND, and the client sends it again with the
  query;
- with the query too: the hash must be the sha256 hex of the query's exact text (else
  BAD_USER_INPUT, nothing stored); the query runs and, once it has executed (parsed,
  validated, allowed), is registered under the hash.

The store is an in-process LRU bounded in entries and in characters, so one caller cannot
grow it without limit; each worker has its own (a client re-sends the query to a worker
that never saw it, which is what the protocol is for). GET works as POST, so a registered
query can be fetched through HTTP caches with a short URL.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from schema.errors import BadUserInput

APQ_VERSION = 1
_SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")


def sha256_hex(query: str) -> str:
    """The hash a client sends for `query` (sha256 of its UTF-8 text, lower-case hex)."""
    return hashlib.sha256(query.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class PersistedQueryRequest:
    """What a request's `extensions.persistedQuery` asks for."""

    sha256_hash: str


def persisted_query_of(extensions: dict[str, Any] | None) -> PersistedQueryRequest | None:
    """The request's persisted-query extension, checked; None when it has none."""
    if not extensions or extensions.get("persistedQuery") is None:
        return None
    value = extensions["persistedQuery"]
    if not isinstance(value, dict):
        raise BadUserInput("`extensions.persistedQuery` must be an object "
                           "{version: 1, sha256Hash}")
    if value.get("version") != APQ_VERSION:
        raise BadUserInput(f"unsupported persisted query version {value.get('version')!r}; "
                           f"this server supports version {APQ_VERSION}")
    digest = value.get("sha256Hash")
    if not isinstance(digest, str) or not _SHA256_HEX.match(digest.lower()):
        raise BadUserInput("`extensions.persistedQuery.sha256Hash` must be a sha256 "
                           "hex digest (64 hex characters)")
    return PersistedQueryRequest(digest.lower())


class PersistedQueryStore:
    """Query texts by sha256, least recently used evicted past `max_entries` entries or
    `max_chars` characters in all (a query longer than `max_chars` is never stored)."""

    def __init__(self, max_entries: int, max_chars: int) -> None:
        self.max_entries = max_entries
        self.max_chars = max_chars
        self._queries: OrderedDict[str, str] = OrderedDict()
        self._chars = 0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._queries)

    @property
    def chars(self) -> int:
        return self._chars

    def get(self, digest: str) -> str | None:
        with self._lock:
            query = self._queries.get(digest)
            if query is not None:
                self._queries.move_to_end(digest)
            return query

    def put(self, digest: str, query: str) -> None:
        if self.max_entries <= 0 or len(query) > self.max_chars:
            return
        with self._lock:
            old = self._queries.pop(digest, None)
            if old is not None:
                self._chars -= len(old)
            self._queries[digest] = query
            self._chars += len(query)
            while len(self._queries) > self.max_entries or self._chars > self.max_chars:
                _, evicted = self._queries.popitem(last=False)
                self._chars -= len(evicted)


def check_hash(query: str, request: PersistedQueryRequest) -> None:
    """Refuse a query sent with a hash that is not its own (it would poison the store)."""
    if sha256_hex(query) != request.sha256_hash:
        raise BadUserInput("provided sha does not match query: `sha256Hash` must be the "
                           "sha256 hex digest of the query's exact UTF-8 text")
