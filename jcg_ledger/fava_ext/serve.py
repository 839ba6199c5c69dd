"""`jcg serve`: Fava over the three books, read-only unless `--editable`.

Auditors browse; only `jcg post` writes. A WSGI middleware in front of Fava refuses, before
Fava sees the request:
- every request that is not GET or HEAD (source edits, entry insertion, document upload,
  `put_format_source`, `move`, `delete_*`, extension writes…);
- the GET routes that run code or prepare a write: the importer (`/<bfile>/import/`,
  `/<bfile>/extract/`, `api/extract` and `api/imports`, which run importer code on GET) and
  the source editor page (`/<bfile>/editor/`).
It also hides the editor, import and add-entry links in the pages it serves.

With `--editable` (finance staff) nothing is refused, but every write request runs under the
same OS lock as `jcg post` (`books.lock.locked`), so the two never interleave.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from html import escape
from pathlib import Path
from typing import Any

from jcg_ledger.books import audit
from jcg_ledger.books.layout import BOOKS, Ledger
from jcg_ledger.books.lock import locked
from jcg_ledger.books.write import recover

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]

SAFE_METHODS = frozenset({"GET", "HEAD"})
MESSAGE_ZH = "只读:审计浏览不能修改账套,记账请用 jcg post。"
MESSAGE_EN = (
    "Read-only: the books cannot be changed from this server; finance staff post with `jcg post`."
)
MESSAGE = f"{MESSAGE_ZH} {MESSAGE_EN}"

#: GET routes refused in read-only mode (path after the book's slug).
BLOCKED_GET = re.compile(
    r"^/[^/]+/(?:editor|import|extract)(?:/|$)|^/[^/]+/api/(?:extract|imports)$"
)

#: Hides what cannot work read-only (the server refuses it anyway).
HIDE_CSS = (
    '<style id="jcg-read-only">'
    'a[href$="/editor/"], a[href$="/import/"], a[href="#add-transaction"] { display: none !important; }'
    "</style>"
)


def is_refused(method: str, path: str) -> bool:
    """Whether read-only mode refuses this request."""
    return method.upper() not in SAFE_METHODS or bool(BLOCKED_GET.match(path))


class ReadOnlyGuard:
    """WSGI middleware: refuse writes (read-only) or serialise them under the books' lock."""

    def __init__(self, app: WSGIApp, ledger: Ledger, *, editable: bool = False) -> None:
        self.app = app
        self.ledger = ledger
        self.editable = editable

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method = str(environ.get("REQUEST_METHOD", "GET")).upper()
        path = str(environ.get("PATH_INFO", ""))
        if self.editable:
            if method in SAFE_METHODS:
                return self.app(environ, start_response)
            with locked(self.ledger):
                # Finish a post a crash interrupted before Fava writes over its files.
                recover(self.ledger)
                # Consume the whole response inside the lock: the write happens while
                # Fava produces it.
                result = self.app(environ, start_response)
                try:
                    return [b"".join(result)]
                finally:
                    close = getattr(result, "close", None)
                    if close is not None:
                        close()
                    # Chain what Fava wrote into the audit log, still under the lock, so
                    # `jcg audit verify` and the next post accept it and a later edit
                    # made outside jcg is still caught.
                    audit.record_edit(
                        self.ledger, by=audit.operator(None), action=f"fava {method} {path}"
                    )
        if is_refused(method, path):
            return self._refuse(path, start_response)
        return self._with_hidden_editor(environ, start_response)

    def _refuse(self, path: str, start_response: StartResponse) -> list[bytes]:
        if "/api/" in path:
            # Fava's frontend shows `error` of a JSON API response as a notification.
            body = json.dumps({"error": MESSAGE}, ensure_ascii=False).encode("utf-8")
            kind = "application/json; charset=utf-8"
        else:
            body = (
                '<!doctype html><html lang="zh"><head><meta charset="utf-8">'
                "<title>403 只读 Read-only</title></head><body>"
                f"<h1>403 只读 Read-only</h1><p>{escape(MESSAGE_ZH)}</p>"
                f"<p>{escape(MESSAGE_EN)}</p></body></html>"
            ).encode()
            kind = "text/html; charset=utf-8"
        start_response(
            "403 FORBIDDEN", [("Content-Type", kind), ("Content-Length", str(len(body)))]
        )
        return [body]

    def _with_hidden_editor(
        self, environ: dict[str, Any], start_response: StartResponse
    ) -> Iterable[bytes]:
        captured: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            captured["status"], captured["headers"], captured["exc"] = status, headers, exc_info
            return lambda _data: None

        result = self.app(environ, capture)
        headers: list[tuple[str, str]] = captured.get("headers", [])
        kind = next((v for k, v in headers if k.lower() == "content-type"), "")
        if not kind.startswith("text/html"):
            # Pass through untouched (static files, JSON, downloads).
            start_response(captured["status"], headers, captured["exc"])
            return result
        try:
            body = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        body = body.replace(b"</head>", HIDE_CSS.encode() + b"</head>", 1)
        headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
        headers.append(("Content-Length", str(len(body))))
        start_response(captured["status"], headers, captured["exc"])
        return [body]


def book_files(ledger: Ledger) -> list[Path]:
    """The main file of each book, in the order Fava lists them."""
    return [ledger.main(book) for book in BOOKS]


def create_app(ledger: Ledger, *, editable: bool = False) -> Any:
    """Fava's application over the three books, behind the read-only guard."""
    from fava.application import create_app as fava_create_app

    app = fava_create_app([str(p) for p in book_files(ledger)], load=True)
    app.wsgi_app = ReadOnlyGuard(app.wsgi_app, ledger, editable=editable)  # type: ignore[method-assign]
    app.config["JCG_LEDGER"] = ledger
    app.config["JCG_EDITABLE"] = editable
    return app


def serve(
    ledger: Ledger, *, host: str = "127.0.0.1", port: int = 5000, editable: bool = False
) -> None:
    """Run the server until interrupted (threaded werkzeug, as `fava` itself does)."""
    from werkzeug.serving import run_simple

    if not ledger.exists():
        raise SystemExit(f"找不到账套 no books at {ledger.root}")
    app = create_app(ledger, editable=editable)
    mode = "可编辑 editable (writes take the posting lock)" if editable else "只读 read-only"
    print(f"Fava: http://{host}:{port}/ — {mode}", flush=True)
    run_simple(host, port, app, threaded=True, use_reloader=False, use_debugger=False)
