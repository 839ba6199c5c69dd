"""A `Report` as the Fava pages show it: formatted cells, links to the journal, highlights.

Generic over `Report`/`Table`/`Column`: the pages show whatever the report code produces.
Links are derived from the metadata conventions every event follows (`event`, `entity`,
`measure`, … on each entry; `^<event id>` on each transaction), so a figure links to
Fava's journal filtered to the entries behind it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from jcg_ledger.books.layout import BOOKS
from jcg_ledger.money import quantize
from jcg_ledger.reports import Column, Report, Table

# Row keys that name an entry's metadata (docs/architecture.md, "Metadata conventions").
META_KEYS: tuple[str, ...] = (
    "event",
    "approval",
    "project",
    "tranche",
    "entity",
    "investor",
    "measure",
    "department",
    "subject",
    "person",
    "call",
)
NUMERIC_KINDS = frozenset({"money", "int", "ratio", "percent", "units"})
#: Rows a table shows at a time. The subsidies page of 10^5 events held tens of thousands of
#: rows, tens of megabytes of HTML no browser shows usefully: rendering them cost seconds and
#: most of the server's memory. The rest are a page away (`TableView.pages`), and in the
#: Excel export, which always holds every row; the totals row is always of every row.
ROWS_PER_PAGE = 200
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-/]*$")
_LINK = re.compile(r"^[A-Za-z0-9\-_/.]+$")  # Fava's filter lexer: LINK token
_BOOK_ACCOUNT = re.compile(rf"^({'|'.join(BOOKS)}):([A-Z][A-Za-z0-9:\-]*)$")
_WARN_TEXT = re.compile(r"逾期|超出|超限|超支|不符|未达|违约|overdue|breach|exceed|fail|late", re.I)
_OVERDUE_KEYS = ("overdue", "days_overdue", "overdue_days", "ageing_days", "age_days")
_OUTSTANDING = re.compile(r"outstanding|remaining|unpaid|open|balance_due|due_amount|arrears")

#: Builds a journal URL: (book, filter expression or None, account or None) -> URL or None.
Linker = Callable[[str, str | None, str | None], str | None]
#: Chinese names of the accounts (Open metadata ``name_zh``), by (book, account).
Names = Mapping[tuple[str, str], str]

_YEAR = re.compile(r"(^|_)year($|_)|年度|年份", re.I)
_RATE = re.compile(r"rate|irr|yield|率", re.I)
#: A money column's key -> the event types whose entries make its figure (`type` metadata):
#: "approved" and "paid" open different views of the journal.
COLUMN_TYPES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^approved$"), r"\.approve$"),
    (re.compile(r"^paid$"), r"^subsidy\.pay$"),
    (re.compile(r"^clawed_back$"), r"clawback$"),
    (re.compile(r"^(budget|available)$"), r"^budget\.appropriate$"),
    (re.compile(r"^received$"), r"^(buyback\.settle|debt\.repay)$"),
    (re.compile(r"^invested$"), r"^(project\.disburse|fund\.invest)$"),
    (re.compile(r"^converted$"), r"^project\.convert$"),
    (re.compile(r"^proceeds$"), r"exit$"),
    (re.compile(r"^written_off$"), r"writeoff$"),
    (re.compile(r"^interest$"), r"^debt\.accrue$"),
    (re.compile(r"^committed$"), r"^fund\.commit$"),
    (re.compile(r"^called$"), r"^fund\.call$"),
    (re.compile(r"^paid_in$"), r"^fund\.contribute$"),
    (re.compile(r"^distributed$"), r"^fund\.distribute$"),
)


def column_filter(key: str) -> str | None:
    """The `type` filter of the entries behind a money column, None when it is not one kind."""
    for pattern, types in COLUMN_TYPES:
        if pattern.search(key):
            return f'type:"{types}"'
    return None


def is_year(key: str) -> bool:
    return bool(_YEAR.search(key))


def is_rate(key: str) -> bool:
    return bool(_RATE.search(key))


def format_value(kind: str, value: Any, key: str = "") -> str:
    """One cell as people read it: 元 with thousands separators, percent, ratio…

    A year is a year (2025, not 2,025); a rate or an IRR given as a ratio is a percentage.
    """
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "是 yes" if value else "否 no"
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        number = Decimal(value)
        if key and is_year(key) and number == number.to_integral_value():
            return f"{number:.0f}"
        if kind == "ratio" and key and is_rate(key):
            kind = "percent"
        if kind == "money":
            return f"{quantize(number):,.2f}"
        if kind == "percent":
            return f"{number * 100:.2f}%"
        if kind == "ratio":
            return f"{number:.4f}".rstrip("0").rstrip(".") if number % 1 else f"{number:.2f}"
        if kind == "int":
            return f"{number:,.0f}"
        if kind == "units":
            return f"{number.normalize():,f}"
        return f"{number:,}"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value)
    return str(value)


def meta_filter(pairs: list[tuple[str, str]]) -> str:
    """Fava filter matching entries whose metadata equal every (key, value) given.

    Fava matches `key:"regex"` anywhere in the value, so anchor it: `measure:"^S1$"` must
    not also select `S10`.
    """
    return " ".join(f'{key}:"^{re.escape(value)}$"' for key, value in pairs)


def link_filter(link: str) -> str | None:
    """`^link` where Fava's lexer accepts the link, else None."""
    return f"^{link}" if _LINK.match(link) else None


@dataclass
class Cell:
    text: str
    numeric: bool = False
    href: str | None = None
    title: str | None = None
    negative: bool = False
    badge: str | None = None
    #: A file, not a page: the browser fetches it itself (Fava's router leaves it alone).
    remote: bool = False


@dataclass
class Row:
    cells: list[Cell]
    css: str = ""


@dataclass
class TableView:
    name: str
    title_zh: str
    title_en: str
    headers: list[tuple[str, str, bool]]
    rows: list[Row]
    totals: Row | None
    empty: bool
    #: Paging (`ROWS_PER_PAGE`): this page's number, how many there are, the table's rows in
    #: all, and the (1-based) first and last row shown.
    page: int = 1
    pages: int = 1
    count: int = 0
    first: int = 0
    last: int = 0
    #: Links to the previous and next page (`pages.ReportPage` sets them: they keep the
    #: page's other selections).
    previous: str | None = None
    next: str | None = None


@dataclass
class ReportView:
    name: str
    title_zh: str
    title_en: str
    as_of: date
    summary: list[tuple[str, str]]
    tables: list[TableView] = field(default_factory=list)


def _is_overdue(row: dict[str, Any], table: Table, as_of: date) -> int | bool:
    """Days overdue of a row that is an overdue item (True when unknown); False otherwise.

    A report that states the days overdue (``days_overdue``…) is taken at its word — a tranche
    settled late is not overdue any more, whatever its status text says. Only reports that do
    not state it are read from their status or due date and outstanding amount.
    """
    for key in _OVERDUE_KEYS:
        if key in row:
            value = row[key]
            if isinstance(value, bool):
                return value
            if isinstance(value, int | Decimal) and value > 0:
                return int(value)
            return False
    status = row.get("status")
    due = _due_date(row, table)
    if isinstance(status, str) and re.search(r"逾期|overdue", status, re.I):
        if re.search(r"已结清|settled", status, re.I):
            return False
        return (as_of - due).days if due is not None else True
    if due is not None and due < as_of:
        for column in table.columns:
            value = row.get(column.key)
            if (
                column.kind == "money"
                and _OUTSTANDING.search(column.key)
                and isinstance(value, Decimal)
                and value > 0
            ):
                return (as_of - due).days
    return False


def _due_date(row: dict[str, Any], table: Table) -> date | None:
    for column in table.columns:
        value = row.get(column.key)
        if column.kind == "date" and "due" in column.key and isinstance(value, date):
            return value
    return None


def _row_filter(row: dict[str, Any], default: str | None) -> str | None:
    pairs = [
        (key, str(row[key]))
        for key in META_KEYS
        if isinstance(row.get(key), str) and _CODE.match(row[key])
    ]
    link = row.get("link")
    if not pairs and isinstance(link, str) and (found := link_filter(link)):
        return found
    if pairs:
        # An event id already selects its entries; other keys only narrow a broad filter.
        return meta_filter(pairs if pairs[0][0] != "event" else pairs[:1])
    return default


def _row_book(row: dict[str, Any], book: str) -> str:
    candidate = row.get("book")
    return candidate if isinstance(candidate, str) and candidate in BOOKS else book


def present_table(
    table: Table,
    *,
    book: str,
    default_filter: str | None,
    as_of: date,
    linker: Linker,
    names: Names | None = None,
    page: int = 1,
) -> TableView:
    """Format one page of a table (`ROWS_PER_PAGE` rows; `page` counts from 1, and one past
    the last shows the last); link each figure to the journal of the entries behind it."""
    headers = [(c.title_zh, c.title_en, c.kind in NUMERIC_KINDS) for c in table.columns]
    known = names or {}
    count = len(table.rows)
    pages = max(1, -(-count // ROWS_PER_PAGE))
    page = min(max(page, 1), pages)
    start = (page - 1) * ROWS_PER_PAGE
    shown = table.rows[start : start + ROWS_PER_PAGE]
    rows = [
        _present_row(
            table, row, book=book, default=default_filter, as_of=as_of, linker=linker, names=known
        )
        for row in shown
    ]
    totals = None
    if table.totals:
        totals = _present_row(
            table,
            table.totals,
            book=book,
            default=default_filter,
            as_of=as_of,
            linker=linker,
            names=known,
        )
        totals.css = "total"
    return TableView(
        table.name,
        table.title_zh,
        table.title_en,
        headers,
        rows,
        totals,
        not table.rows,
        page=page,
        pages=pages,
        count=count,
        first=start + 1 if shown else 0,
        last=start + len(shown),
    )


def _present_row(
    table: Table,
    row: dict[str, Any],
    *,
    book: str,
    default: str | None,
    as_of: date,
    linker: Linker,
    names: Names,
) -> Row:
    row_book = _row_book(row, book)
    row_filter = _row_filter(row, default)
    cells: list[Cell] = []
    warn = False
    for column in table.columns:
        value = row.get(column.key)
        # A column of one kind of figure (approved, paid…) opens only those entries.
        kind = column_filter(column.key) if column.kind == "money" else None
        if kind is None:
            href = linker(row_book, row_filter, None)
        else:
            narrow = row_filter if row_filter != default else None
            href = linker(row_book, " ".join(f for f in (narrow, kind) if f), None)
        cells.append(_present_cell(column, value, row, row_book, href, linker, names))
        if isinstance(value, str) and column.kind == "text" and _WARN_TEXT.search(value):
            warn = True
        if (
            column.kind == "money"
            and re.search(r"diff|差", column.key)
            and isinstance(value, Decimal)
            and value != 0
        ):
            warn = True
    overdue = _is_overdue(row, table, as_of)
    css = ""
    if overdue is not False:
        css = "overdue"
        if not isinstance(overdue, bool):
            days = overdue
            for column, cell in zip(table.columns, cells, strict=True):
                if column.kind == "date" and "due" in column.key:
                    cell.badge = f"逾期 {days} 天 overdue {days} d"
    elif warn:
        css = "warn"
    return Row(cells, css)


def _present_cell(
    column: Column,
    value: Any,
    row: dict[str, Any],
    book: str,
    row_href: str | None,
    linker: Linker,
    names: Names,
) -> Cell:
    text = format_value(column.kind, value, column.key)
    numeric = column.kind in NUMERIC_KINDS
    cell = Cell(text, numeric, negative=isinstance(value, Decimal) and value < 0)
    if value is None or text == "":
        return cell
    if isinstance(value, str):
        if found := _BOOK_ACCOUNT.match(value):
            cell.href = linker(found.group(1), None, found.group(2))
            name_zh = names.get((found.group(1), found.group(2)))
            if name_zh:
                cell.text = f"{text} {name_zh}"
        elif column.key in META_KEYS and _CODE.match(value):
            cell.href = linker(book, meta_filter([(column.key, value)]), None)
        elif column.key == "link" and (flt := link_filter(value)):
            # A link is shared across books: show it in this book, others are one click away.
            cell.href = linker(book, flt, None)
        return cell
    if column.kind == "money":
        # `left_balance` belongs to the account in `left` (reconciliation pairs).
        owner = row.get(column.key.split("_")[0])
        if isinstance(owner, str) and (found := _BOOK_ACCOUNT.match(owner)):
            cell.href = linker(found.group(1), None, found.group(2))
        else:
            cell.href = row_href
        cell.title = "查看分录 show the journal entries"
    return cell


def present_report(
    report: Report,
    *,
    book: str,
    default_filter: str | None,
    linker: Linker,
    names: Names | None = None,
    pages: Mapping[str, int] | None = None,
) -> ReportView:
    """Every table of `report`, formatted and linked; of each table the page `pages` names
    (by table name; the first by default)."""
    summary = [
        (str(k), format_value(_summary_kind(str(k), v), v, str(k)))
        for k, v in report.summary.items()
    ]
    view = ReportView(report.name, report.title_zh, report.title_en, report.as_of, summary)
    for table in report.tables:
        view.tables.append(
            present_table(
                table,
                book=book,
                default_filter=default_filter,
                as_of=report.as_of,
                linker=linker,
                names=names,
                page=(pages or {}).get(table.name, 1),
            )
        )
    return view


def _summary_kind(key: str, value: Any) -> str:
    if isinstance(value, Decimal) and is_rate(key) and abs(value) < 10:
        return "percent"
    if (
        isinstance(value, Decimal)
        and value == value.quantize(Decimal("0.01"))
        and abs(value) >= 100
    ):
        return "money"
    return "text"
