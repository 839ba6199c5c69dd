"""The error listing: every refused event (or bad row) of a batch, up to a limit, then a count.

Each line names where (event id, or the row as the sheet shows it), the field (or column),
the rule and the message, Chinese with English beside it::

    拒绝 refused: 3 个问题 problems
      ✗ 事件 event a2 · 字段 field amount · 规则 rule entitlement
        [platform-provincial 省级科技创新平台] 金额超过按政策计算的应得额 500000.00 元 …
    账套未改动 nothing was written
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

LIMIT = 20


@dataclass(frozen=True)
class Item:
    where: str  # "事件 event a1" / "行 row 5"
    field: str  # "字段 field amount" / "列 column D 核定金额(万元)"
    rule: str
    message: str
    data: dict[str, Any]  # the machine-readable form (JSON output)


def event_item(event_id: str, field: str, rule: str, message: str) -> Item:
    data = {"event": event_id, "field": field, "rule": rule, "message": message}
    return Item(f"事件 event {event_id}", f"字段 field {field}", rule, message, data)


def row_item(row: int | None, column: str, rule: str, message: str) -> Item:
    data = {"row": row, "column": column, "rule": rule, "message": message}
    where = f"行 row {row}" if row is not None else "表 sheet"
    return Item(where, f"列 column {column}", rule, message, data)


def lines(items: Sequence[Item], limit: int = LIMIT) -> list[str]:
    """The listing as text lines (nothing about what was written)."""
    if len(items) == 1:
        item = items[0]
        return [
            f"拒绝 refused: {item.where} · {item.field} · 规则 rule {item.rule}",
            f"  {item.message}",
        ]
    out = [f"拒绝 refused: {len(items)} 个问题 problems"]
    for item in items[:limit]:
        out.append(f"  ✗ {item.where} · {item.field} · 规则 rule {item.rule}")
        out.append(f"    {item.message}")
    if len(items) > limit:
        rest = len(items) - limit
        out.append(f"  … 另有 {rest} 个问题未列出 and {rest} more not listed")
    return out


def as_json(items: Sequence[Item], limit: int = LIMIT) -> dict[str, Any]:
    """``{"ok": false, <the first problem>, "count": n, "errors": [...]}`` (limited)."""
    return {
        "ok": False,
        **items[0].data,
        "count": len(items),
        "errors": [i.data for i in items[:limit]],
        "truncated": len(items) > limit,
    }
