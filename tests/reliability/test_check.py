"""`jcg check` is the auditor's verdict: it cannot be switched off, and it sees hand edits.

- a book's ``option``/``plugin``/``include`` lines must be those `jcg init` wrote;
- the audit chain is part of it: a balanced hand edit of an amount fails `check`, naming the
  file and the first differing entry, and `jcg audit verify` says the books changed, not the log.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from click.testing import Result

from jcg_ledger.books.layout import Ledger
from jcg_ledger.check import check
from tests.conftest import entity, post_raw

FUND = {"id": "f-1", "type": "project.fund", "date": "2025-03-01", "amount": "1000"}
FUND_2 = {"id": "f-2", "type": "project.fund", "date": "2025-03-02", "amount": "2000"}
PLUGIN = 'plugin "jcg_ledger.plugins.policy" "city"'


@pytest.fixture
def posted(ledger: Ledger) -> Ledger:
    post_raw(ledger, [entity("ACME"), FUND])
    post_raw(ledger, [FUND_2])
    assert check(ledger).ok
    return ledger


def _edit(path: object, old: str, new: str) -> None:
    from pathlib import Path

    assert isinstance(path, Path)
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


def _accept(cli: Callable[..., Result]) -> None:
    assert cli("audit", "accept", "--reason", "手工修改", "--by", "clerk-01").exit_code == 0


@pytest.mark.parametrize(
    ("edit", "named"),
    [
        ((PLUGIN, ""), f"city/main.beancount 缺少 jcg init 写入的行 line written by jcg init is "
                       f"missing: {PLUGIN}"),
        ((PLUGIN, PLUGIN + '\nplugin "beancount.plugins.auto_accounts"'),
         'city/main.beancount:9 多出 jcg init 未写的行 line not written by jcg init: '
         'plugin "beancount.plugins.auto_accounts"'),
        (('include "accounts.beancount"',
          'include "accounts.beancount"\ninclude "../../elsewhere.beancount"'),
         'include "../../elsewhere.beancount"'),
        (('option "booking_method" "STRICT"',
          'option "booking_method" "STRICT"\noption "plugin_processing_mode" "raw"'),
         'option "plugin_processing_mode" "raw"'),
    ],
    ids=["plugin-deleted", "plugin-added", "include-added", "plugins-switched-off"],
)  # fmt: skip
def test_main_file_lines_differing_from_init_fail_check(
    posted: Ledger, cli: Callable[..., Result], edit: tuple[str, str], named: str
) -> None:
    (posted.root / "elsewhere.beancount").write_text("", "utf-8")
    _edit(posted.main("city"), *edit)
    _accept(cli)  # even recorded in the audit chain, the structure is not the books'
    result = cli("check", "--json")
    assert result.exit_code == 1
    errors = json.loads(result.output)["errors"]["city"]
    assert any("[book-structure]" in e and "账套 city" in e and named in e for e in errors), errors


def test_a_plugin_line_in_a_journal_fails_check(posted: Ledger, cli: Callable[..., Result]) -> None:
    journal = posted.journal("platform", 2025)
    journal.write_text(
        journal.read_text("utf-8") + '\nplugin "beancount.plugins.auto_accounts"\n', "utf-8"
    )
    _accept(cli)
    errors = check(posted).errors["platform"]
    assert any(
        "[book-structure]" in e
        and "platform/journal/2025.beancount:" in e
        and "beancount.plugins.auto_accounts" in e
        for e in errors
    ), errors


def test_a_balanced_hand_edit_fails_check_naming_the_entry(
    posted: Ledger, cli: Callable[..., Result]
) -> None:
    journal = posted.journal("platform", 2025)
    text = journal.read_text("utf-8")
    # Both postings of f-2's platform side: the book balances, reconciliation sees the city's.
    edited = text.replace("2000.00 CNY", "2900.00 CNY")
    assert edited.count("2900.00 CNY") == 2
    journal.write_text(edited, "utf-8")
    line = edited.splitlines().index(
        next(ln for ln in edited.splitlines() if ln.startswith("2025-03-02"))
    )
    result = check(posted)
    assert not result.ok and "audit" in result.rules and not result.audit_log_broken
    [problem] = [p for p in result.audit if "platform/journal/2025.beancount" in p]
    assert f"line {line + 1}" in problem and "(event f-2)" in problem
    shown = cli("check")
    assert shown.exit_code == 1 and "the books were changed outside jcg" in shown.output
    verified = cli("audit", "verify")
    assert verified.exit_code == 1
    assert "the books were changed outside jcg" in verified.output
    assert "audit log broken" not in verified.output
    assert f"first differing entry: 第{line + 1}行 line {line + 1} (event f-2)" in verified.output


def test_an_edited_log_is_said_to_be_the_log(posted: Ledger, cli: Callable[..., Result]) -> None:
    lines = posted.audit_path.read_text("utf-8").splitlines(keepends=True)
    posted.audit_path.write_text(lines[0] + lines[1].replace('"post"', '"p0st"'), "utf-8")
    result = check(posted)
    assert result.audit_log_broken and not result.ok
    assert "audit log broken" in cli("audit", "verify").output


def test_an_entry_added_by_hand_is_named(posted: Ledger) -> None:
    journal = posted.journal("city", 2025)
    journal.write_text(
        journal.read_text("utf-8")
        + '\n2025-03-05 * "手工"\n  Assets:Bank:SpecialFund  1.00 CNY\n  Equity:Opening  -1.00 CNY\n',
        "utf-8",
    )
    problems = [p for p in check(posted).audit if "city/journal/2025.beancount" in p]
    assert problems and "first unrecorded entry" in problems[0]


def test_accepted_edit_passes_the_audit_but_not_the_rules(
    posted: Ledger, cli: Callable[..., Result]
) -> None:
    """An accepted hand edit satisfies the chain; the rules still judge what it says."""
    journal = posted.journal("city", 2025)
    text = journal.read_text("utf-8")
    journal.write_text(text.replace("2025-03-01 *", "2030-03-01 *", 1), "utf-8")
    _accept(cli)
    result = check(posted)
    assert result.audit == [] and "window" in result.rules
