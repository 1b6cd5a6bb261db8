"""The browser side of the API: the explorer at `/`, its assets, GraphiQL's page, and CORS.

Everything is served from the explorer's build (`web/dist`, made by `make install` or the
Dockerfile's node stage from npm packages pinned by web/package-lock.json): no page loads
anything from the internet, which planners on government intranets do not have. The pages
carry a Content-Security-Policy that allows only this origin, so a stray CDN reference fails
loudly in development instead of silently offline.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from app.auth import API_KEY_HEADER
from app.settings import Settings

# 'unsafe-eval' is not needed; workers (the layout, GraphiQL's editor) come from blob: URLs.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data: blob:; font-src 'self' data:; worker-src 'self' blob:; "
       "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'")
PAGE_HEADERS = {"Content-Security-Policy": CSP, "Cache-Control": "no-cache",
                "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}

NOT_BUILT = """<!doctype html><html lang="zh-CN"><meta charset="utf-8">
<title>stsgraph</title><body style="font-family: sans-serif; max-width: 40em; margin: 3em auto">
<h1>浏览器界面尚未构建 · The explorer is not built</h1>
<p>运行 <code>make install</code>（执行 <code>npm ci</code> 与 <code>npm run build</code>）后重新启动。</p>
<p>Run <code>make install</code> (it runs <code>npm ci</code> and <code>npm run build</code> in
<code>web/</code>) and restart. Looked for <code>{path}</code>.</p>
<p>GraphQL 接口照常可用 · The GraphQL API works as usual at <code>/graphql</code>.</p>
</body></html>"""


def _page(web_dir: Path, name: str) -> HTMLResponse:
    path = web_dir / name
    if not path.is_file():
        return HTMLResponse(NOT_BUILT.format(path=path), status_code=503, headers=PAGE_HEADERS)
    return HTMLResponse(path.read_text(encoding="utf-8"), headers=PAGE_HEADERS)


def graphiql_page(settings: Settings) -> str:
    """GraphiQL's HTML from the explorer's build (its scripts are served from /assets)."""
    return bytes(_page(Path(settings.web_dir), "graphiql.html").body).decode("utf-8")


def cors_origins(settings: Settings) -> list[str]:
    return [o.strip().rstrip("/") for o in settings.cors_origins.split(",") if o.strip()]


def install_web(app: FastAPI, settings: Settings) -> None:
    """The explorer at `/`, its assets at `/assets`, and CORS for `cors_origins`."""
    web_dir = Path(settings.web_dir)

    @app.get("/", include_in_schema=False)
    async def explorer() -> HTMLResponse:
        return _page(web_dir, "index.html")

    app.mount("/assets", StaticFiles(directory=web_dir / "assets", check_dir=False),
              name="assets")
    origins = cors_origins(settings)
    if origins:
        # Preflight (OPTIONS with Access-Control-Request-Method) is answered here, before the
        # routes; credentials headers are allowed so a frontend can send keys and tokens.
        app.add_middleware(
            CORSMiddleware, allow_origins=origins, allow_credentials=True,
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", API_KEY_HEADER, "Content-Type", "Accept"],
            expose_headers=["WWW-Authenticate", "Content-Disposition"], max_age=600)
