"""Commit each write to git when the books folder is a git repository of its own.

The audit chain proves nothing changed since a record; git puts that record somewhere else:
each post and each close becomes a commit whose author is the operator (``--by``, else
``JCG_OPERATOR``, else the OS user), with the event ids in the message. Pushed to a remote the
auditors hold, the history is an external anchor that a forger with write access to the books
folder cannot rewrite unnoticed.

Decisions:

* automatic when the ledger folder itself holds ``.git`` (a folder inside a larger repository is
  left alone: jcg never commits into a code repository); ``JCG_GIT=0`` turns it off;
* it runs after the books are committed and still under the lock, so commits are in the order
  of the audit log; a failing git (no identity, a broken repository) never undoes a post: the
  books are already right, and the failure is returned for the command line to show.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable

from jcg_ledger.books.layout import Ledger

GIT_ENV = "JCG_GIT"


def enabled(ledger: Ledger) -> bool:
    return (ledger.root / ".git").exists() and os.environ.get(GIT_ENV, "1") != "0"


def _git(ledger: Ledger, *args: str, env: dict[str, str] | None = None) -> str:
    run = subprocess.run(
        ["git", "-C", str(ledger.root), *args],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=60,
    )
    return run.stdout.strip()


def _config(ledger: Ledger, key: str) -> str:
    try:
        return _git(ledger, "config", "--get", key)
    except subprocess.CalledProcessError:
        return ""


def commit(ledger: Ledger, files: Iterable[str], message: str, by: str) -> tuple[str | None, str]:
    """Commit the files a write changed. Returns (commit id or None, problem or "")."""
    if not enabled(ledger):
        return None, ""
    # Every book file, not only this write's: a write a crash interrupted and the next command
    # rolled forward is committed with it instead of being left dirty in the work tree.
    present = [ledger.relative(p) for p in ledger.book_files() if p.exists()]
    names = sorted({*files, *present, ledger.relative(ledger.audit_path)})
    email = _config(ledger, "user.email") or f"{by}@jcg.invalid"
    env = dict(os.environ)
    if not _config(ledger, "user.name"):
        # No committer configured for this repository: the operator commits.
        env.update(GIT_COMMITTER_NAME=by, GIT_COMMITTER_EMAIL=email)
    try:
        _git(ledger, "add", "--", *names)
        if not _git(ledger, "status", "--porcelain", "--", *names):
            return None, ""
        _git(ledger, "commit", "-q", "-m", message, f"--author={by} <{email}>", env=env)
        return _git(ledger, "rev-parse", "HEAD"), ""
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
        detail = getattr(exc, "stderr", "") or str(exc)
        return None, f"git 提交失败 git commit failed (the books are written): {detail.strip()}"
