"""What stands between a request and the app: host and origin checks, the token, size limits, CSRF.

One ASGI middleware (:class:`Guard`) applies, in order:

1. **Host**: on a loopback bind only ``localhost``/``127.0.0.1``/``[::1]`` are accepted as the Host
   header, which defeats DNS rebinding (a page on another site whose name resolves to 127.0.0.1).
2. **Token**: when the app has one (always on a non-local bind), every request must carry it, as
   ``Authorization: Bearer T``, the ``accord_token`` cookie, or once as ``?token=T`` (which sets the
   cookie and redirects to the same URL without it). Compared with :func:`hmac.compare_digest`; 401
   otherwise.
3. **Origin**: a state-changing request (POST, PUT, PATCH, DELETE) that a browser marks as coming from
   another site (``Origin`` not this host, or ``Sec-Fetch-Site: cross-site``) is refused (403), so a page
   elsewhere cannot drive the app on a user's machine.
4. **Size**: a body over ``max_upload`` bytes is refused with 413, from ``Content-Length`` before reading
   or while streaming when there is none.

Forms rendered by the app also carry a CSRF token (double submit: the ``accord_csrf`` cookie and the
``csrf_token`` field or ``X-CSRF-Token`` header must match), checked by :func:`check_csrf`.
"""

from __future__ import annotations

import hmac
import json
import secrets
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from fastapi import HTTPException, Request

__all__ = ["Guard", "BodyTooLarge", "check_csrf", "csrf_token", "CSRF_COOKIE", "TOKEN_COOKIE"]

CSRF_COOKIE = "accord_csrf"
TOKEN_COOKIE = "accord_token"
_LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
_UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}

#: Headers on every response: no framing, no sniffing, no referrer to other sites, scripts only from the app.
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (
        b"content-security-policy",
        # Plotly and htmx set inline styles; no inline script runs (figure specs are JSON data blocks).
        b"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        b"connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    ),
]


class BodyTooLarge(HTTPException):
    """Raised while reading a request body that passes the size limit: a 413 wherever it surfaces.

    An HTTPException, so that FastAPI's body parsing passes it on instead of turning it into a 400.
    """

    def __init__(self, limit: int):
        super().__init__(status_code=413, detail=f"request body over the {limit:,}-byte limit")


def _same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


def _host_name(host: str) -> str:
    if host.startswith("["):
        return host[: host.find("]") + 1] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class Guard:
    """The ASGI middleware described in the module docstring.

    Parameters
    ----------
    app : ASGI app
    token : str, optional
        Required on every request when given.
    max_upload : int
        Largest request body, in bytes.
    local_only : bool
        Accept only loopback names in the Host header (the app listens on a loopback address).
    """

    def __init__(self, app: Any, token: str | None, max_upload: int, local_only: bool):
        self.app = app
        self.token = token
        self.max_upload = max_upload
        self.local_only = local_only

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        """Check one request, then pass it on with a size-limited body and the security headers."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        host = headers.get("host", "")
        if self.local_only and _host_name(host).lower() not in _LOCAL_HOSTS:
            await _reply(send, 400, "bad host: the app only answers to localhost on this address")
            return
        if self.token is not None:
            verdict = self._authorised(scope, headers)
            if verdict == "redirect":
                await _redirect_setting_token(scope, send, self.token)
                return
            if verdict != "ok":
                await _reply(send, 401, "a valid access token is required", {"www-authenticate": "Bearer"})
                return
        if scope["method"] in _UNSAFE and _cross_site(headers, host):
            await _reply(send, 403, "cross-site request refused")
            return
        length = headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > self.max_upload:
            await _reply(send, 413, f"request body over the {self.max_upload:,}-byte limit")
            return
        seen = 0

        async def limited() -> dict[str, Any]:
            nonlocal seen
            message: dict[str, Any] = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_upload:
                    raise BodyTooLarge(self.max_upload)
            return message

        async def with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (k, v) for k, v in SECURITY_HEADERS if k not in present
                ]
            await send(message)

        await self.app(scope, limited, with_headers)

    def _authorised(self, scope: dict[str, Any], headers: dict[str, str]) -> str:
        assert self.token is not None
        auth = headers.get("authorization", "")
        if auth[:7].lower() == "bearer " and _same(auth[7:].strip(), self.token):
            return "ok"
        for part in headers.get("cookie", "").split(";"):
            name, _, value = part.strip().partition("=")
            if name == TOKEN_COOKIE and _same(value, self.token):
                return "ok"
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        if "token" in query and _same(query["token"], self.token) and scope["method"] == "GET":
            return "redirect"
        return "no"


def _cross_site(headers: dict[str, str], host: str) -> bool:
    # Browsers say where a request comes from in Sec-Fetch-Site; older ones only in Origin.
    site = headers.get("sec-fetch-site")
    if site is not None:
        return site not in ("same-origin", "none")
    origin = headers.get("origin")
    if origin is None:
        return False  # not a browser's cross-origin request (browsers send Origin on those)
    return origin == "null" or urlsplit(origin).netloc.lower() != host.lower()


async def _reply(send: Any, status: int, message: str, extra: dict[str, str] | None = None) -> None:
    body = json.dumps({"detail": message}).encode()
    hdrs = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    hdrs += [(k.encode(), v.encode()) for k, v in (extra or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": hdrs + SECURITY_HEADERS})
    await send({"type": "http.response.body", "body": body})


async def _redirect_setting_token(scope: dict[str, Any], send: Any, token: str) -> None:
    query = [(k, v) for k, v in parse_qsl(scope.get("query_string", b"").decode("latin-1")) if k != "token"]
    location = scope.get("path", "/") + (("?" + urlencode(query)) if query else "")
    cookie = f"{TOKEN_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict"
    hdrs = [(b"location", location.encode()), (b"set-cookie", cookie.encode()), (b"content-length", b"0")]
    await send({"type": "http.response.start", "status": 303, "headers": hdrs + SECURITY_HEADERS})
    await send({"type": "http.response.body", "body": b""})


def csrf_token(request: Request) -> str:
    """The browser's CSRF token: the cookie's, or a new one (the page sets the cookie)."""
    existing = request.cookies.get(CSRF_COOKIE, "")
    if len(existing) >= 32:
        return existing
    token: str = getattr(request.state, "new_csrf", "") or secrets.token_urlsafe(32)
    request.state.new_csrf = token
    return token


async def check_csrf(request: Request) -> None:
    """Refuse (403) a form post whose CSRF token does not match the cookie's (a FastAPI dependency)."""
    cookie = request.cookies.get(CSRF_COOKIE, "")
    sent = request.headers.get("x-csrf-token", "")
    if not sent:
        ctype = request.headers.get("content-type", "")
        if ctype.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            value = form.get("csrf_token")
            sent = value if isinstance(value, str) else ""
    if not cookie or not sent or not _same(cookie, sent):
        raise HTTPException(status_code=403, detail="missing or wrong CSRF token: reload the page and retry")
