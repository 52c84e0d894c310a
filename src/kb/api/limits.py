"""What a request may carry: a body of a bounded size, JSON as the standard defines it.

`BodyLimit` answers 413 (JSON, `Connection: close`) to a body declared larger than the limit before
reading any of it, and to a streamed (chunked) body as soon as it passes the limit: at most the limit
and one chunk are ever held. (FastAPI's own `max_body_size` answers a declared one in plain text.)

Python's `json` reads `NaN`, `Infinity` and `1e400` (as infinity) and lone surrogates (`"\\ud800"`),
none of which is JSON a client should send or a response can write back; a number of thousands of
digits, or arrays nested a thousand deep, stop the parser with errors FastAPI turns into a 400. Every
route with a JSON body uses `StrictJSONRoute`: all of these become FastAPI's own 422 (`json_invalid`).
"""

import json
import math
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int):
        super().__init__(413, f"the request body is larger than {limit} bytes", headers={"Connection": "close"})


class BodyLimit:
    """ASGI middleware: no request body larger than `limit` bytes is read."""

    def __init__(self, app: ASGIApp, limit: int):
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.limit:
            refusal = BodyTooLarge(self.limit)
            await JSONResponse({"detail": refusal.detail}, 413, headers=refusal.headers)(scope, receive, send)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLarge(self.limit)  # FastAPI passes it on to the app's HTTP error handler: JSON
            return message

        await self.app(scope, limited_receive, send)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"{text[:20]} is too large a number")
    return number


def _lone_surrogate(value: Any) -> bool:
    """Whether any string (or key) in the parsed document is not Unicode text (a lone surrogate)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def strict_json(body: bytes) -> Any:
    """The document, or a JSONDecodeError saying what in it is not standard JSON."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise json.JSONDecodeError("the body is not UTF-8", body.decode("utf-8", "replace"), exc.start) from None
    try:
        value = json.loads(text, parse_constant=_no_constant, parse_float=_finite)
    except json.JSONDecodeError:
        raise
    except (ValueError, RecursionError) as exc:  # a constant, an infinite float, an int of too many digits, deep nesting
        raise json.JSONDecodeError(str(exc)[:100] or "nested too deeply", text, 0) from None
    if _lone_surrogate(value):
        raise json.JSONDecodeError("a string holds a lone surrogate (\\ud800-\\udfff), which is not Unicode text", text, 0)
    return value


class StrictJSONRequest(Request):
    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = strict_json(await self.body())
        return self._json


class StrictJSONRoute(APIRoute):
    """A route whose JSON body is read by `strict_json`: what is not standard JSON is a 422, never a 400 or 500."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def strict_handler(request: Request) -> Response:
            return await handler(StrictJSONRequest(request.scope, request.receive))

        return strict_handler
