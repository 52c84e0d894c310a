"""The FastAPI app: routes over one KnowledgeBase opened at creation, closed at shutdown."""

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.routes import entries, health, match, pages, search
from kb.search import KnowledgeBase
from kb.settings import Settings
from kb.store import StoreError


def create_app(settings: Settings | None = None, kb: KnowledgeBase | None = None) -> FastAPI:
    """Open the model and the store now, so a busy or missing store fails before serving."""
    knowledge = kb or KnowledgeBase(settings or Settings())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # The model, vocabulary and hit fields live as long as the app: keep them out of the
        # collector's full passes, which otherwise add ~20 ms to one request in fifty.
        gc.freeze()
        yield
        if kb is None:
            knowledge.close()

    app = FastAPI(
        title="Smart Industri kunskapsbank",
        description="Search case stories, programs, courses, experts and organizations of Smart Industri Norra Mellansverige.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.kb = knowledge
    for module in (search, match, entries, health, pages):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=pages.STATIC_DIR), name="static")

    @app.exception_handler(StoreError)
    async def store_unavailable(request: Request, exc: StoreError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=503)

    @app.exception_handler(StarletteHTTPException)
    async def not_found_page(request: Request, exc: StarletteHTTPException) -> Response:
        """An unknown address outside the JSON API gets the Swedish 404 page; the API keeps its JSON errors."""
        if exc.status_code == 404 and not request.url.path.startswith(("/api/", "/static/")):
            response = pages.not_found(request)
            response.headers.update(pages.SECURITY_HEADERS)
            return response
        return await http_exception_handler(request, exc)

    return app
