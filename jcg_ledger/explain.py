"""`jcg explain`: for each event type, the accounts it debits and credits, from the renderers."""

from __future__ import annotations

from jcg_ledger.events import BY_TYPE
from jcg_ledger.render import RENDERERS


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
