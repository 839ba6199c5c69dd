"""Evidence on events: doc_no and bank_ref as metadata, attachments kept by content."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import pytest
from beancount import loader

from jcg_ledger.audit import chain
from jcg_ledger.books.layout import Ledger
from jcg_ledger.events import EventError, parse_event
from jcg_ledger.evidence import MAX_BYTES
from jcg_ledger.post import PostError
from tests.conftest import entity, post_raw, snapshot


def appropriation(event_id: str = "APP-1", **extra: Any) -> dict[str, Any]:
    return {
        "id": event_id,
        "type": "budget.appropriate",
        "date": "2025-01-10",
        "year": 2025,
        "department": "sci-tech",
        "amount": "1000000",
        **extra,
    }


def test_doc_no_and_bank_ref_are_transaction_metadata(ledger: Ledger) -> None:
    post_raw(ledger, appropriation(doc_no="晋财预〔2025〕1号", bank_ref="CB2025-0110/7"))
    entries, errors, _ = loader.load_file(str(ledger.main("city")))
    assert not [e for e in errors if "warning" not in str(type(e)).lower()]
    txn = next(e for e in entries if e.meta.get("event") == "APP-1" and hasattr(e, "postings"))
    assert txn.meta["doc_no"] == "晋财预〔2025〕1号"
    assert txn.meta["bank_ref"] == "CB2025-0110/7"


def test_an_attachment_is_kept_once_by_content_and_linked(ledger: Ledger, tmp_path: Path) -> None:
    scan = tmp_path / "批复 scan.PDF"
    scan.write_bytes(b"%PDF-1.4 decision")
    copy = tmp_path / "again.pdf"
    copy.write_bytes(b"%PDF-1.4 decision")
    post_raw(ledger, appropriation(attachments=[str(scan)]))
    post_raw(ledger, appropriation("APP-2", attachments=[str(copy)]))
    digest = hashlib.sha256(b"%PDF-1.4 decision").hexdigest()
    stored = ledger.root / "city" / "documents" / f"{digest}.pdf"
    assert stored.read_bytes() == b"%PDF-1.4 decision"
    assert [p.name for p in (ledger.root / "city" / "documents").iterdir()] == [stored.name]
    entries, _, _ = loader.load_file(str(ledger.main("city")))
    documents = [e for e in entries if type(e).__name__ == "Document"]
    assert sorted(next(iter(d.links)) for d in documents) == ["APP-1", "APP-2"]
    assert {Path(d.filename) for d in documents} == {stored}
    # The file is part of what the audit chain records and verifies.
    log = ledger.audit_path.read_text("utf-8")
    assert f"city/documents/{stored.name}" in log
    assert chain.verify(ledger) == []
    stored.write_bytes(b"%PDF-1.4 forged")
    problems = chain.verify(ledger)
    assert any(f"city/documents/{stored.name}" in p.message for p in problems)


def test_the_same_event_from_another_path_is_already_posted(ledger: Ledger, tmp_path: Path) -> None:
    first = tmp_path / "a.pdf"
    first.write_bytes(b"same")
    second = tmp_path / "b.pdf"
    second.write_bytes(b"same")
    post_raw(ledger, appropriation(attachments=[str(first)]))
    before = snapshot(ledger)
    result = post_raw(ledger, appropriation(attachments=[str(second)]))
    assert result.already == ["APP-1"]
    assert snapshot(ledger) == before


def _refused(ledger: Ledger, path: str) -> str:
    before = snapshot(ledger)
    with pytest.raises(EventError) as error:
        parse_event(appropriation(attachments=[path]))
    assert snapshot(ledger) == before
    return str(error.value)


def test_hostile_attachments_are_refused(ledger: Ledger, tmp_path: Path) -> None:
    target = tmp_path / "secret.txt"
    target.write_text("x")
    link = tmp_path / "link.pdf"
    link.symlink_to(target)
    assert "symbolic link" in _refused(ledger, str(link))
    assert "regular file" in _refused(ledger, str(tmp_path))
    assert "regular file" in _refused(ledger, "/dev/null")
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    assert "regular file" in _refused(ledger, str(fifo))
    big = tmp_path / "big.pdf"
    with open(big, "wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    assert "exceed" in _refused(ledger, str(big))
    assert "cannot be read" in _refused(ledger, str(tmp_path / "missing.pdf"))


def test_the_stored_name_is_the_hash_and_a_sanitised_extension(
    ledger: Ledger, tmp_path: Path
) -> None:
    odd = tmp_path / "..%2f..%2fx.p$f"
    odd.write_bytes(b"odd")
    post_raw(ledger, appropriation(attachments=[str(odd)]))
    names = [p.name for p in (ledger.root / "city" / "documents").iterdir()]
    assert names == [hashlib.sha256(b"odd").hexdigest()]


def test_bank_ref_refuses_text_that_is_not_a_reference() -> None:
    with pytest.raises(EventError, match="bank_ref"):
        parse_event(appropriation(bank_ref="=HYPERLINK(1)"))


def test_attachments_of_an_event_writing_no_transaction_are_refused(
    ledger: Ledger, tmp_path: Path
) -> None:
    scan = tmp_path / "registration.pdf"
    scan.write_bytes(b"%PDF registration")
    before = snapshot(ledger)
    with pytest.raises(PostError) as error:
        post_raw(ledger, entity("ACME", attachments=[str(scan)]))
    assert error.value.rule == "attachment-without-transaction"
    assert error.value.field == "attachments"
    assert snapshot(ledger) == before
