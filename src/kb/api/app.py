"""The FastAPI app: routes over one KnowledgeBase opened at creation, closed at shutdown."""

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp

from kb.api import docs, errors, owner
from kb.api.headers import SecurityHeaders
from kb.api.limits import BodyLimit
from kb.api.routes import (
    admin,
    content,
    entries,
    health,
    match,
    media,
    network,
    search,
    stories,
)
from kb.api.web.templating import STATIC_DIR, make_templates
from kb.api.web.views import content as content_page
from kb.api.web.views import entry as entry_page
from kb.api.web.views import match as match_page
from kb.api.web.views import network as network_page
from kb.api.web.views import search as search_page
from kb.api.web.views import stories as stories_page
from kb.content.survey import ContentSurvey
from kb.search.service import KnowledgeBase
from kb.settings import Settings


class KnowledgeBaseApp(FastAPI):
    """FastAPI whose every response carries the security headers, even one its outermost layer writes
    (the 500 of Starlette's error middleware, which user middleware never sees)."""

    def build_middleware_stack(self) -> ASGIApp:
        return SecurityHeaders(super().build_middleware_stack())


def create_app(settings: Settings | None = None, kb: KnowledgeBase | None = None, live: bool | None = None) -> FastAPI:
    """Open the model and the store now, so a busy or missing store fails before serving.

    `live`: this app is the one writer of its index (by default when it opens its own knowledge base): it
    applies its content folder at start, then each change as it happens (KB_WATCH), and on request.
    """
    knowledge = kb or KnowledgeBase(settings or Settings())
    settings = settings or knowledge.settings
    if live is None:
        live = kb is None
    writer = knowledge.live_indexer(knowledge.settings.content_dir) if live else None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # The model, vocabulary and hit fields live as long as the app: keep them out of the
        # collector's full passes, which otherwise add ~20 ms to one request in fifty.
        gc.freeze()
        if writer is not None:
            writer.start(watch=knowledge.settings.watch)
        yield
        if writer is not None:
            writer.stop()
        if getattr(app.state, "owner_address", None):  # set by `kb serve` when it listens on the owner's socket
            owner.unbind(knowledge.settings)
        if kb is None:
            knowledge.close()

    app = KnowledgeBaseApp(
        title="Smart Industri kunskapsbank",
        description="Search case stories, programs, courses, experts and organizations of Smart Industri Norra Mellansverige.",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,  # served from local files by kb.api.docs
        redoc_url=None,
    )
    app.state.kb = knowledge
    app.state.live = writer
    app.state.settings = settings
    app.state.content_survey = ContentSurvey(settings.content_dir, settings.max_file_bytes)
    app.state.templates = make_templates()
    for module in (search, match, stories, entries, health, content, admin, media, network, search_page, entry_page,
                   match_page, stories_page, content_page, network_page):
        app.include_router(module.router, responses=errors.COMMON_RESPONSES)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    docs.install(app)
    errors.install(app)
    app.add_middleware(BodyLimit, limit=settings.max_request_bytes)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=settings.allowed_host_names, www_redirect=False)
    return app
