"""Request-body size limit for every route (settings.max_body_bytes), as ASGI middleware.

A declared Content-Length over the limit is refused before the body is read; a chunked
body is read up to the limit and refused as soon as it passes it. The refusal is HTTP 413
with a GraphQL-shaped JSON body whose extensions.code is BAD_USER_INPUT.

The other limits of a GraphQL request live elsewhere (docs/api-auth.md lists them all):
JSON nesting and lone surrogates in app/graphql_view.py (400), the rate limit in
app/ratelimit.py (429), depth, aliases and tokens in schema/extensions/limits.py, the
expanded size and input objects in schema/extensions/cost.py (QUERY_TOO_COMPLEX), filter
terms, orderBy, search text and cursors in schema/compiler.py, the `first` cap
(settings.max_page_size) in the resolvers (BAD_USER_INPUT), the Cypher transaction timeout
(settings.neo4j_query_timeout_s) in graph/ (QUERY_TOO_COMPLEX).
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from schema.errors import ErrorCode


def _too_large_body(max_bytes: int) -> bytes:
    return json.dumps({"errors": [{
        "message": f"the request body exceeds the limit of {max_bytes} bytes",
        "extensions": {"code": str(ErrorCode.BAD_USER_INPUT)},
    }]}).encode()


class BodySizeLimit:
    """`max_bytes` for every route but those of `path_limits` (path -> their own limit:
    dataset uploads to /loads, settings.load_max_bytes)."""

    def __init__(self, app: ASGIApp, max_bytes: int,
                 path_limits: dict[str, int] | None = None) -> None:
        self.app = app
        self.default_max_bytes = max_bytes
        self.path_limits = path_limits or {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        max_bytes = self.path_limits.get(scope.get("path", ""), self.default_max_bytes)
        await self._limited(scope, receive, send, max_bytes)

    async def _limited(self, scope: Scope, receive: Receive, send: Send,
                       max_bytes: int) -> None:
        declared = None
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = None
        if declared is not None:
            if declared > max_bytes:
                await self._refuse(send, max_bytes)
                return
            # the server delivers exactly the declared length
            await self.app(scope, receive, send)
            return

        # No declared length (chunked): read it all, up to the limit, then replay it.
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # disconnect: let the app see it
                chunks_message: Message = message
                break
            body = message.get("body", b"")
            size += len(body)
            if size > max_bytes:
                await self._refuse(send, max_bytes)
                return
            chunks.append(body)
            if not message.get("more_body", False):
                chunks_message = {"type": "http.request", "body": b"".join(chunks),
                                  "more_body": False}
                break

        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return chunks_message
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, send: Send, max_bytes: int) -> None:
        body = _too_large_body(max_bytes)
        await send({"type": "http.response.start", "status": 413, "headers": [
            (b"content-type", b"application/json; charset=utf-8"),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ]})
        await send({"type": "http.response.body", "body": body})
