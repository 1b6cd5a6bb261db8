# The API image. Neo4j runs as its own service (docker-compose.yml).

# The explorer (web/): built from npm packages pinned by its lockfile; only dist/ is kept.
FROM node:20-slim AS web
WORKDIR /web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/ ./
RUN npm run build

FROM python:3.11-slim AS base
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
# The annual report's PDF (docs/reports.md): Pango for WeasyPrint, Noto CJK so Chinese is
# never tofu (the same packages as `make sysdeps`, less the tests' poppler-utils).
RUN apt-get update -qq \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
       libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY graph ./graph
COPY schema ./schema
COPY loaders ./loaders
COPY analysis ./analysis
COPY app ./app
COPY data ./data
COPY --from=web /web/dist ./web/dist
ENV STSGRAPH_WEB_DIR=/app/web/dist
RUN pip install '.[otel]' && useradd --system --uid 10001 stsgraph
USER stsgraph
# Production defaults: credentials for everything, no introspection, no GraphiQL.
ENV STSGRAPH_ANONYMOUS_READ=false STSGRAPH_INTROSPECTION=false STSGRAPH_GRAPHIQL=false
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --retries=5 \
  CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz').status == 200 else 1)"
# `stsgraph serve` checks the configuration first (one line, no traceback, when it is
# wrong) and shuts down gracefully on SIGTERM (STSGRAPH_SHUTDOWN_GRACE_S).
CMD ["stsgraph", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "2", \
     "--no-access-log"]
