"""The FastAPI app: routes over one KnowledgeBase opened at creation, closed at shutdown."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from api.routes import entries, health, match, search
from kb.search import KnowledgeBase
from kb.settings import Settings
from kb.store import StoreError


def create_app(settings: Settings | None = None, kb: KnowledgeBase | None = None) -> FastAPI:
    """Open the model and the store now, so a busy or missing store fails before serving."""
    knowledge = kb or KnowledgeBase(settings or Settings())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
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
    for module in (search, match, entries, health):
        app.include_router(module.router)

    @app.exception_handler(StoreError)
    async def store_unavailable(request: Request, exc: StoreError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=503)

    return app
