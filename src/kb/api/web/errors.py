"""Swedish error pages: for unknown addresses and for anything a page route raises (details go to the log)."""

import logging
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response
from fastapi.routing import APIRoute

from kb import labels
from kb.api.web.templating import page
from kb.store.base import StoreError

log = logging.getLogger(__name__)


def error_page(request: Request, status_code: int, text: labels.PageText) -> HTMLResponse:
    return page(request, "error.html", {"title": text.title, "message": text.message, "status": status_code}, status_code)


def not_found(request: Request) -> HTMLResponse:
    return error_page(request, 404, labels.PAGE_NOT_FOUND)


def page_for_exception(request: Request, exc: Exception) -> HTMLResponse:
    """A Swedish page for anything a page route raises; the details go to the log, never to the user."""
    if isinstance(exc, HTTPException) and exc.status_code == 404:
        return not_found(request)
    if isinstance(exc, (RequestValidationError, HTTPException)) and getattr(exc, "status_code", 400) < 500:
        return error_page(request, 400, labels.PAGE_BAD_ADDRESS)
    if isinstance(exc, StoreError):
        log.error("page %s: the store is unavailable: %s", request.url.path, exc)
        return error_page(request, 503, labels.PAGE_UNAVAILABLE)
    log.exception("page %s failed", request.url.path)
    return error_page(request, 500, labels.PAGE_FAILED)


class PageRoute(APIRoute):
    """A page route: every exception becomes a Swedish error page (the security headers come from kb.api.headers)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def page_handler(request: Request) -> Response:
            try:
                return await handler(request)
            except Exception as exc:  # noqa: BLE001 - no stack trace may reach a user
                return page_for_exception(request, exc)

        return page_handler
