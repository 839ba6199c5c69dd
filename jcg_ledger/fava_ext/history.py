"""The page 审计日志 Audit log: the records `jcg audit log` lists, in Fava.

``?event=ID`` shows the records of one event (the entry modal's event id, the project page's
"record" link), ``?since=YYYY-MM-DD`` those from a day on. Each record's event links to the
event's entries in every book (the project page's ``?link=`` view).
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from flask import request, url_for

from jcg_ledger.audit import history
from jcg_ledger.books.layout import Ledger
from jcg_ledger.fava_ext.pages import ReportPage, Section
from jcg_ledger.fava_ext.present import Linker
from jcg_ledger.fava_ext.view import CachedView
from jcg_ledger.identifiers import EVENT_ID
from jcg_ledger.reports import Report


def event_arg() -> str | None:
    """``?event=``, when it is an event id."""
    raw = request.args.get("event", "").strip()
    return raw if raw and EVENT_ID.fullmatch(raw) else None


class JcgAudit(ReportPage):
    """审计日志: every post, close and accepted edit; for an event, its record."""

    report_title = "审计日志 Audit log"
    reports: ClassVar[tuple[str, ...]] = ()
    book = "city"
    intro_zh = "每次写入账套的记录:时间、操作人、操作、事件与文件哈希(与 jcg audit log 相同)。"
    intro_en = (
        "Every write to the books: time, operator, action, events and file hashes "
        "(as `jcg audit log`). `jcg audit verify` proves the chain."
    )

    def own_reports(self, cached: CachedView, as_of: date, linker: Linker) -> list[Report]:
        raw = request.args.get("since", "")
        try:
            since = date.fromisoformat(raw) if raw else None
        except ValueError:
            since = None
        ledger = Ledger.at(self.ledger_root)
        return [history.report(ledger, as_of, since=since, event=event_arg())]

    def adjust(self, section: Section, report: Report, linker: Linker) -> None:
        view = section.view
        slug = self.slugs.get("platform") or next(iter(self.slugs.values()), None)
        if view is None or slug is None:
            return
        table = report.tables[0]
        keys = [c.key for c in table.columns]
        for row, shown in zip(table.rows, view.tables[0].rows, strict=True):
            events = str(row.get("events", "")).split()
            if len(events) == 1:
                cell = shown.cells[keys.index("events")]
                cell.href = url_for(
                    "extension_report", bfile=slug, extension_name="JcgProject", link=events[0]
                )
                cell.title = "该事件在各账套的分录 the event's entries in every book"
