"""What the core's errors mean over HTTP, mapped once for the whole JSON API.

Every 422 has one shape, FastAPI's own (`{"detail": [{"type", "loc", "msg", …}]}`), as the OpenAPI
schema says; an error never repeats more than a short prefix of what was sent.
"""

import json
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from kb.api.models import ErrorOut
from kb.api.web.errors import not_found
from kb.matching.models import UnknownCompanyError
from kb.network.models import UnknownNodeError
from kb.search.query import InvalidQueryError
from kb.store.base import StoreError

SHOWN_INPUT_CHARS = 100  # of a rejected value, in an error
# What any route may answer besides its own responses, so the OpenAPI schema says so.
COMMON_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {
        "description": "The Host header names a host this server does not answer to (KB_ALLOWED_HOSTS).",
        "content": {"text/plain": {"schema": {"type": "string"}}},
    },
    413: {"model": ErrorOut, "description": "The request body is larger than KB_MAX_REQUEST_BYTES."},
    503: {"model": ErrorOut, "description": "The index cannot be used now; the message says why."},
}


def short_input(value: Any) -> Any:
    """A rejected value as an error may show it: itself when short, else the start of its JSON text."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return value if len(text) <= SHOWN_INPUT_CHARS else text[:SHOWN_INPUT_CHARS] + "…"


def validation_errors(errors: Any) -> list[dict[str, Any]]:
    shown = jsonable_encoder(errors)
    for error in shown:
        if "input" in error:
            error["input"] = short_input(error["input"])
    return shown


def install(app: FastAPI) -> None:
    """A request the user can mend is 422, an unknown company 404, an unusable index 503."""

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": validation_errors(exc.errors())}, status_code=422)

    @app.exception_handler(InvalidQueryError)
    async def invalid_query(request: Request, exc: InvalidQueryError) -> JSONResponse:
        return JSONResponse({"detail": [{"type": "invalid_query", "loc": [], "msg": str(exc)}]}, status_code=422)

    @app.exception_handler(UnknownCompanyError)
    @app.exception_handler(UnknownNodeError)
    async def unknown_company(request: Request, exc: LookupError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=404)

    @app.exception_handler(StoreError)
    async def store_unavailable(request: Request, exc: StoreError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=503)

    @app.exception_handler(StarletteHTTPException)
    async def not_found_page(request: Request, exc: StarletteHTTPException) -> Response:
        """An unknown address outside the JSON API gets the Swedish 404 page; the API keeps its JSON errors."""
        if exc.status_code == 404 and not request.url.path.startswith(("/api/", "/static/", "/docs-assets/", "/media/")):
            return not_found(request)
        return await http_exception_handler(request, exc)
