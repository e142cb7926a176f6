"""Response headers that keep the pages safe in the browsers a centre's intranet really has.

No framing by other sites (the void and dispatch forms must not be clickjacked: SameSite cookies are not
enough in older browsers), no MIME sniffing, and no caching of workbench pages — they show callers'
names and appeals, and must not come back from a shared PC's cache or the back button after signing out.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

ALWAYS = [(b"x-frame-options", b"DENY"), (b"content-security-policy", b"frame-ancestors 'none'"),
          (b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin")]
PRIVATE = [(b"cache-control", b"no-store")]


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        private = scope["path"].startswith(("/work", "/login"))

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *ALWAYS, *(PRIVATE if private else [])]
            await send(message)

        await self.app(scope, receive, with_headers)
