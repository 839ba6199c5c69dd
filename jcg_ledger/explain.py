"""`jcg explain`: for each event type, the accounts it debits and credits, from the renderers."""

from __future__ import annotations

from jcg_ledger.books.chart import chart
from jcg_ledger.books.layout import BOOK_TITLES, BOOKS
from jcg_ledger.events import BY_TYPE
from jcg_ledger.policy import default_policy
from jcg_ledger.render import RENDERERS

DOC_HEADER = """# 事件与分录 Events and the entries they post

面向审计人员:每类事件借记、贷记哪些科目,以及原因。本页由代码生成(`jcg explain --doc`),
测试保证两者一致。For auditors: the accounts each event type debits and credits, and why.
Generated from the code (`jcg explain --doc`); a test keeps this page and the code in step.

每笔分录带有元数据 `event`(事件编号)、`type`、`digest`(内容哈希),并以 `^事件编号` 关联;
跨账套的一次资金往来在两本账中以同一关联出现,`jcg check` 逐笔对账。
Every entry carries `event`, `type` and `digest` metadata and the link `^<event id>`; a flow
between two books carries the same link in both, and `jcg check` reconciles each pair.
"""


def explain_text(event_type: str | None = None) -> str:
    types = [event_type] if event_type else list(BY_TYPE)
    if event_type is not None and event_type not in BY_TYPE:
        raise KeyError(f"未知事件类型 unknown event type {event_type!r}")
    blocks = []
    for name in types:
        model = BY_TYPE[name]
        renderer = RENDERERS.get(name)
        lines = [f"## {name} — {model.title_zh}", f"账套 books: {', '.join(model.books)}"]
        if renderer is None:
            lines.append("(尚未实现 not yet implemented)")
        else:
            for book, debit, credit in renderer.postings:
                lines.append(f"  [{book}] 借 Dr {debit}  /  贷 Cr {credit}")
            lines.append(renderer.explain_zh)
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def chart_markdown() -> str:
    """The chart of accounts each book opens at `jcg init`, with Chinese names."""
    policy = default_policy()
    lines = ["## 科目表 Chart of accounts", ""]
    for book in BOOKS:
        lines += [
            f"### {book} — {BOOK_TITLES[book]}",
            "",
            "| 科目 account | 中文 | CAS |",
            "|---|---|---|",
        ]
        lines += [f"| `{a.account}` | {a.name_zh} | {a.cas or ''} |" for a in chart(book, policy)]
        lines.append("")
    lines.append(
        "按投资对象开设的科目(`Assets:Equity:<E>`、`Assets:Portfolio:<E>` 等)由首次使用它的事件开设。"
        " Accounts per investee are opened by the first event that needs them."
    )
    return "\n".join(lines)


def events_markdown() -> str:
    """docs/events.md: the header, every event type, then the chart of accounts."""
    return f"{DOC_HEADER}\n{explain_text()}\n\n{chart_markdown()}\n"
