"""Evidence of an event: its document number, bank reference and attached files.

Every event may name ``doc_no`` (文号 or 凭证号), ``bank_ref`` (the bank's transaction id) and
``attachments`` (paths of files on the operator's machine). The first two land as transaction
metadata; each attached file is copied into the book's documents folder under the SHA-256 of
its content (one file is kept once, whoever attaches it again) and linked by a Beancount
``document`` directive carrying the event's link, so Fava's documents page and the entry
modal list it::

    2025-03-01 * "补贴支付 subsidy paid" ^PAY-1
      event: "PAY-1"
      doc_no: "晋市科〔2025〕12号"
      bank_ref: "CB20250301-0042"
      Expenses:Subsidy:S1    500000.00 CNY
      Assets:Bank:Special   -500000.00 CNY

    2025-03-01 document Assets:Bank:Special "../documents/3f…9a.pdf" ^PAY-1

The files are part of the books (`Ledger.book_files`): the audit record of the post holds
their hashes, and `jcg audit verify` names a file changed or swapped afterwards.

An attachment is read from the operator's machine, so a path is refused when it is a
symbolic link, not a regular file (a device, a FIFO, a folder) or larger than
`MAX_BYTES`; the stored name is the content's hash and a sanitised extension, never a name
the file's author chose.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MAX_BYTES = 20 * 1024 * 1024
DOCUMENTS = "documents"
_EXTENSION = re.compile(r"[a-z0-9]{1,8}")
#: A stored attachment's name: what `stored_name` writes and `jcg check` expects.
STORED = re.compile(r"[0-9a-f]{64}(\.[a-z0-9]{1,8})?")


class AttachmentRefused(ValueError):
    """A path that is not an acceptable attachment (the message names why, zh and en)."""


def extension(path: str) -> str:
    """The file's extension, lower case, letters and digits only; '' when there is none."""
    suffix = Path(path).suffix.lower().lstrip(".")
    return suffix if _EXTENSION.fullmatch(suffix) else ""


def check_source(path: str) -> os.stat_result:
    """The file's status, or `AttachmentRefused`: a link, not a regular file, too large."""
    try:
        info = os.lstat(path)
    except OSError as error:
        raise AttachmentRefused(
            f"附件无法读取 attachment cannot be read: {error.strerror or error}"
        ) from None
    if stat.S_ISLNK(info.st_mode):
        raise AttachmentRefused("附件不得为符号链接 an attachment may not be a symbolic link")
    if not stat.S_ISREG(info.st_mode):
        raise AttachmentRefused("附件须为普通文件 an attachment must be a regular file")
    if info.st_size > MAX_BYTES:
        raise AttachmentRefused(
            f"附件超过 {MAX_BYTES // (1024 * 1024)} MB an attachment may not exceed "
            f"{MAX_BYTES // (1024 * 1024)} MB"
        )
    return info


def read_source(path: str) -> bytes:
    """The file's content, opened without following a link and checked again once open."""
    check_source(path)
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        handle = os.open(path, flags)
    except OSError as error:
        raise AttachmentRefused(
            f"附件无法读取 attachment cannot be read: {error.strerror or error}"
        ) from None
    with os.fdopen(handle, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise AttachmentRefused("附件须为普通文件 an attachment must be a regular file")
        content = file.read(MAX_BYTES + 1)
    if len(content) > MAX_BYTES:
        raise AttachmentRefused(f"附件超过上限 an attachment may not exceed {MAX_BYTES} bytes")
    return content


@dataclass(frozen=True)
class Attachment:
    """One attached file as the books keep it."""

    name: str  # stored name: <sha256>.<ext>
    content: bytes

    @property
    def sha256(self) -> str:
        return self.name.split(".")[0]


def stored_name(content: bytes, source: str) -> str:
    digest = hashlib.sha256(content).hexdigest()
    ext = extension(source)
    return f"{digest}.{ext}" if ext else digest


def load(path: str) -> Attachment:
    content = read_source(path)
    return Attachment(stored_name(content, path), content)


@lru_cache(maxsize=256)
def _cached(path: str, mtime_ns: int, size: int) -> Attachment:
    return load(path)


def attachment(path: str) -> Attachment:
    """`load(path)`, read once per version of the file (the event's digest and its render)."""
    info = check_source(path)
    return _cached(path, info.st_mtime_ns, info.st_size)


def document_path(name: str) -> str:
    """The ``document`` directive's file name, relative to the journal holding it."""
    return f"../{DOCUMENTS}/{name}"
