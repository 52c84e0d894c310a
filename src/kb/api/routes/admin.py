"""POST /api/admin/reindex: the server applies its content folder now (or rebuilds) and answers with the summary.

A write needs a right: the owner's socket (`kb.api.owner`, what a local `kb index`
uses), or over HTTP the bearer token KB_ADMIN_TOKEN, compared in constant time.
With no token configured, the admin endpoints are off over HTTP, never open: a request without credentials
is 401 (as for any request without them), one with credentials 403, both saying how to turn it on.
"""

import hmac
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from kb.api import owner
from kb.api.deps import KB
from kb.api.limits import StrictJSONRoute
from kb.api.models import ErrorOut, ReindexIn
from kb.indexing.build import IndexReport
from kb.indexing.live import IndexStopped, LiveIndexer

router = APIRouter(route_class=StrictJSONRoute)  # it takes a JSON body, as /api/match does
bearer = HTTPBearer(auto_error=False, description="The server's KB_ADMIN_TOKEN.")
ADMIN_OFF = "The admin API is off over HTTP: set KB_ADMIN_TOKEN on the server to turn it on."
WRONG_TOKEN = "A wrong or missing admin token: send `Authorization: Bearer <KB_ADMIN_TOKEN>`."


def require_admin(
    request: Request, kb: KB, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> None:
    if owner.came_through(request.scope, getattr(request.app.state, "owner_address", None)):
        return
    token = kb.settings.admin_token
    if credentials is None:
        raise HTTPException(401, ADMIN_OFF if token is None else WRONG_TOKEN, headers={"WWW-Authenticate": "Bearer"})
    if token is None:
        raise HTTPException(403, ADMIN_OFF)
    given = credentials.credentials
    if not hmac.compare_digest(given.encode(), token.get_secret_value().encode()):
        raise HTTPException(401, WRONG_TOKEN, headers={"WWW-Authenticate": "Bearer"})


def live_indexer(request: Request) -> LiveIndexer:
    live = request.app.state.live
    if live is None:
        raise HTTPException(503, "This server only reads its index: nothing here can write to it.")
    return live


@router.post(
    "/api/admin/reindex",
    response_model=IndexReport,
    dependencies=[Depends(require_admin)],
    responses={code: {"model": ErrorOut} for code in (401, 403, 409, 503)},
)
def reindex(body: ReindexIn, live: Annotated[LiveIndexer, Depends(live_indexer)]):
    """Apply the content folder now, as `kb index` does (or build a fresh index aside with `rebuild`), and
    answer with the summary once done; the server goes on answering searches meanwhile."""
    if body.folder is not None and Path(body.folder).resolve() != live.folder.resolve():
        raise HTTPException(
            409,
            f"The running server indexes {live.folder.resolve()}, not {body.folder}: index that folder, or stop the "
            "server and start it on the other one (KB_CONTENT_DIR).",
        )
    try:
        return (live.rebuild() if body.rebuild else live.update()).result()
    except IndexStopped as exc:
        raise HTTPException(503, str(exc)) from None
    except FileNotFoundError as exc:
        raise HTTPException(409, str(exc)) from None
