"""Edits of the books or of the audit log made outside `jcg`, each with the record that
`jcg audit verify` must name (0 = not tied to one record)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from jcg_ledger.audit import chain
from jcg_ledger.books.init import init_ledger
from jcg_ledger.books.layout import Ledger
from jcg_ledger.events import parse_event
from jcg_ledger.post import post
from tests.conftest import funding
from tests.reliability.harness import entity_event, fund_event


def _lines(path: Path) -> list[str]:
    return path.read_text("utf-8").splitlines(keepends=True)


def _records(ledger: Ledger) -> list[dict[str, object]]:
    return [json.loads(line) for line in _lines(ledger.audit_path)]


def _write_records(ledger: Ledger, records: list[dict[str, object]]) -> None:
    text = "".join(json.dumps(r, sort_keys=True, ensure_ascii=False) + "\n" for r in records)
    ledger.audit_path.write_text(text, "utf-8")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


def edit_journal_amount(ledger: Ledger) -> None:
    _edit(ledger.journal("platform", 2025), "2000.00 CNY", "2900.00 CNY")


def delete_journal_line(ledger: Ledger) -> None:
    path = ledger.journal("city", 2025)
    lines = _lines(path)
    index = next(i for i, line in enumerate(lines) if "name:" in line)
    path.write_text("".join(lines[:index] + lines[index + 1 :]), "utf-8")


def delete_audit_line(ledger: Ledger) -> None:
    lines = _lines(ledger.audit_path)
    ledger.audit_path.write_text("".join(lines[:1] + lines[2:]), "utf-8")


def delete_last_audit_line(ledger: Ledger) -> None:
    ledger.audit_path.write_text("".join(_lines(ledger.audit_path)[:-1]), "utf-8")


def reorder_audit_lines(ledger: Ledger) -> None:
    lines = _lines(ledger.audit_path)
    ledger.audit_path.write_text("".join([lines[0], lines[2], lines[1]]), "utf-8")


def change_recorded_hash(ledger: Ledger) -> None:
    records = _records(ledger)
    files = dict(records[1]["files"])  # type: ignore[call-overload]
    name = sorted(files)[0]
    files[name] = "0" * 64
    records[1]["files"] = files
    _write_records(ledger, records)


def change_operator(ledger: Ledger) -> None:
    records = _records(ledger)
    records[1]["by"] = "somebody-else"
    _write_records(ledger, records)


def append_forged_record(ledger: Ledger) -> None:
    """A well-chained record claiming a content the file does not have."""
    text = ledger.audit_path.read_text("utf-8")
    forged = chain.append_record(
        text,
        by="forger",
        action="post",
        events=["x"],
        files={"city/journal/2025.beancount": "f" * 64},
    )
    ledger.audit_path.write_text(forged, "utf-8")


def garbage_audit_line(ledger: Ledger) -> None:
    with ledger.audit_path.open("a", encoding="utf-8") as handle:
        handle.write("not json\n")


def truncate_audit_log(ledger: Ledger) -> None:
    ledger.audit_path.write_text("", "utf-8")


def delete_audit_log(ledger: Ledger) -> None:
    ledger.audit_path.unlink()


def edit_policy(ledger: Ledger) -> None:
    text = ledger.policy_path.read_text("utf-8")
    ledger.policy_path.write_text(text + "\n# raised caps\n", "utf-8")


def remove_plugin_line(ledger: Ledger) -> None:
    _edit(ledger.main("city"), 'plugin "jcg_ledger.plugins.policy" "city"', "")


def edit_accounts(ledger: Ledger) -> None:
    with ledger.accounts("fund").open("a", encoding="utf-8") as handle:
        handle.write("\n2025-01-01 open Assets:Hidden CNY\n")


def delete_journal_file(ledger: Ledger) -> None:
    ledger.journal("platform", 2025).unlink()


def add_journal_file(ledger: Ledger) -> None:
    ledger.journal("city", 2027).write_text(
        '2027-01-01 * "slipped in"\n  Assets:Bank:SpecialFund  1.00 CNY\n'
        "  Equity:Opening-Balances\n",
        "utf-8",
    )


# (name, tamper, record verify must name: 1..3, or 0 for "not tied to one record")
# Edits of the log itself; every other case edits the books (`jcg audit verify` says which).
# Deleting the last record (or appending a forged one) leaves a chain that is intact: what
# differs is the books from its last record, and that is what verify says (only an anchor
# kept elsewhere, git, tells a shortened log).
LOG_EDITS = {
    "delete a middle audit record",
    "reorder audit records",
    "change a file hash in a record",
    "change the operator of a record",
    "append a line that is not JSON",
    "truncate the audit log",
    "delete the audit log",
}
CASES: list[tuple[str, Callable[[Ledger], None], int]] = [
    ("edit a journal line (amount)", edit_journal_amount, 3),
    ("delete a journal line (metadata)", delete_journal_line, 3),
    ("delete a middle audit record", delete_audit_line, 3),
    ("delete the last audit record", delete_last_audit_line, 2),
    ("reorder audit records", reorder_audit_lines, 3),
    ("change a file hash in a record", change_recorded_hash, 2),
    ("change the operator of a record", change_operator, 2),
    ("append a forged record without matching file hashes", append_forged_record, 4),
    ("append a line that is not JSON", garbage_audit_line, 4),
    ("truncate the audit log", truncate_audit_log, 0),
    ("delete the audit log", delete_audit_log, 0),
    ("edit policy.toml", edit_policy, 1),
    ("remove the plugin line of a main.beancount", remove_plugin_line, 1),
    ("add an account to accounts.beancount", edit_accounts, 1),
    ("delete a journal file", delete_journal_file, 3),
    ("add a journal file by hand", add_journal_file, 0),
]


def build_books(root: Path) -> Ledger:
    """Books with three records: appropriations and a registration, a first fund, a second."""
    ledger = init_ledger(root)
    for batch in (
        [*funding(), entity_event("ACME", 1)],
        [fund_event("f-1", "1000.00")],
        [fund_event("f-2", "2000.00", "2025-02-04")],
    ):
        post(ledger, [parse_event(e) for e in batch])
    return ledger


@dataclass
class TamperFigures:
    tried: int = 0
    detected: int = 0
    named_right: int = 0
    misses: list[str] = field(default_factory=list)


def tamper_experiment(work: Path) -> TamperFigures:
    base = build_books(work / "base")
    assert chain.verify(base) == []
    figures = TamperFigures()
    for index, (name, tamper, seq) in enumerate(CASES):
        ledger = Ledger.at(work / f"case-{index}")
        shutil.copytree(base.root, ledger.root)
        tamper(ledger)
        problems = chain.verify(ledger)
        figures.tried += 1
        if problems:
            figures.detected += 1
            if problems[0].seq == seq:
                figures.named_right += 1
            else:
                figures.misses.append(f"{name}: named {problems[0].seq}, expected {seq}")
        else:
            figures.misses.append(f"{name}: not detected")
    return figures
