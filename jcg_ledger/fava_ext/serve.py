"""`jcg serve`: Fava over the three books, read-only, on a production WSGI server.

Auditors browse; only `jcg post` writes (the one write path with the policy rules, period
close, the books' fixed structure and the audit record). There is no editable mode: Fava's
editor saves arbitrary text, which no event rule can check (docs/fava.md says why).

The application is Fava's (without Fava's own `read_only` switch, which answers 401 to
HEAD as well; the guard refuses every method but GET and HEAD), with:
- each book's BQL shell replaced by `bql.ReadOnlyShell` (only read statements run);
- `guard.ReadOnlyGuard` in front (refusals, same-origin checks, redacted paths, the page
  script that removes the editing controls, the access log).

`serve` runs it on cheroot (the WSGI server Fava's own command uses), bound to 127.0.0.1
unless told otherwise; put an authenticating reverse proxy in front to serve others.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from jcg_ledger.books.layout import BOOKS, Ledger
from jcg_ledger.fava_ext import reload
from jcg_ledger.fava_ext.bql import guard_shell
from jcg_ledger.fava_ext.guard import (
    MESSAGE,
    MESSAGE_EN,
    MESSAGE_ZH,
    AccessLog,
    Proxy,
    ReadOnlyGuard,
    is_refused,
)
from jcg_ledger.fava_ext.redact import Redactor

__all__ = [
    "MESSAGE",
    "MESSAGE_EN",
    "MESSAGE_ZH",
    "book_files",
    "create_app",
    "is_refused",
    "serve",
]


def book_files(ledger: Ledger) -> list[Path]:
    """The main file of each book, in the order Fava lists them."""
    return [ledger.main(book) for book in BOOKS]


def create_app(
    ledger: Ledger, *, proxy: Proxy | None = None, access_log: AccessLog | None = None
) -> Any:
    """Fava's application over the three books, read-only, behind the guard."""
    from fava.application import create_app as fava_create_app

    books = reload.watch(ledger)  # a reload after a post appends to the last load
    app = fava_create_app([str(p) for p in book_files(ledger)], load=True)
    app.config["JCG_BOOKS"] = books  # the registry holds them only while the app does
    ledgers = app.config["LEDGERS"]
    # Before Fava's own check for changes (the first of its `before_request` functions).
    app.before_request_funcs.setdefault(None, []).insert(
        0, lambda: reload.notice_new_files(fava for _slug, fava in ledgers.items())
    )
    for _slug, fava_ledger in app.config["LEDGERS"].items():
        guard_shell(fava_ledger)
    kwargs: dict[str, Any] = {"proxy": proxy}
    if access_log is not None:
        kwargs["access_log"] = access_log
    app.wsgi_app = ReadOnlyGuard(app.wsgi_app, Redactor(ledger.root), **kwargs)  # type: ignore[method-assign]
    app.config["JCG_LEDGER"] = ledger
    return app


def _file_log(stream: IO[str]) -> AccessLog:
    import json

    def write(record: dict[str, object]) -> None:
        stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        stream.flush()

    return write


def _log_loads() -> None:
    """Say on standard output, beside the access log, how each book (re)loaded."""
    import logging
    import sys

    logger = logging.getLogger(reload.__name__)
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(logging.Formatter("Fava 载入 load: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


def serve(
    ledger: Ledger,
    *,
    host: str = "127.0.0.1",
    port: int = 5000,
    proxy: Proxy | None = None,
    access_log: Path | None = None,
) -> None:
    """Run the server until interrupted (cheroot, as Fava's own command)."""
    from cheroot.wsgi import Server

    if not ledger.exists():
        raise SystemExit(f"找不到账套 no books at {ledger.root}")
    root = ledger.root.resolve()
    if access_log is not None and access_log.resolve().is_relative_to(root):
        raise SystemExit(
            f"访问日志不能写在账套里 the access log cannot be written inside the books: {access_log}"
        )
    stream = access_log.open("a", encoding="utf-8") if access_log is not None else None
    try:
        _log_loads()
        app = create_app(
            ledger, proxy=proxy, access_log=_file_log(stream) if stream is not None else None
        )
        server = Server((host, port), app)
        behind = f", user from {proxy.user_header} via {sorted(proxy.trusted)}" if proxy else ""
        print(f"Fava: http://{host}:{port}/ — 只读 read-only (cheroot{behind})", flush=True)
        try:
            server.start()
        except KeyboardInterrupt:
            server.stop()
    finally:
        if stream is not None:
            stream.close()
