"""What stands between the network and the pages: the access token, the allowed hosts, a
limit on request bodies, CSRF checks, response headers, the access log and error pages.

The middleware is plain ASGI so that it wraps everything, including Starlette's own errors.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, urlencode

from handouts.serve.pages import error_html

log = logging.getLogger("handouts.serve")

TOKEN_COOKIE = "handouts_token"
TOKEN_PARAMETER = "token"
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")
# No response is kept by the browser: pages and packets hold patients' names.
HEADERS = [
    (b"cache-control", b"no-store"),
    (b"pragma", b"no-cache"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"SAMEORIGIN"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
PAGE_POLICY = (
    b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    b"object-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'none'"
)


def is_loopback(host: str) -> bool:
    return host in LOOPBACK_NAMES or host.startswith("127.")


def hostname(host_header: str) -> str:
    """`127.0.0.1:8000` -> `127.0.0.1`; `[::1]:8000` -> `[::1]`."""
    if host_header.startswith("["):
        return host_header.split("]", 1)[0] + "]"
    return host_header.rsplit(":", 1)[0]


@dataclass
class Guard:
    """The server's security settings."""

    token: str | None  # required on every request when set
    https: bool
    bind_host: str
    max_body: int  # bytes; larger uploads get 413
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))

    @property
    def csrf_token(self) -> str:
        """Put in every form; a page on another site cannot read it."""
        return hmac.new(self.secret, b"csrf", hashlib.sha256).hexdigest()

    def csrf_ok(self, headers: dict[str, str], submitted: str | None) -> bool:
        origin = headers.get("origin")
        if origin and origin != "null":
            host = headers.get("host", "")
            if origin.split("://", 1)[-1] != host:
                return False
        return submitted is not None and hmac.compare_digest(submitted, self.csrf_token)

    def token_ok(self, candidate: str | None) -> bool:
        return candidate is not None and hmac.compare_digest(
            candidate.encode(), (self.token or "").encode()
        )


class BodyTooLarge(Exception):
    pass


class GuardMiddleware:
    def __init__(self, app, guard: Guard):
        self.app = app
        self.guard = guard

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.monotonic()
        status = {"code": 0}
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                given = dict((k.lower(), v) for k, v in message.get("headers", []))
                # Static assets set their own cache-control; everything else is no-store.
                extra = [h for h in HEADERS if h[0] not in given]
                if not given.get(b"content-type", b"").startswith(b"application/pdf"):
                    extra.append((b"content-security-policy", PAGE_POLICY))
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        try:
            refusal = self.refuse(scope, headers)
            if refusal is not None:
                await refusal(send_with_headers)
                return
            await self.app(scope, self.limited(receive, headers), send_with_headers)
        except BodyTooLarge:
            if not status["code"]:
                await _page(send_with_headers, 413, *TOO_LARGE)
        except Exception as exc:  # a page, never a traceback; the log names the type only
            log.error("error: %s on %s %s", type(exc).__name__, scope["method"], scope["path"])
            if not status["code"]:
                await _page(send_with_headers, 500, *INTERNAL)
        finally:
            # Method, path and status only: never the query string (the token) or a body.
            elapsed = (time.monotonic() - started) * 1000
            log.info("%s %s %s %.0f ms", scope["method"], scope["path"], status["code"], elapsed)

    def refuse(self, scope, headers):
        """A response for a request that may not go on, or None."""
        host = hostname(headers.get("host", ""))
        if is_loopback(self.guard.bind_host) and not is_loopback(host):
            # Another name resolving to 127.0.0.1 is a DNS-rebinding page: refuse it.
            return lambda send: _page(send, 421, *WRONG_HOST)
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.guard.max_body:
            return lambda send: _page(send, 413, *TOO_LARGE)
        if not self.guard.token:
            return None
        query = [(k, v) for k, v in parse_qsl(scope.get("query_string", b"").decode("latin-1"))]
        given = [v for k, v in query if k == TOKEN_PARAMETER]
        if given:
            if not self.guard.token_ok(given[-1]):
                return lambda send: _page(send, 401, *NO_TOKEN)
            rest = urlencode([(k, v) for k, v in query if k != TOKEN_PARAMETER])
            target = scope["path"] + (f"?{rest}" if rest else "")
            return lambda send: _redirect_setting_cookie(send, target, self.guard)
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get("cookie", ""))
        except Exception:  # a malformed cookie header is no cookie
            cookie = SimpleCookie()
        morsel = cookie.get(TOKEN_COOKIE)
        if morsel is None or not self.guard.token_ok(morsel.value):
            return lambda send: _page(send, 401, *NO_TOKEN)
        return None

    def limited(self, receive, headers):
        received = {"bytes": 0}
        limit = self.guard.max_body

        async def receive_limited():
            message = await receive()
            if message["type"] == "http.request":
                received["bytes"] += len(message.get("body", b""))
                if received["bytes"] > limit:
                    raise BodyTooLarge()
            return message

        return receive_limited


TOO_LARGE = ("File too large", "The upload is larger than this server accepts.")
INTERNAL = (
    "Something went wrong",
    "The server could not finish this request. Nothing was written. Try again; if it "
    "happens again, the server's log names the error (never a patient's details).",
)
NO_TOKEN = (
    "Access token needed",
    "Open the address with the access token that `handouts serve` printed when it started.",
)
WRONG_HOST = ("Wrong address", "Open this server at the address it printed when it started.")


async def _page(send, status: int, title: str, message: str) -> None:
    body = error_html(status, title, message).encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/html; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def _redirect_setting_cookie(send, target: str, guard: Guard) -> None:
    cookie = f"{TOKEN_COOKIE}={guard.token}; Path=/; HttpOnly; SameSite=Strict"
    if guard.https:
        cookie += "; Secure"
    await send(
        {
            "type": "http.response.start",
            "status": 303,
            "headers": [
                (b"location", target.encode("latin-1")),
                (b"set-cookie", cookie.encode("latin-1")),
                (b"content-length", b"0"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": b""})
