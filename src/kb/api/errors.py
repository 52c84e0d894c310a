"""What the core's errors mean over HTTP, mapped once for the whole JSON API."""

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from kb.api.headers import SECURITY_HEADERS
from kb.api.web.errors import not_found
from kb.matching.models import UnknownCompanyError
from kb.network.models import UnknownNodeError
from kb.search.query import InvalidQueryError
from kb.store.base import StoreError


def install(app: FastAPI) -> None:
    """A request the user can mend is 422, an unknown company 404, an unusable index 503."""

    @app.exception_handler(InvalidQueryError)
    async def invalid_query(request: Request, exc: InvalidQueryError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=422)

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
        if exc.status_code == 404 and not request.url.path.startswith(("/api/", "/static/")):
            response = not_found(request)
            response.headers.update(SECURITY_HEADERS)
            return response
        return await http_exception_handler(request, exc)
