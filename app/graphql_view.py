"""GraphQL over HTTP (https://graphql.github.io/graphql-over-http/draft/) for /graphql.

A small view of our own in place of strawberry's GraphQLRouter, which answers every
request with application/json and malformed requests with plain text. Here:

- Responses are `application/graphql-response+json` when the client accepts it (its Accept
  ranks it at least as high as application/json), else `application/json` (also with no
  Accept, or `*/*`); an Accept admitting neither is 406. GET with an Accept preferring
  text/html and no `query` parameter gets GraphiQL when `settings.graphiql` is on.
- POST bodies must be `application/json` (charset utf-8 or none; else 415) holding a JSON
  object with a string `query` and optional `operationName` (string), `variables` and
  `extensions` (objects); anything else is 400. GET takes the same as URL parameters
  (`variables` and `extensions` JSON-encoded) and runs queries only: a mutation over GET
  is 405 with `Allow: POST`. Other methods are 405 with `Allow: GET, POST`.
- Automatic persisted queries (app/persisted_queries.py): `extensions.persistedQuery` with
  no `query` runs the query registered under its hash, or answers PERSISTED_QUERY_NOT_FOUND
  (a request error: 404 with graphql-response+json); with a `query` the hash must match.
- Credentials (app/auth.py) are checked first: invalid ones are 401 whatever the body.
  Then the caller's rate limit (app/ratelimit.py): over it, 429 with Retry-After and code
  RATE_LIMITED (invalid credentials draw from their address's allowance).
- A request error — parsing, validation, variable coercion, limits, permissions: the
  response has no `data` — is 400 (QUERY_TOO_COMPLEX and BAD_USER_INPUT), 401
  (UNAUTHENTICATED), 403 (FORBIDDEN) or 5xx with graphql-response+json. With
  application/json it is 200, as the spec asks for that legacy type, except 401/403,
  which the spec allows for requests the client is not permitted to make.
- Once execution has started the response has `data` (possibly null) and is 200, even
  when fields failed (e.g. DATABASE_UNAVAILABLE): a partial result, per the spec.
- Errors of the view itself (malformed requests, 405, 406, 415) have the same JSON shape:
  `{"errors": [{"message": ..., "extensions": {"code": "BAD_USER_INPUT"}}]}`.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

import orjson
from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from graphql import GraphQLError
from starlette.background import BackgroundTasks
from strawberry.exceptions import MissingQueryError
from strawberry.schema.base import BaseSchema
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types.graphql import OperationType

from app.auth import WWW_AUTHENTICATE, AuthenticationError, Authenticator, authenticate
from app.observability import Metrics
from app.persisted_queries import (
    PersistedQueryRequest,
    PersistedQueryStore,
    check_hash,
    persisted_query_of,
)
from app.ratelimit import RateLimiter, retry_after
from app.settings import Settings
from app.web import PAGE_HEADERS, graphiql_page
from schema.errors import HTTP_STATUS, BadUserInput, ErrorCode, error_code, with_codes
from schema.principal import Principal

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
JSON = "application/json"
HTML = "text/html"

# Tie-breaks between offers with the same quality: an explicit range prefers the GraphQL
# media type, a wildcard (`*/*`, `application/*`, no Accept) prefers application/json.
_PREFER_EXACT = {GRAPHQL_RESPONSE_JSON: 2, JSON: 1, HTML: 0}
_PREFER_WILDCARD = {JSON: 2, GRAPHQL_RESPONSE_JSON: 1, HTML: 0}
# Which code decides the status of a request error holding several.
_STATUS_ORDER = (ErrorCode.UNAUTHENTICATED, ErrorCode.FORBIDDEN, ErrorCode.BAD_USER_INPUT,
                 ErrorCode.QUERY_TOO_COMPLEX, ErrorCode.RATE_LIMITED,
                 ErrorCode.PERSISTED_QUERY_NOT_FOUND, ErrorCode.NOT_FOUND,
                 ErrorCode.CONFLICT, ErrorCode.DATABASE_UNAVAILABLE, ErrorCode.INTERNAL)

ContextGetter = Callable[[Request], Awaitable[Any]]
# JSON nesting allowed in `variables` and `extensions`: no input type of the schema comes
# near it, and deeper values would recurse through input coercion and the compiler.
MAX_JSON_DEPTH = 64


class HttpError(Exception):
    """A request refused before GraphQL runs; answered with a GraphQL-shaped error body."""

    def __init__(self, status: int, message: str, code: ErrorCode = ErrorCode.BAD_USER_INPUT,
                 headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code
        self.headers = dict(headers or {})


def _media_ranges(accept: str) -> list[tuple[str, str, float]]:
    ranges = []
    for part in accept.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        if "/" not in media:
            continue
        main, _, sub = media.lower().partition("/")
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((main.strip(), sub.strip(), q))
    return ranges


def negotiate(accept: str | None, offers: Sequence[str]) -> str | None:
    """The offered media type the Accept header ranks best, None when none is acceptable."""
    ranges = _media_ranges(accept) if accept and accept.strip() else [("*", "*", 1.0)]
    best: tuple[float, int, int] | None = None
    chosen = None
    for offer in offers:
        main, _, sub = offer.partition("/")
        match: tuple[int, float] | None = None  # (specificity, q) of the most specific range
        for r_main, r_sub, q in ranges:
            if (r_main, r_sub) == (main, sub):
                specificity = 2
            elif r_main == main and r_sub == "*":
                specificity = 1
            elif (r_main, r_sub) == ("*", "*"):
                specificity = 0
            else:
                continue
            if match is None or specificity > match[0]:
                match = (specificity, q)
        if match is None or match[1] <= 0:
            continue
        specificity, q = match
        prefer = (_PREFER_EXACT if specificity == 2 else _PREFER_WILDCARD)[offer]
        key = (q, specificity, prefer)
        if best is None or key > best:
            best, chosen = key, offer
    return chosen


def _json_bytes(body: Any) -> bytes:
    try:
        return orjson.dumps(body)
    except TypeError:  # ints beyond 64 bits and other rarities
        return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


def _check_json(value: Any, name: str) -> None:
    """Refuse JSON nested deeper than MAX_JSON_DEPTH, and strings that are not Unicode text
    (a lone surrogate such as "\\ud800" decodes from JSON but cannot be sent to Neo4j)."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                raise HttpError(400, f"{name} holds a string that is not valid Unicode "
                                     "(a lone surrogate escape such as \\ud800)") from None
            continue
        children = item.values() if isinstance(item, dict) else \
            item if isinstance(item, list) else None
        if children is None:
            continue
        if depth >= MAX_JSON_DEPTH:
            raise HttpError(400, f"{name} nests deeper than {MAX_JSON_DEPTH} levels")
        if isinstance(item, dict):
            stack.extend((key, depth + 1) for key in item)
        stack.extend((child, depth + 1) for child in children)


def _error_body(message: str, code: ErrorCode) -> dict[str, Any]:
    return {"errors": [{"message": message, "extensions": {"code": str(code)}}]}


class GraphQLView:
    """The /graphql endpoint; `router()` gives the APIRouter to include at /graphql."""

    def __init__(self, schema: BaseSchema, context_getter: ContextGetter, settings: Settings,
                 authenticator: Authenticator, metrics: Metrics | None = None,
                 limiter: RateLimiter | None = None) -> None:
        self.schema = schema
        self.context_getter = context_getter
        self.settings = settings
        self.authenticator = authenticator
        self.metrics = metrics or Metrics()
        self.limiter = limiter or RateLimiter(0, 1)
        self.graphiql_html = graphiql_page(settings) if settings.graphiql else None
        self.persisted = PersistedQueryStore(settings.persisted_queries_max_entries,
                                             settings.persisted_queries_max_chars)

    def router(self) -> APIRouter:
        router = APIRouter()
        router.add_api_route("", self.handle, methods=["GET", "POST"], include_in_schema=False)
        router.add_api_route("", self.not_allowed, methods=["PUT", "PATCH", "DELETE"],
                             include_in_schema=False)
        return router

    async def not_allowed(self, request: Request) -> Response:
        return self._http_error(HttpError(405, f"{request.method} is not supported; "
                                               "use GET (queries) or POST",
                                          headers={"Allow": "GET, POST"}), JSON)

    async def handle(self, request: Request) -> Response:
        accept = request.headers.get("accept")
        wants_ide = (request.method == "GET" and self.graphiql_html is not None
                     and "query" not in request.query_params)
        media = negotiate(accept, [GRAPHQL_RESPONSE_JSON, JSON, HTML] if wants_ide
                          else [GRAPHQL_RESPONSE_JSON, JSON])
        if media == HTML:
            return HTMLResponse(self.graphiql_html, headers=PAGE_HEADERS)
        if media is None:
            return self._http_error(HttpError(
                406, f"cannot answer with any type in Accept: {accept}; this endpoint "
                     f"answers {GRAPHQL_RESPONSE_JSON} or {JSON}"), JSON)
        try:
            return await self._graphql(request, media)
        except HttpError as e:
            self.metrics.rejected(str(e.code))
            return self._http_error(e, media)

    def _limit(self, request: Request, principal: Principal | None) -> None:
        """Refuse with 429 when the caller (or, anonymous, its address) is over its rate."""
        key = f"{principal.method}:{principal.subject}" if principal is not None else \
            f"address:{request.client.host if request.client else '?'}"
        wait = self.limiter.acquire(key)
        if wait > 0:
            raise HttpError(429, f"too many requests; retry in {retry_after(wait)} s",
                            ErrorCode.RATE_LIMITED, {"Retry-After": retry_after(wait)})

    async def _graphql(self, request: Request, media: str) -> Response:
        try:
            principal = await authenticate(self.authenticator, request.headers)
        except AuthenticationError as e:
            self._limit(request, None)  # guessing credentials counts against the address
            raise HttpError(401, str(e), ErrorCode.UNAUTHENTICATED,
                            {"WWW-Authenticate": WWW_AUTHENTICATE}) from None
        self._limit(request, principal)
        params = await self._params(request)
        request.state.principal = principal
        try:
            persisted = persisted_query_of(params["extensions"])
            if persisted is not None and params["query"] is not None:
                check_hash(params["query"], persisted)
        except BadUserInput as e:
            raise HttpError(400, e.message) from None
        if persisted is not None and params["query"] is None:
            params["query"] = self.persisted.get(persisted.sha256_hash)
            if params["query"] is None:
                return self._not_persisted(media)

        context = await self.context_getter(request)
        sub_response = Response()
        tasks = BackgroundTasks()
        for name, value in (("request", request), ("response", sub_response),
                            ("background_tasks", tasks)):
            if hasattr(context, name):
                setattr(context, name, value)

        is_get = request.method == "GET"
        allowed = {OperationType.QUERY} if is_get else {OperationType.QUERY,
                                                        OperationType.MUTATION}
        try:
            result = await self.schema.execute(
                params["query"], variable_values=params["variables"], context_value=context,
                operation_name=params["operationName"], allowed_operation_types=allowed,
                operation_extensions=params["extensions"])
        except InvalidOperationTypeError as e:
            if is_get:
                raise HttpError(405, f"{e.operation_type.value} operations cannot be sent "
                                     "with GET; use POST", headers={"Allow": "POST"}) from None
            return self._respond(media, None, [GraphQLError(
                f"{e.operation_type.value} operations are not supported over HTTP")],
                None, sub_response, tasks)
        except CannotGetOperationTypeError as e:
            return self._respond(media, None, [GraphQLError(e.as_http_error_reason())],
                                 None, sub_response, tasks)
        except MissingQueryError:
            raise HttpError(400, "the request has no GraphQL query") from None
        self._register(persisted, params["query"], result.data, result.errors)
        return self._respond(media, result.data, result.errors or [], result.extensions,
                             sub_response, tasks)

    def _not_persisted(self, media: str) -> Response:
        # Apollo's message and code: its clients look for either, then send the query.
        error = GraphQLError("PersistedQueryNotFound", extensions={
            "code": str(ErrorCode.PERSISTED_QUERY_NOT_FOUND)})
        return self._respond(media, None, [error], None, Response(), BackgroundTasks())

    def _register(self, persisted: PersistedQueryRequest | None, query: str,
                  data: dict[str, Any] | None, errors: list[GraphQLError] | None) -> None:
        """Keep a query sent with its hash once it has executed: one that does not parse,
        validate or pass the role check is not worth a place in the store."""
        if persisted is None:
            return
        if data is None and errors and all(e.path is None for e in errors):
            return
        self.persisted.put(persisted.sha256_hash, query)

    async def _params(self, request: Request) -> dict[str, Any]:
        if request.method == "GET":
            raw: dict[str, Any] = dict(request.query_params)
            for name in ("variables", "extensions"):
                text = raw.get(name)
                if text is None or text == "":
                    raw[name] = None
                    continue
                try:
                    raw[name] = json.loads(text)
                except (ValueError, RecursionError):
                    raise HttpError(400, f"`{name}` must be a JSON-encoded object") from None
        else:
            raw = self._json_body(request.headers.get("content-type"), await request.body())
        query = raw.get("query")
        extensions = raw.get("extensions")
        if query is None and not (isinstance(extensions, dict)
                                  and extensions.get("persistedQuery") is not None):
            raise HttpError(400, "the request has no `query` parameter")
        if query is not None and not isinstance(query, str):
            raise HttpError(400, "`query` must be a string")
        if query is not None and not query.strip():
            raise HttpError(400, "`query` is empty")
        operation_name = raw.get("operationName")
        if operation_name is not None and not isinstance(operation_name, str):
            raise HttpError(400, "`operationName` must be a string or null")
        for name in ("variables", "extensions"):
            if raw.get(name) is not None and not isinstance(raw[name], dict):
                raise HttpError(400, f"`{name}` must be an object or null")
            _check_json(raw.get(name), f"`{name}`")
        if query is not None:
            _check_json(query, "`query`")
        if operation_name is not None:
            _check_json(operation_name, "`operationName`")
        return {"query": query, "operationName": operation_name,
                "variables": raw.get("variables"), "extensions": raw.get("extensions")}

    @staticmethod
    def _json_body(content_type: str | None, body: bytes) -> dict[str, Any]:
        if not content_type:
            raise HttpError(415, f"a POST needs Content-Type: {JSON}")
        mime, *params = (p.strip() for p in content_type.split(";"))
        if mime.lower() != JSON:
            raise HttpError(415, f"unsupported Content-Type {mime!r}; send {JSON}")
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "charset" and \
                    value.strip().strip('"').lower() not in ("utf-8", "utf8"):
                raise HttpError(415, f"unsupported charset {value.strip()!r}; send utf-8")
        if not body.strip():
            raise HttpError(400, "the request body is empty")
        try:
            data = json.loads(body.decode("utf-8-sig"))
        except ValueError:  # also UnicodeDecodeError
            raise HttpError(400, "the request body is not valid UTF-8 JSON") from None
        except RecursionError:  # json.loads recurses once per nesting level
            raise HttpError(400, f"the request body nests deeper than {MAX_JSON_DEPTH} "
                                 "levels") from None
        if not isinstance(data, dict):
            raise HttpError(400, "the request body must be a JSON object "
                                 "(batched requests are not supported)")
        return data

    def _respond(self, media: str, data: dict[str, Any] | None, raw_errors: list[GraphQLError],
                 extensions: dict[str, Any] | None, sub_response: Response,
                 tasks: BackgroundTasks) -> Response:
        errors = with_codes(raw_errors, debug=self.settings.debug)
        # No data and no error located in the result: the operation never executed.
        request_error = data is None and bool(errors) and all(e.path is None for e in errors)
        body: dict[str, Any] = {} if request_error else {"data": data}
        if errors:
            body["errors"] = [e.formatted for e in errors]
        if extensions:
            body["extensions"] = extensions
        status, headers = 200, {}
        if request_error:
            codes = {error_code(e) for e in errors}
            code = next(c for c in _STATUS_ORDER if c in codes)
            if code in (ErrorCode.UNAUTHENTICATED, ErrorCode.FORBIDDEN) or \
                    media == GRAPHQL_RESPONSE_JSON:
                status = HTTP_STATUS[code]
            if code is ErrorCode.UNAUTHENTICATED:
                headers["WWW-Authenticate"] = WWW_AUTHENTICATE
        response = Response(_json_bytes(body), status_code=status, headers=headers,
                            media_type=f"{media}; charset=utf-8", background=tasks)
        for name, value in sub_response.headers.items():
            if name not in ("content-length", "content-type"):
                response.headers.append(name, value)
        return response

    @staticmethod
    def _http_error(error: HttpError, media: str) -> Response:
        return Response(_json_bytes(_error_body(error.message, error.code)),
                        status_code=error.status, headers=error.headers,
                        media_type=f"{media}; charset=utf-8")
