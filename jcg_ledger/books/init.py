"""`jcg init DIR`: three new books, the policy data file and the named queries."""

from __future__ import annotations

from datetime import date
from importlib import resources
from pathlib import Path

from jcg_ledger.books.chart import chart
from jcg_ledger.books.layout import BOOK_TITLES, BOOKS, Ledger
from jcg_ledger.policy import Policy, load_policy, render_policy_text


class InitError(Exception):
    pass


def main_text(book: str) -> str:
    return f"""; {BOOK_TITLES[book]}
; 由 jcg init 生成 — written by `jcg init`. Entries are added by `jcg post` only.
option "title" "{BOOK_TITLES[book]}"
option "operating_currency" "CNY"
option "render_commas" "TRUE"
option "booking_method" "STRICT"

plugin "jcg_ledger.plugins.policy" "{book}"

1970-01-01 custom "fava-option" "language" "zh"
1970-01-01 custom "fava-option" "default-page" "balance_sheet/"
1970-01-01 custom "fava-extension" "jcg_ledger.fava_ext" "{book}"

include "accounts.beancount"
include "../reports/queries.beancount"
include "journal/*.beancount"
"""


def accounts_text(book: str, policy: Policy) -> str:
    opened = policy.policy.effective_date.isoformat()
    lines = [
        f"; 科目表 chart of accounts — {BOOK_TITLES[book]}",
        "",
        f'{opened} commodity CNY\n  name: "人民币 Chinese yuan"',
        "",
    ]
    for item in chart(book, policy):
        booking = f' "{item.booking}"' if item.booking else ""
        lines.append(f"{opened} open {item.account} CNY{booking}")
        lines.append(f'  name_zh: "{item.name_zh}"')
        if item.cas:
            lines.append(f'  cas: "{item.cas}"')
        if item.code:
            lines.append(f'  code: "{item.code}"')
    return "\n".join(lines) + "\n"


def journal_header(book: str, year: int) -> str:
    return f"; {BOOK_TITLES[book]} — {year} 年分录 journal (written by jcg post)\n"


def queries_text() -> str:
    return (resources.files("jcg_ledger") / "data" / "queries.beancount").read_text("utf-8")


def init_ledger(root: Path, effective_date: date | None = None) -> Ledger:
    ledger = Ledger.at(root)
    if ledger.root.exists() and any(ledger.root.iterdir()):
        raise InitError(f"目录非空 folder is not empty: {ledger.root}")
    ledger.root.mkdir(parents=True, exist_ok=True)
    ledger.policy_path.write_text(render_policy_text(effective_date or date(2025, 1, 1)), "utf-8")
    policy = load_policy(ledger.policy_path)
    ledger.queries_path.parent.mkdir(exist_ok=True)
    ledger.queries_path.write_text(queries_text(), "utf-8")
    for book in BOOKS:
        (ledger.book_dir(book) / "journal").mkdir(parents=True)
        ledger.main(book).write_text(main_text(book), "utf-8")
        ledger.accounts(book).write_text(accounts_text(book, policy), "utf-8")
        year = policy.policy.effective_date.year
        ledger.journal(book, year).write_text(journal_header(book, year), "utf-8")
    ledger.audit_path.write_text("", "utf-8")
    (ledger.root / ".gitignore").write_text(".jcg/\n*.picklecache\n", "utf-8")
    return ledger
