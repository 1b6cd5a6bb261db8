"""One Settings class for the whole process, read from the environment (prefix STSGRAPH_).

`NEO4J_URI`, `NEO4J_USER` and `NEO4J_PASSWORD` are also read without the prefix because
that is what the Neo4j image and every Neo4j tool use.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="STSGRAPH_", env_file=".env", extra="ignore")

    # Neo4j. An empty URI means "the local embedded Neo4j from neo4j-local/".
    neo4j_uri: str = Field(
        default="", validation_alias=AliasChoices("NEO4J_URI", "STSGRAPH_NEO4J_URI")
    )
    neo4j_user: str = Field(
        default="neo4j", validation_alias=AliasChoices("NEO4J_USER", "STSGRAPH_NEO4J_USER")
    )
    neo4j_password: str = Field(
        default="stsgraph-dev",
        validation_alias=AliasChoices("NEO4J_PASSWORD", "STSGRAPH_NEO4J_PASSWORD"),
    )
    neo4j_database: str = "neo4j"
    neo4j_query_timeout_s: float = 30.0
    neo4j_pool_size: int = 50
    # After Neo4j was found unreachable, calls fail at once (DATABASE_UNAVAILABLE) until one
    # is let through to try again, this long after the last failure (graph/guarded.py).
    neo4j_retry_after_s: float = Field(default=2.0, gt=0)

    # The local embedded Neo4j used when neo4j_uri is empty.
    local_neo4j_port: int = 7687
    local_neo4j_dir: Path = PROJECT_ROOT / ".neo4j-local"
    local_neo4j_heap: str = "2g"
    local_neo4j_page_cache_mb: int = 1024

    # HTTP server.
    host: str = "127.0.0.1"
    port: int = 8000
    debug: bool = False
    graphiql: bool = True  # the in-browser IDE at GET /graphql; turn off in production
    introspection: bool = True  # __schema / __type queries; turn off in production
    # On SIGTERM, requests in flight get this long to finish before they are cut.
    shutdown_grace_s: int = Field(default=30, ge=0)
    # Origins allowed to call the API from a browser (CORS), comma-separated; none when empty.
    # `stsgraph up` (development) allows the explorer's dev server (web/, `npm run dev`).
    cors_origins: str = ""
    # The built explorer (web/, `npm run build`), served at `/`; GraphiQL's page comes from it.
    web_dir: Path = PROJECT_ROOT / "web" / "dist"
    # Development only: a file holding the hash of the local admin key `stsgraph up` makes
    # (app/local_key.py); that key is accepted from loopback clients only. Unset in production.
    local_key_file: Path | None = None

    # GraphQL pages: `first` defaults to default_page_size and may not exceed max_page_size.
    default_page_size: int = 20
    max_page_size: int = Field(default=100, ge=1, le=500)

    # Auth (docs/api-auth.md). Roles: viewer < planner < editor < admin.
    # API keys are stored hashed: comma- or newline-separated `role:sha256hex[:name]` entries
    # (make one with `app.auth.hash_api_key`); api_keys_file holds one such entry a line.
    api_keys: str = ""
    api_keys_file: Path | None = None
    # JWT bearer tokens with claims sub, role, exp: HS256 signed with jwt_secret (off while
    # empty, else at least 32 bytes), and RS256/ES256 signed by the identity provider whose
    # key set is at jwt_jwks_url (off while empty; app/jwks.py). jwt_algorithms lists the
    # algorithms accepted, comma-separated.
    jwt_secret: SecretStr = SecretStr("")
    jwt_jwks_url: str = ""
    jwt_algorithms: str = "HS256,RS256,ES256"
    jwt_jwks_cache_s: float = Field(default=300.0, ge=0)  # the key set is fetched again after
    # a token naming an unknown `kid` fetches the key set at once, at most this often
    jwt_jwks_min_refresh_s: float = Field(default=30.0, ge=0)
    jwt_audience: str | None = None  # when set, tokens must carry this `aud`
    jwt_issuer: str | None = None  # when set, tokens must carry this `iss`
    jwt_leeway_s: float = Field(default=0.0, ge=0)  # clock skew tolerated on exp/nbf/iat
    # Whether clients without credentials may run reads (not analysis fields, not mutations),
    # and see /docs, /openapi.json and /metrics.
    anonymous_read: bool = True
    # Requests per minute per credential (anonymous clients: per address), with bursts of
    # rate_limit_burst; over it, HTTP 429 with Retry-After. 0 turns the limit off.
    rate_limit_per_minute: float = Field(default=600.0, ge=0)
    rate_limit_burst: int = Field(default=100, ge=1)

    # Limits on one GraphQL request; exceeding one is QUERY_TOO_COMPLEX (or HTTP 413).
    max_depth: int = Field(default=10, ge=1)  # nesting of selections below a root field
    max_aliases: int = Field(default=30, ge=0)  # aliased fields in the whole document
    max_tokens: int = Field(default=2000, ge=1)  # lexical tokens (and comments) in the document
    # field selections once every fragment spread is expanded (checked before validation)
    max_selections: int = Field(default=2000, ge=1)
    # input objects (`{...}` values) in the document and the variables together
    max_input_objects: int = Field(default=100, ge=1)
    max_body_bytes: int = Field(default=1_048_576, ge=1024)  # HTTP request body, any route
    # Automatic persisted queries (app/persisted_queries.py): queries kept by their sha256,
    # least recently used dropped past this many entries or characters in all; 0 keeps none.
    persisted_queries_max_entries: int = Field(default=1000, ge=0)
    persisted_queries_max_chars: int = Field(default=2_000_000, ge=0)

    # Whole-graph analyses (clusterScores, planProgress, ...) reuse their projection this long;
    # mutations made through this process invalidate it at once.
    analysis_cache_s: float = 30.0
    # Who computes PageRank, betweenness, eigenvector and communities (analysis/backends.py):
    # auto = igraph when installed, else networkx; networkx forces pure Python.
    analysis_backend: Literal["auto", "networkx", "igraph"] = "auto"

    # Loader.
    load_batch_size: int = 5000
    # POST /loads (app/loads.py): the request body (a zip and/or dataset files), and what the
    # files hold once unzipped; a load over HTTP is written in one transaction.
    load_max_bytes: int = Field(default=64 * 1_048_576, ge=1024)
    load_max_unpacked_bytes: int = Field(default=256 * 1_048_576, ge=1024)

    # OpenTelemetry traces over OTLP/HTTP (needs the `otel` extra), e.g.
    # http://collector:4318/v1/traces; empty: no tracing.
    otel_endpoint: str = ""
    otel_service_name: str = "stsgraph"

    @property
    def effective_neo4j_uri(self) -> str:
        return self.neo4j_uri or f"bolt://127.0.0.1:{self.local_neo4j_port}"

    @property
    def uses_local_neo4j(self) -> bool:
        return not self.neo4j_uri


@lru_cache
def get_settings() -> Settings:
    return Settings()
