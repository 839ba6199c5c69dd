"""Server paths out of what auditors see: the books' folder becomes a relative path.

Fava shows where each entry comes from (the entry modal, `api/context`, the options and
errors pages, the ledger data embedded in every page), the reconciliation page names the
entry behind a difference, and a failing report shows its traceback — each with the
absolute path on the server. `Redactor` rewrites every text response before it leaves::

    /srv/jcg/ledger/city/journal/2025.beancount:12   ->   city/journal/2025.beancount:12
    /srv/jcg/.venv/lib/python3.11/site-packages/fava/core/query_shell.py
                                                     ->   fava/core/query_shell.py

It replaces each prefix in the forms it takes in a response: as written, JSON-escaped,
HTML-escaped and URL-quoted. `absolute_filename` maps a relative `filename` back for the
one route that takes one (Fava's `document/`).
"""

from __future__ import annotations

import json
import site
import sys
import sysconfig
from html import escape
from pathlib import Path
from urllib.parse import quote

import jcg_ledger


def _code_roots() -> list[Path]:
    """Folders the server's code lives in (tracebacks name files there)."""
    names = ("purelib", "platlib", "stdlib", "platstdlib")
    paths = [Path(p) for p in (sysconfig.get_paths().get(n) for n in names) if p]
    paths += [Path(p) for p in site.getsitepackages()]
    paths.append(Path(jcg_ledger.__file__).resolve().parent.parent)
    paths += [Path(sys.prefix), Path(sys.base_prefix), Path.home()]
    return paths


def _forms(text: str) -> list[str]:
    """The ways a string appears in an HTML, JSON or URL body."""
    forms = [text, json.dumps(text)[1:-1], escape(text, quote=True), quote(text, safe="")]
    forms.append(quote(text))
    return list(dict.fromkeys(forms))


class Redactor:
    """Replace the books' folder and the code folders in response bodies."""

    def __init__(self, root: Path) -> None:
        books = {str(root), str(root.resolve())}
        code = {str(p) for p in _code_roots()} | {str(p.resolve()) for p in _code_roots()}
        pairs: list[tuple[bytes, bytes]] = []
        for prefix in books | code:
            if prefix in ("/", ""):
                continue
            pairs += [(form.encode(), b"") for form in _forms(prefix + "/")]
        # The books' folder itself (`option "documents"`, a report naming it).
        for prefix in books:
            pairs += [(form.encode(), b".") for form in _forms(prefix)]
        # Longest first, so a folder inside another is replaced whole.
        self.pairs = sorted(dict.fromkeys(pairs), key=lambda pair: len(pair[0]), reverse=True)
        self.root = root

    def __call__(self, body: bytes) -> bytes:
        for old, new in self.pairs:
            if old in body:
                body = body.replace(old, new)
        return body

    def absolute_filename(self, filename: str) -> str:
        """A relative `filename` query parameter as a path in the books' folder."""
        if not filename or Path(filename).is_absolute():
            return filename
        return str(self.root / filename)
