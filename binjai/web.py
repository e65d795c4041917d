"""The app's own HTTP layer around Streamlit: the session-cookie route and the WebSocket origin guard.

Starlette only (no Streamlit import): `app.py` mounts these into `st.App`.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from binjai.auth import store

COOKIE_NAME = "binjai_sesi"
HANDOFF_PATH = "/sesi/cookie"
MAX_BODY = 200


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", ()):
        if key == name:
            return value.decode("latin-1")
    return ""


def same_origin(scope: Scope) -> bool:
    """True when the request carries no Origin header or one whose host:port is the Host it was sent to."""
    origin = _header(scope, b"origin")
    if not origin:
        return True
    return urlsplit(origin).netloc.lower() == _header(scope, b"host").lower()


async def set_cookie(request: Request) -> Response:
    """POST a one-time hand-off code (same origin only): answers with the session's HttpOnly cookie."""
    if not _header(request.scope, b"origin") or not same_origin(request.scope):
        return Response(status_code=403)
    body = (await request.body())[:MAX_BODY + 1]
    redeemed = store.redeem_handoff(body.decode("ascii", "replace")) if len(body) <= MAX_BODY else None
    if redeemed is None:
        return Response(status_code=403)
    token, session = redeemed
    response = Response(status_code=204, headers={"Cache-Control": "no-store"})
    response.set_cookie(COOKIE_NAME, token, max_age=store.seconds_left(session), path="/", httponly=True,
                        samesite="strict", secure=request.url.scheme == "https")
    return response


def routes() -> list[Route]:
    """The app's own routes (served at the root: the app is not meant to run under server.baseUrlPath)."""
    return [Route(HANDOFF_PATH, set_cookie, methods=["POST"])]


class OriginGuard:
    """Refuse WebSocket connections from another origin before Streamlit's own check.

    Streamlit's check of a foreign Origin asks the network for the machine's internal and external address
    (UDP to 8.8.8.8, HTTP to checkip.amazonaws.com); a foreign origin is refused here without any lookup.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Close foreign-origin WebSockets with 403; pass everything else on."""
        if scope["type"] == "websocket" and not same_origin(scope):
            await send({"type": "websocket.close", "code": 1008})
            return
        await self.app(scope, receive, send)
