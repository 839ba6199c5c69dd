"""`jcg report reconciliation`: every mirrored pair of accounts across the books, by link."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from jcg_ledger.reconcile import MIRRORS, _collect, reconcile
from jcg_ledger.reports.base import BooksView, Column, Report, Table


def build(view: BooksView, as_of: date) -> Report:
    pairs = Table(
        "pairs",
        "对账汇总",
        "Mirrored accounts",
        [
            Column("pair", "对账项目", "Pair"),
            Column("left", "左方科目", "Left account"),
            Column("left_balance", "左方余额", "Left balance", "money"),
            Column("right", "右方科目", "Right account"),
            Column("right_balance", "右方余额(反号)", "Right balance (negated)", "money"),
            Column("difference", "差额", "Difference", "money"),
            Column("links", "关联笔数", "Linked flows", "int"),
        ],
    )
    books = {b: [e for e in view.mirrored(b) if e.date <= as_of] for b in view.books}
    for mirror in MIRRORS:
        left = _collect(books[mirror.left_book], mirror.left)
        right = _collect(books[mirror.right_book], mirror.right)
        lsum = sum((s.amount for s in left.values()), Decimal(0))
        rsum = -sum((s.amount for s in right.values()), Decimal(0))
        pairs.rows.append(
            {
                "pair": mirror.name_zh,
                "left": f"{mirror.left_book}:{mirror.left}",
                "left_balance": lsum,
                "right": f"{mirror.right_book}:{mirror.right}",
                "right_balance": rsum,
                "difference": lsum - rsum,
                "links": len(set(left) | set(right)),
            }
        )
    differences = Table(
        "differences",
        "对账差异",
        "Differences",
        [
            Column("pair", "对账项目", "Pair"),
            Column("link", "关联", "Link"),
            Column("left", "左方分录", "Left entry"),
            Column("right", "右方分录", "Right entry"),
            Column("message", "说明", "Message"),
        ],
        [
            {
                "pair": d.mirror,
                "link": d.link,
                "left": d.left,
                "right": d.right,
                "message": d.message,
            }
            for d in reconcile(books)
        ],
    )
    return Report(
        "reconciliation",
        "跨账套对账",
        "Cross-book reconciliation",
        as_of,
        [pairs, differences],
        {"差异笔数 differences": len(differences.rows)},
    )
