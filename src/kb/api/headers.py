"""Security headers on every response: nothing from another origin, no framing, no sniffing.

`SecurityHeaders` wraps the whole app (errors, 413s and static files included); a response that set
one of these headers itself keeps its own. The API documentation (Swagger UI, ReDoc) is served from
local files under a policy that still forbids every other origin, but lets those two programs style
their elements inline, as they must.
"""

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'{styles}; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": _POLICY.format(styles=""),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",  # frame-ancestors, for browsers that predate it
}
DOCS_PATHS = ("/docs", "/redoc")
DOCS_HEADERS = {
    **SECURITY_HEADERS,
    "Content-Security-Policy": _POLICY.format(styles=" 'unsafe-inline'") + "; worker-src 'self' blob:",
}


class SecurityHeaders:
    """ASGI middleware: the headers above on every HTTP response that does not set them itself."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        wanted = DOCS_HEADERS if scope["path"] in DOCS_PATHS else SECURITY_HEADERS

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in wanted.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)
