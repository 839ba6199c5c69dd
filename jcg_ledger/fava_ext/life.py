"""The page 项目全程 Project life: every step of a 先投后股 project on one page.

Approval, entrustment, disbursements, conversion, the buyback schedule and its settlements,
exit or write-off, remittance — whatever events the city and platform books hold for the
project, in date order, each with its book, document number, bank reference, amount and
attached documents, and a jump to the same event in the other book.

Built from the metadata every event writes (`project`, `type`, `event`, `doc_no`,
`bank_ref`) and the event's link, never from particular accounts, so it shows the books
as they are whatever the accounting of each event type: an event belongs to the project
when any of its entries says ``project: "<code>"``; all its entries in every book are shown.
An entrustment naming no project (the programme's funds, `PROGRAMME_WIDE`) is shown on every
project's page.

``?project=CODE`` chooses the project; ``?link=ID`` shows, instead, every entry carrying the
link ``^ID`` in any book (the trail of one event, or of any shared link).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

from beancount.core import data
from flask import g, request, url_for

from jcg_ledger.books.layout import BOOKS
from jcg_ledger.events import BY_TYPE
from jcg_ledger.fava_ext.pages import Page, ReportPage, Section
from jcg_ledger.fava_ext.present import Linker, meta_filter
from jcg_ledger.fava_ext.view import CachedView
from jcg_ledger.identifiers import EVENT_ID
from jcg_ledger.reports import Column, Report, Table

CURRENCY = "CNY"
#: Event types that may serve every project rather than one (entrustment of the funds):
#: shown on each project's page when they name no project.
PROGRAMME_WIDE = frozenset({"project.fund"})
COLUMNS = [
    Column("date", "日期", "Date", "date"),
    Column("book", "账套", "Book"),
    Column("step", "环节", "Step"),
    Column("event", "事件", "Event"),
    Column("doc_no", "文号", "Document no."),
    Column("bank_ref", "银行流水号", "Bank ref."),
    Column("amount", "金额", "Amount", "money"),
    Column("documents", "附件", "Attachments"),
    Column("elsewhere", "其他账套", "In other books"),
    Column("record", "审计记录", "Audit record"),
]


@dataclass
class Step:
    date: date
    book: str
    event: str
    type: str
    narration: str
    doc_no: str = ""
    bank_ref: str = ""
    amount: Decimal | None = None
    documents: list[str] = field(default_factory=list)
    elsewhere: list[str] = field(default_factory=list)


def projects(cached: CachedView) -> list[str]:
    """Every project code the books' entries name, sorted."""

    def compute() -> object:
        found: set[str] = set()
        for book in BOOKS:
            for entry in cached.view.entries(book):
                code = entry.meta.get("project")
                if isinstance(code, str):
                    found.add(code)
        return sorted(found)

    return cached.memo(("projects", date.min), compute)  # type: ignore[return-value]


def _amount(entry: Any) -> Decimal | None:
    if isinstance(entry, data.Transaction):
        total = Decimal(0)
        for posting in entry.postings:
            units = posting.units
            number = getattr(units, "number", None)
            if getattr(units, "currency", None) == CURRENCY and isinstance(number, Decimal):
                total += number if number > 0 else Decimal(0)
        return total if total else None
    if isinstance(entry, data.Custom):
        if isinstance(entry.meta.get("amount"), Decimal):
            return Decimal(entry.meta["amount"])
        for value in entry.values:
            number = getattr(value.value, "number", None)
            if isinstance(number, Decimal):
                return number
    return None


def _selected(entry: Any, project: str | None, link: str | None, events: set[str]) -> bool:
    if link is not None:
        return link in (getattr(entry, "links", None) or ()) or entry.meta.get("event") == link
    return project is not None and entry.meta.get("event") in events


def steps(cached: CachedView, as_of: date, *, project: str | None, link: str | None) -> list[Step]:
    """The project's (or the link's) entries in every book up to `as_of`, as steps."""
    events: set[str] = set()
    if project is not None:
        for book in BOOKS:
            for entry in cached.view.entries(book):
                if not entry.meta.get("event"):
                    continue
                own = entry.meta.get("project") == project
                # Money entrusted to the platform for the whole programme funds every project.
                shared = entry.meta.get("type") in PROGRAMME_WIDE and "project" not in entry.meta
                if own or shared:
                    events.add(str(entry.meta["event"]))
    found: list[Step] = []
    books_of: dict[str, set[str]] = defaultdict(set)
    documents: dict[tuple[str, str], list[str]] = defaultdict(list)
    for book in BOOKS:
        for entry in cached.view.entries(book):
            if entry.date > as_of or not _selected(entry, project, link, events):
                continue
            event = str(entry.meta.get("event", ""))
            books_of[event].add(book)
            if isinstance(entry, data.Document):
                documents[(book, event)].append(entry.filename)
                continue
            if not isinstance(entry, data.Transaction | data.Custom):
                continue
            kind = str(entry.meta.get("type", ""))
            narration = (
                (entry.narration or "") if isinstance(entry, data.Transaction) else entry.type
            )
            found.append(
                Step(
                    entry.date,
                    book,
                    event,
                    kind,
                    narration,
                    str(entry.meta.get("doc_no", "")),
                    str(entry.meta.get("bank_ref", "")),
                    _amount(entry),
                )
            )
    for step in found:
        step.documents = documents.get((step.book, step.event), [])
        step.elsewhere = sorted(books_of[step.event] - {step.book}, key=BOOKS.index)
    found.sort(key=lambda s: (s.date, BOOKS.index(s.book)))
    return found


def _step_label(step: Step) -> str:
    model = BY_TYPE.get(step.type)
    title = model.title_zh if model is not None else ""
    return f"{title} {step.type}".strip() if title else step.narration


class JcgProject(ReportPage):
    """项目全程: a 先投后股 project's steps across the city and platform books."""

    report_title = "项目全程 Project life"
    reports: ClassVar[tuple[str, ...]] = ()
    book = "platform"
    intro_zh = (
        "先投后股项目从立项、委托拨付、投资拨付、转股、回购计划与结算,到退出或核销、"
        "收益上缴的每一步:账套、文号、金额与附件。"
    )
    intro_en = (
        "Every step of a project — approval, entrustment, disbursements, conversion, buyback "
        "schedule and settlements, exit or write-off, remittance — in both books, with its "
        "document and amount."
    )

    def _link(self) -> str | None:
        raw = request.args.get("link", "").strip()
        return raw if raw and EVENT_ID.fullmatch(raw) else None

    def _project(self, cached: CachedView) -> str | None:
        known = projects(cached)
        raw = request.args.get("project", "").strip()
        if raw in known:
            return raw
        return known[0] if known else None

    def choose(self, cached: CachedView, page: Page) -> None:
        known = projects(cached)
        if self._link() is None and known:
            selected = self._project(cached) or ""
            page.choices.append(
                ("project", "项目 Project", [(code, code) for code in known], selected)
            )

    def own_reports(self, cached: CachedView, as_of: date, linker: Linker) -> list[Report]:
        link = self._link()
        project = None if link is not None else self._project(cached)
        found = steps(cached, as_of, project=project, link=link)
        g.jcg_steps = found  # per request: the page object serves every thread
        rows = [
            {
                "date": s.date,
                "book": s.book,
                "step": _step_label(s),
                "event": s.event or None,
                "doc_no": s.doc_no or None,
                "bank_ref": s.bank_ref or None,
                "amount": s.amount,
                "documents": f"{len(s.documents)} 件 file(s)" if s.documents else None,
                "elsewhere": " ".join(s.elsewhere) or None,
                "record": "查看 show" if s.event else None,
            }
            for s in found
        ]
        if link is not None:
            title_zh, title_en = f"关联 ^{link} 的分录", f"Entries linked ^{link}"
        else:
            title_zh, title_en = f"项目 {project or '—'} 全程", f"Project {project or '—'}"
        table = Table("steps", title_zh, title_en, COLUMNS, rows)
        summary: dict[str, Any] = {"环节数 steps": len(rows)}
        if project is not None:
            summary["项目 project"] = project
        if link is not None:
            summary["关联 link"] = link
        return [Report("project-life", title_zh, title_en, as_of, [table], summary)]

    def adjust(self, section: Section, report: Report, linker: Linker) -> None:
        view = section.view
        if view is None or not view.tables:
            return
        keys = [c.key for c in report.tables[0].columns]
        shown = view.tables[0]  # one page of the steps (`present.ROWS_PER_PAGE`)
        page_steps = g.jcg_steps[shown.first - 1 : shown.last] if shown.rows else []
        for step, row in zip(page_steps, shown.rows, strict=True):
            cells = dict(zip(keys, row.cells, strict=True))
            slug = self.slugs.get(step.book)
            if step.documents and slug is not None:
                cells["documents"].href = url_for(
                    "document", bfile=slug, filename=step.documents[0]
                )
                cells["documents"].title = "打开附件 open the attachment"
                cells["documents"].remote = True
            # By the event's metadata: a custom directive (an approval) carries no link.
            flt = meta_filter([("event", step.event)]) if step.event else None
            if step.elsewhere and flt is not None:
                cells["elsewhere"].href = linker(step.elsewhere[0], flt, None)
                cells[
                    "elsewhere"
                ].title = (
                    f"在 {step.elsewhere[0]} 账套中查看 show it in the {step.elsewhere[0]} book"
                )
            audit_slug = slug or next(iter(self.slugs.values()), None)
            if step.event and audit_slug is not None:
                cells["record"].href = url_for(
                    "extension_report",
                    bfile=audit_slug,
                    extension_name="JcgAudit",
                    event=step.event,
                )
