"""The WSGI guard in front of Fava: what `jcg serve` answers before Fava sees a request.

Auditors browse; only `jcg post` writes. In order, for every request:

1. behind an authenticating proxy (`--user-header`), a request that did not come from the
   trusted proxy is refused (403), one without a user name is refused (401);
2. a request that is not GET or HEAD is refused (403): source edits, entry insertion,
   document upload, `put_format_source`, `move`, `delete_*`, extension writes…;
3. the GET routes that run code or prepare a write are refused (403): the importer
   (`import/`, `extract/`, `api/extract`, `api/imports`) and the source editor (`editor/`);
4. anything that is not a plain page read — the JSON API, downloads, documents, extension
   endpoints, `/jump` — must come from a page of this server (Sec-Fetch-Site, Origin,
   Referer; 403 otherwise), so a page on another site cannot make the browser of an
   auditor call it (an ``<img src=…/api/query?…>``);
5. `/jump` redirects back to the page it came from, never to another host (400);
6. the query text of every route that takes one (`api/query`, `download-query/…`, the
   query page) must be a read statement (`bql.check_query`; 400), and downloads are CSV.

Every response that is text (pages, JSON, CSV, the journal download) leaves with the
server's paths made relative (`redact.Redactor`); pages get `read_only.js`, which removes
the editor, import and add-entry controls that Fava builds in the browser and disables
their shortcuts; the entry modal's data (`api/context`) marks the entry's source as not
editable, so Fava shows no source editor in it. One JSON line per request goes to the access log, with the proxy's user
name as ``by``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import escape
from importlib.resources import files
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from jcg_ledger.fava_ext.bql import QueryRefused, check_query
from jcg_ledger.fava_ext.redact import Redactor

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]
AccessLog = Callable[[dict[str, object]], None]

SAFE_METHODS = frozenset({"GET", "HEAD"})
MESSAGE_ZH = "只读:审计浏览不能修改账套,记账请用 jcg post。"
MESSAGE_EN = (
    "Read-only: the books cannot be changed from this server; finance staff post with `jcg post`."
)
MESSAGE = f"{MESSAGE_ZH} {MESSAGE_EN}"
CROSS_ORIGIN_ZH = "跨站请求被拒绝:接口和下载只接受本服务器页面发起的请求。"
CROSS_ORIGIN_EN = (
    "Cross-origin request refused: the API and downloads answer only requests made by "
    "this server's own pages (Sec-Fetch-Site, Origin or Referer of this host)."
)
JUMP_ZH = "跳转只回到本服务器的页面。"
JUMP_EN = "/jump only returns to a page of this server (Referer of this host)."
FORMAT_ZH = "查询结果只下载为 CSV。"
FORMAT_EN = "Query results download as CSV only."
PROXY_ZH = "只接受经认证代理转来的请求。"
PROXY_EN = "Only requests through the authenticating proxy are answered."
USER_ZH = "认证代理未提供用户名。"
USER_EN = "The authenticating proxy sent no user name."

#: GET routes refused (path after the book's slug).
BLOCKED_GET = re.compile(
    r"^/[^/]+/(?:editor|import|extract)(?:/|$)|^/[^/]+/api/(?:extract|imports)$"
)
#: Routes that are not a plain page read: they must come from a page of this server.
NOT_A_PAGE = re.compile(
    r"^/jump$"
    r"|^/[^/]+/(?:api/|download-query/|download-journal/|document/|statement/)"
    r"|^/[^/]+/extension/[^/]+/[^/]+$"
)
#: Routes whose `query_string` parameter Fava runs (or shows to run) as BQL.
QUERY_ROUTE = re.compile(r"^/[^/]+/(?:api/query$|download-query/|query/$)")
DOWNLOAD_QUERY = re.compile(r"^/[^/]+/download-query/query_result\.(?P<format>[^/]+)$")
#: Responses rewritten (server paths made relative): text, JSON, the journal download.
DOWNLOAD_JOURNAL = re.compile(r"^/[^/]+/download-journal/$")
DOCUMENT = re.compile(r"^/[^/]+/document/$")
CONTEXT = re.compile(r"^/[^/]+/api/context$")

READ_ONLY_JS = files("jcg_ledger.fava_ext").joinpath("read_only.js").read_text("utf-8")
READ_ONLY_SCRIPT = f'<script id="jcg-read-only">{READ_ONLY_JS}</script>'


def is_refused(method: str, path: str) -> bool:
    """Whether the read-only server refuses this request whatever its origin."""
    return method.upper() not in SAFE_METHODS or bool(BLOCKED_GET.match(path))


def _host(environ: dict[str, Any]) -> str:
    host = environ.get("HTTP_HOST") or (
        f"{environ.get('SERVER_NAME', '')}:{environ.get('SERVER_PORT', '')}"
    )
    return str(host).lower()


def same_origin(environ: dict[str, Any]) -> bool:
    """Whether the browser says the request comes from a page of this host.

    Every signal present must agree, and at least one must be present: Sec-Fetch-Site
    (``same-origin``, or ``none`` for an address typed by the user), Origin, Referer.
    """
    host = _host(environ)
    verdicts: list[bool] = []
    site = environ.get("HTTP_SEC_FETCH_SITE")
    if site:
        verdicts.append(site in ("same-origin", "none"))
    for key in ("HTTP_ORIGIN", "HTTP_REFERER"):
        value = environ.get(key)
        if value:
            verdicts.append(urlsplit(str(value)).netloc.lower() == host)
    return bool(verdicts) and all(verdicts)


def _context_without_editor(body: bytes) -> bytes:
    """The entry modal's data with its source location marked as not editable.

    Fava's modal offers the entry's source in an editor (save, delete) unless the entry's
    ``filename`` starts with ``<``, as for entries a plugin made; the location stays shown.
    """
    try:
        data = json.loads(body)
        meta = data["data"]["entry"]["meta"]
    except (ValueError, KeyError, TypeError):
        return body
    name = str(meta.get("filename", ""))
    if not name.startswith("<"):
        meta["filename"] = f"<{name}>"
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def _stdout_log(record: dict[str, object]) -> None:
    print(json.dumps(record, ensure_ascii=False), flush=True)


@dataclass
class Proxy:
    """An authenticating reverse proxy: its address(es) and the header naming the user."""

    user_header: str
    trusted: frozenset[str] = field(default_factory=lambda: frozenset({"127.0.0.1", "::1"}))

    @property
    def environ_key(self) -> str:
        return "HTTP_" + self.user_header.upper().replace("-", "_")


class ReadOnlyGuard:
    """WSGI middleware: refuse what the read-only server does not do, redact what it sends."""

    def __init__(
        self,
        app: WSGIApp,
        redactor: Redactor,
        *,
        proxy: Proxy | None = None,
        access_log: AccessLog = _stdout_log,
    ) -> None:
        self.app = app
        self.redactor = redactor
        self.proxy = proxy
        self.access_log = access_log

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method = str(environ.get("REQUEST_METHOD", "GET")).upper()
        path = str(environ.get("PATH_INFO", ""))
        user = None
        status: list[str] = []

        def logged(code: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            status.append(code)
            return start_response(code, headers, exc_info)

        try:
            if self.proxy is not None:
                raw = str(environ.get(self.proxy.environ_key, ""))
                # WSGI gives headers as latin-1; proxies send UTF-8 names.
                user = raw.encode("latin-1", "replace").decode("utf-8", "replace").strip() or None
                if str(environ.get("REMOTE_ADDR", "")) not in self.proxy.trusted:
                    return self._refuse(logged, path, "403 FORBIDDEN", PROXY_ZH, PROXY_EN)
                if user is None:
                    return self._refuse(logged, path, "401 UNAUTHORIZED", USER_ZH, USER_EN)
            refusal = self._refusal(environ, method, path)
            if refusal is not None:
                return self._refuse(logged, path, *refusal)
            if DOCUMENT.match(path):
                self._absolute_document(environ)
            return self._rewritten(environ, path, logged)
        finally:
            self.access_log(
                {
                    "at": datetime.now(UTC).isoformat(timespec="seconds"),
                    "by": user or "-",
                    "remote": environ.get("REMOTE_ADDR", ""),
                    "method": method,
                    "path": path.encode("latin-1").decode("utf-8", "replace"),
                    "query": environ.get("QUERY_STRING", ""),
                    "status": int(status[0].split()[0]) if status else 0,
                }
            )

    def _refusal(
        self, environ: dict[str, Any], method: str, path: str
    ) -> tuple[str, str, str] | None:
        """Status and message (zh, en) of a refused request, None if it may go to Fava."""
        if is_refused(method, path):
            return "403 FORBIDDEN", MESSAGE_ZH, MESSAGE_EN
        if NOT_A_PAGE.match(path) and not same_origin(environ):
            return "403 FORBIDDEN", CROSS_ORIGIN_ZH, CROSS_ORIGIN_EN
        if path == "/jump":
            referer = urlsplit(str(environ.get("HTTP_REFERER", "")))
            if referer.netloc.lower() != _host(environ):
                return "400 BAD REQUEST", JUMP_ZH, JUMP_EN
        download = DOWNLOAD_QUERY.match(path)
        if download is not None and download["format"] != "csv":
            return "400 BAD REQUEST", FORMAT_ZH, FORMAT_EN
        if QUERY_ROUTE.match(path):
            args = parse_qs(str(environ.get("QUERY_STRING", "")), keep_blank_values=True)
            try:
                for text in args.get("query_string", []):
                    check_query(text)
            except QueryRefused as refused:
                return "400 BAD REQUEST", f"查询被拒绝:{refused.zh}", f"Query refused: {refused.en}"
        return None

    def _refuse(
        self, start_response: StartResponse, path: str, status: str, zh: str, en: str
    ) -> list[bytes]:
        if "/api/" in path:
            # Fava's frontend shows `error` of a JSON API response as a notification.
            body = json.dumps({"error": f"{zh} {en}"}, ensure_ascii=False).encode("utf-8")
            kind = "application/json; charset=utf-8"
        else:
            title = f"{status.split()[0]} {zh}"
            body = (
                '<!doctype html><html lang="zh"><head><meta charset="utf-8">'
                f"<title>{escape(title)}</title></head><body>"
                f"<h1>{escape(title)}</h1><p>{escape(zh)}</p>"
                f"<p>{escape(en)}</p></body></html>"
            ).encode()
            kind = "text/html; charset=utf-8"
        start_response(status, [("Content-Type", kind), ("Content-Length", str(len(body)))])
        return [self.redactor(body)]

    def _absolute_document(self, environ: dict[str, Any]) -> None:
        """Fava's `document/?filename=` with the relative name the redacted page links to."""
        args = parse_qs(str(environ.get("QUERY_STRING", "")), keep_blank_values=True)
        args["filename"] = [self.redactor.absolute_filename(f) for f in args.get("filename", [])]
        environ["QUERY_STRING"] = urlencode(args, doseq=True)

    def _rewritten(
        self, environ: dict[str, Any], path: str, start_response: StartResponse
    ) -> Iterable[bytes]:
        captured: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            captured["status"], captured["headers"], captured["exc"] = status, headers, exc_info
            return lambda _data: None

        result = self.app(environ, capture)
        headers: list[tuple[str, str]] = captured.get("headers", [])
        kind = next((v for k, v in headers if k.lower() == "content-type"), "")
        text = kind.startswith(("text/", "application/json")) or bool(DOWNLOAD_JOURNAL.match(path))
        if not text or path.startswith("/static/") or environ.get("REQUEST_METHOD") == "HEAD":
            # Pass through untouched (static files, documents; HEAD has no body).
            start_response(captured["status"], headers, captured["exc"])
            return result
        try:
            body = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        body = self.redactor(body)
        if CONTEXT.match(path):
            body = _context_without_editor(body)
        if kind.startswith("text/html"):
            body = body.replace(b"<head>", b"<head>" + READ_ONLY_SCRIPT.encode(), 1)
        headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
        headers.append(("Content-Length", str(len(body))))
        start_response(captured["status"], headers, captured["exc"])
        return [body]
