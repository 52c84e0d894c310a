"""The API's documentation, Swagger UI at /docs and ReDoc at /redoc, from local files: it works offline.

FastAPI's own pages load both from a CDN and start Swagger UI with an inline script, which the security
policy forbids; here the bundles come from the `fastapi-offline` package and the start is a static file.
"""

from pathlib import Path

import fastapi_offline
from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS_DIR = Path(fastapi_offline.__file__).resolve().parent / "static"
ASSETS_URL = "/docs-assets"

router = APIRouter(include_in_schema=False)

_PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{title}</title>
  <link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
  {head}
</head>
<body>
  {body}
</body>
</html>
"""


@router.get("/docs", response_class=HTMLResponse)
def swagger_ui() -> HTMLResponse:
    return HTMLResponse(_PAGE.format(
        title="Smart Industri kunskapsbank – API (Swagger UI)",
        head=f'<link rel="stylesheet" href="{ASSETS_URL}/swagger-ui.css">',
        body=(
            '<div id="swagger-ui" data-openapi-url="/openapi.json"></div>\n'
            f'  <script src="{ASSETS_URL}/swagger-ui-bundle.js"></script>\n'
            '  <script src="/static/swagger-start.js"></script>'
        ),
    ))


@router.get("/redoc", response_class=HTMLResponse)
def redoc() -> HTMLResponse:
    return HTMLResponse(_PAGE.format(
        title="Smart Industri kunskapsbank – API (ReDoc)",
        head="",
        body=f'<redoc spec-url="/openapi.json"></redoc>\n  <script src="{ASSETS_URL}/redoc.standalone.js"></script>',
    ))


def install(app: FastAPI) -> None:
    app.include_router(router)
    app.mount(ASSETS_URL, StaticFiles(directory=ASSETS_DIR), name="docs-assets")
