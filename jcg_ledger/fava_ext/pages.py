"""The programme's pages in Fava: one extension class per page, all over the same code.

Each page calls `REPORTS[name](BooksView, as_of)` — the builder `jcg report` calls — on a
view of all three books cached by `view.cached_view`, and renders every table generically.
The classes live here rather than in the package's `__init__`: Fava registers every
`FavaExtensionBase` subclass found in the module it is given, and the shared base must not
show up as a page of its own.

Every page answers ``?format=xlsx`` with its tables as one workbook (`reports.output.
workbook_of`, the writer of `jcg report --format xlsx`); its journal links carry Fava's
``time=`` bounded by the page's as-of date; Fava's own ``time`` selection, when no ``as_of``
is given, sets the as-of date to its last day, and a ``filter``/``account`` selection, which
the reports do not apply, is said so on the page (`ReportPage.notices`).
"""

from __future__ import annotations

import io
import logging
import re
import traceback
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast
from urllib.parse import quote_plus, urlencode

from beancount.core import data
from fava.ext import FavaExtensionBase
from flask import Response, abort, current_app, request, send_file, url_for
from markupsafe import Markup

from jcg_ledger.books.layout import BOOKS, Ledger
from jcg_ledger.fava_ext import charts
from jcg_ledger.fava_ext.present import Linker, ReportView, present_report
from jcg_ledger.fava_ext.view import CachedView, cached_view, forget_plugin_state
from jcg_ledger.reports import REPORTS, Report
from jcg_ledger.reports.output import workbook_of
from jcg_ledger.today import today

if TYPE_CHECKING:
    from fava.core import FavaLedger

log = logging.getLogger(__name__)


@dataclass
class Section:
    """One report on a page, or why it is not there."""

    name: str
    view: ReportView | None = None
    missing: bool = False
    error: str | None = None


@dataclass
class Page:
    as_of: date
    sections: list[Section] = field(default_factory=list)
    charts: list[Markup] = field(default_factory=list)
    error: str | None = None
    links: dict[str, str] = field(default_factory=dict)
    #: The page's Excel export (`?format=xlsx`), same writer as `jcg report --format xlsx`.
    export: str = ""
    #: What of Fava's time and filter selection the page applies, said plainly.
    notices: list[str] = field(default_factory=list)
    #: Controls of a page's own (a project's choice…): (name, label, options, selected).
    choices: list[tuple[str, str, list[tuple[str, str]], str]] = field(default_factory=list)
    #: Selections the as-of form keeps (a link, an event…), as hidden fields.
    hidden: list[tuple[str, str]] = field(default_factory=list)


def _served(ledger: Ledger) -> dict[str, tuple[str, FavaLedger]]:
    """Fava's URL slug and loaded ledger of each book served by this application."""
    out: dict[str, tuple[str, FavaLedger]] = {}
    loader = current_app.config.get("LEDGERS")
    if loader is None:
        return out
    mains = {str(ledger.main(b).resolve()): b for b in BOOKS}
    for slug, fava_ledger in loader.items():
        book = mains.get(str(Path(fava_ledger.beancount_file_path).resolve()))
        if book is not None:
            out[book] = (slug, fava_ledger)
    return out


#: Query parameters of a page's own that its as-of form keeps.
KEPT = ("link", "event", "since", "time")
#: The first day a journal link's time range starts at (before any book's first entry).
EPOCH = date(1990, 1, 1)


#: The query parameter naming the page of a table shown: ``page.<report>.<table>=<n>``.
PAGE_PARAM = "page.{report}.{table}"
# ASCII only: `str.isdigit` accepts "²", which `int` refuses.
_PAGE_NUMBER = re.compile(r"[0-9]{1,8}")


def requested_pages(report: str) -> dict[str, int]:
    """The page asked for of each table of `report` (``?page.<report>.<table>=n``); a value
    that is not 1 to 8 ASCII digits is ignored (page 1); a page past the last is the last."""
    prefix = PAGE_PARAM.format(report=report, table="")
    pages: dict[str, int] = {}
    for key, value in request.args.items():
        if key.startswith(prefix) and _PAGE_NUMBER.fullmatch(value):
            pages[key.removeprefix(prefix)] = int(value)
    return pages


def link_pages(view: ReportView) -> None:
    """Each paged table's links to its previous and next page, the page's other query
    parameters kept (the as-of date, other tables' pages, Fava's own)."""
    for table in view.tables:
        if table.pages <= 1:
            continue
        key = PAGE_PARAM.format(report=view.name, table=table.name)
        args = {k: v for k, v in request.args.items() if k not in ("format", key)}
        if table.page > 1:
            table.previous = f"?{urlencode({**args, key: str(table.page - 1)})}"
        if table.page < table.pages:
            table.next = f"?{urlencode({**args, key: str(table.page + 1)})}"


def time_range(as_of: date) -> str:
    """Fava's ``time=`` value for every entry up to and including `as_of`."""
    return f"{EPOCH.isoformat()} - {as_of.isoformat()}"


# How Werkzeug encodes a URL's query (`werkzeug.urls._urlencode`): what `url_for` would give.
_QUERY_SAFE = "!$'()*,/:;?@"


def _linker(slugs: dict[str, str], as_of: date | None = None) -> Linker:
    """Journal links, bounded by the page's as-of date when it has one.

        A report page holds thousands of links (every amount of every row): Flask's `url_for`
        costs half a millisecond each, most of a page's time. The journal's address is built with
        it once per book; each link adds its query, encoded as `url_for` encodes it (Werkzeug's
    `_urlencode`: `urlencode` with `quote_plus`), each distinct value quoted once.
    """
    bases: dict[str, str] = {}
    quoted: dict[str, str] = {}  # a page repeats the same accounts, filters and time range

    def quote(value: str) -> str:
        found = quoted.get(value)
        if found is None:
            found = quoted[value] = quote_plus(value, safe=_QUERY_SAFE)
        return found

    def link(book: str, flt: str | None, account: str | None) -> str | None:
        slug = slugs.get(book)
        if slug is None:
            return None
        base = bases.get(slug)
        if base is None:
            base = bases[slug] = url_for("report", bfile=slug, report_name="journal")
        # As `urlencode(items, safe=…)` joins them: key=quote_plus(value), by "&".
        query: list[str] = []
        if flt:
            query.append("filter=" + quote(flt))
        if account:
            query.append("account=" + quote(account))
        if as_of is not None:
            query.append("time=" + quote(time_range(as_of)))
        return f"{base}?{'&'.join(query)}" if query else base

    return link


def account_names(cached: CachedView) -> dict[tuple[str, str], str]:
    """``name_zh`` of every account opened in the books, by (book, account)."""

    def compute() -> object:
        names: dict[tuple[str, str], str] = {}
        for book in BOOKS:
            for entry in cached.view.entries(book):
                if isinstance(entry, data.Open) and entry.meta.get("name_zh"):
                    names[(book, entry.account)] = str(entry.meta["name_zh"])
        return names

    return cached.memo(("account-names", date.min), compute)  # type: ignore[return-value]


def fava_time_end(raw: str) -> date | None:
    """The last day of Fava's ``time`` selection (``2025``, ``2025-01 - 2025-06``…)."""
    from fava.util.date import parse_date

    try:
        _, end = parse_date(raw)
    except Exception:
        return None
    return end - timedelta(days=1) if end is not None else None


class ReportPage(FavaExtensionBase):
    """A page showing one or more named reports of all three books."""

    reports: ClassVar[tuple[str, ...]] = ()
    book: ClassVar[str] = "city"
    #: Journal filter for figures whose row names no event, entity, measure…
    default_filter: ClassVar[str | None] = None
    intro_zh: ClassVar[str] = ""
    intro_en: ClassVar[str] = ""

    def __init__(self, ledger: Any, config: str | None = None) -> None:
        # The book name is a plain word, not the Python literal Fava's base expects.
        super().__init__(ledger, None)
        self.config = config
        self.slugs: dict[str, str] = {}

    @property
    def ledger_root(self) -> Path:
        """The ledger folder: the book file's parent's parent."""
        return Path(self.ledger.beancount_file_path).resolve().parent.parent

    def after_load_file(self) -> None:
        """Fava (re)loaded this book: free the plugin state its load left behind."""
        forget_plugin_state(cast("dict[str, Any]", self.ledger.options))

    def as_of(self) -> date:
        """`?as_of=YYYY-MM-DD`, else the last day of Fava's time selection, else today
        (``JCG_TODAY`` or the clock, as `jcg report`)."""
        raw = request.args.get("as_of", "")
        try:
            if raw:
                return date.fromisoformat(raw)
        except ValueError:
            pass
        end = fava_time_end(request.args.get("time", ""))
        return end if end is not None else today(strict=False)

    def notices(self, as_of: date) -> list[str]:
        """What the page makes of Fava's time and filter selections, said plainly."""
        out: list[str] = []
        if request.args.get("time") and not request.args.get("as_of"):
            out.append(
                f"本页数据截至 Fava 时间筛选的最后一天 {as_of.isoformat()},为累计数(自首笔分录起)。"
                f" The page is as of the last day of Fava's time selection, {as_of.isoformat()}:"
                " figures are cumulative from the first entry, not limited to the selected range."
            )
        ignored = [k for k in ("filter", "account") if request.args.get(k)]
        if ignored:
            out.append(
                "本页不按 Fava 的科目/筛选条件过滤(报表按全部账套计算);"
                "点击数字可在分录页查看相应分录。 This page does not apply Fava's "
                f"{' and '.join(ignored)} selection: the reports are of the whole books; "
                "each figure links to its entries in the journal."
            )
        return out

    def export_href(self, as_of: date) -> str:
        args = {k: v for k, v in request.args.items() if k not in ("format",)}
        args.update(format="xlsx", as_of=as_of.isoformat())
        return f"?{urlencode(args)}"

    def own_reports(self, cached: CachedView, as_of: date, linker: Linker) -> list[Report]:
        """Reports a page computes itself (not in `REPORTS`), shown after the named ones."""
        return []

    def adjust(self, section: Section, report: Report, linker: Linker) -> None:
        """A page's own links on a presented report (documents, jumps); none by default."""

    def page(self) -> Page:
        """Everything the template shows; never raises (a broken report shows its error).

        With ``?format=xlsx`` the page's tables come back as an Excel workbook instead.
        """
        as_of = self.as_of()
        page = Page(as_of, export=self.export_href(as_of), notices=self.notices(as_of))
        page.hidden = [(k, v) for k in KEPT if (v := request.args.get(k, ""))]
        root = Ledger.at(self.ledger_root)
        served = _served(root)
        try:
            # All three books in this app (`jcg serve`): fold what Fava loaded. Otherwise
            # (Fava run on one book) the view loads the books itself.
            fava = {book: ledger for book, (_, ledger) in served.items()}
            cached = cached_view(root.root, fava if len(fava) == len(BOOKS) else None)
        except Exception as error:
            log.exception("loading the books failed")
            page.error = f"{type(error).__name__}: {error}"
            return page
        slugs = {book: slug for book, (slug, _) in served.items()}
        self.slugs = slugs
        linker = _linker(slugs, as_of)
        page.links = {b: link for b in BOOKS if (link := linker(b, None, None))}
        names = account_names(cached)
        self.choose(cached, page)
        built: dict[str, Report] = {}
        for name in self.reports:
            section = Section(name)
            page.sections.append(section)
            if name not in REPORTS:
                section.missing = True
                continue
            try:
                report = cached.report(name, as_of)
            except Exception:
                log.exception("report %s failed", name)
                section.error = traceback.format_exc(limit=4)
                continue
            if report is None:  # pragma: no cover - REPORTS checked above
                section.missing = True
                continue
            built[name] = report
            section.view = present_report(
                report,
                book=self.book,
                default_filter=self.default_filter,
                linker=linker,
                names=names,
                pages=requested_pages(report.name),
            )
            link_pages(section.view)
        try:
            own = self.own_reports(cached, as_of, linker)
        except Exception:
            log.exception("page %s failed", self.name)
            page.sections.append(Section(self.name, error=traceback.format_exc(limit=4)))
            own = []
        for report in own:
            built[report.name] = report
            section = Section(report.name)
            section.view = present_report(
                report,
                book=self.book,
                default_filter=self.default_filter,
                linker=linker,
                names=names,
                pages=requested_pages(report.name),
            )
            link_pages(section.view)
            self.adjust(section, report, linker)
            page.sections.append(section)
        if request.args.get("format") == "xlsx":
            abort(self._workbook(list(built.values()), as_of))
        try:
            page.charts = self.charts(cached, as_of, built)
        except Exception:
            # A chart is a convenience; the tables are the record.
            log.exception("chart failed")
        return page

    def charts(self, cached: CachedView, as_of: date, built: dict[str, Report]) -> list[Markup]:
        """Charts of this page (none by default)."""
        return []

    def choose(self, cached: CachedView, page: Page) -> None:
        """Set the page's own controls (`Page.choices`); none by default."""

    def _workbook(self, reports: list[Report], as_of: date) -> Response:
        """The page's tables as one workbook: `jcg report --format xlsx`'s writer."""
        buffer = io.BytesIO()
        workbook_of(reports).save(buffer)
        buffer.seek(0)
        name = f"{self.name}-{as_of.isoformat()}.xlsx"
        return send_file(
            buffer,
            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            as_attachment=True,
            download_name=name,
        )


def _flows(cached: CachedView, book: str, kind: str, as_of: date) -> list[tuple[date, Any]]:
    """(date, transaction) of every transaction an event of `kind` wrote up to `as_of`."""
    return [
        (e.date, e)
        for e in cached.view.entries(book)
        if e.date <= as_of
        and getattr(e, "postings", None) is not None
        and e.meta.get("type") == kind
    ]


class JcgSubsidies(ReportPage):
    """政策兑现: subsidies by measure and department, cap use, budget against actual."""

    report_title = "政策兑现 Subsidies"
    reports = ("subsidies",)
    book = "city"
    default_filter = 'type:"^(subsidy|budget)\\."'
    intro_zh = "按措施、部门列示补贴的批准、支付、追回,上限使用情况与预算执行。"
    intro_en = "Subsidies approved, paid and clawed back by measure and department; caps; budget."

    def charts(self, cached: CachedView, as_of: date, built: dict[str, Report]) -> list[Markup]:
        paid = [
            (
                day,
                sum(
                    (
                        -p.units.number
                        for p in e.postings
                        if p.account.startswith("Assets:Bank") and p.units.number < 0
                    ),
                    Decimal(0),
                ),
            )
            for day, e in _flows(cached, "city", "subsidy.pay", as_of)
        ]
        budget = [
            (
                day,
                -sum(
                    (
                        p.units.number
                        for p in e.postings
                        if p.account.startswith("Income:Appropriation")
                    ),
                    Decimal(0),
                ),
            )
            for day, e in _flows(cached, "city", "budget.appropriate", as_of)
        ]
        days = [d for d, _ in paid + budget]
        if not days:
            return []
        months = charts.month_range(min(days), max(max(days), min(as_of, max(days))))
        monthly_paid = charts.monthly(paid, months)
        return [
            charts.chart(
                "补贴支付与预算(按月) Subsidy payments by month against budget",
                months,
                [
                    charts.Series("当月支付 paid in month", monthly_paid),
                    charts.Series("累计支付 paid to date", charts.cumulative(monthly_paid), "line"),
                    charts.Series(
                        "累计预算 budget to date",
                        charts.cumulative(charts.monthly(budget, months)),
                        "line",
                    ),
                ],
                chart_id="chart-subsidies",
            )
        ]


class JcgHoldings(ReportPage):
    """股权与回购: stakes and debt claims, the tranche schedule, overdue tranches with ageing."""

    report_title = "股权与回购 Holdings & buybacks"
    reports = ("buybacks", "exits")
    book = "platform"
    default_filter = 'type:"^(project|buyback|equity|debt|investment)\\."'
    intro_zh = "平台持有的股权与债权、回购分期计划;逾期分期以红色标出并显示逾期天数。"
    intro_en = "Stakes and debt claims, the buyback tranche schedule; overdue tranches in red."

    def charts(self, cached: CachedView, as_of: date, built: dict[str, Report]) -> list[Markup]:
        report = built.get("buybacks")
        if report is None:
            return []
        tables = sorted(
            report.tables,
            key=lambda t: 0 if any(w in t.name for w in ("tranche", "schedule")) else 1,
        )
        for table in tables:
            found = charts.table_by_month(table)
            if found:
                months, series = found
                return [
                    charts.chart(
                        f"回购计划:应收与实收 Buyback schedule: due vs received ({table.title_zh})",
                        months,
                        series,
                        chart_id="chart-buybacks",
                    )
                ]
        return []


class JcgFund(ReportPage):
    """基金: capital accounts, portfolio, multiples, tolerance status."""

    report_title = "基金 Fund"
    reports = ("fund",)
    book = "fund"
    default_filter = 'type:"^fund\\."'
    intro_zh = "出资人资本账户、投资组合、回报倍数与容错率状态。"
    intro_en = "Capital accounts, portfolio, multiples and the loss-tolerance status."

    def charts(self, cached: CachedView, as_of: date, built: dict[str, Report]) -> list[Markup]:
        if "fund" not in built:
            return []
        days = [e.date for e in cached.view.entries("fund") if e.meta.get("event")]
        if not days:
            return []
        ends = charts.month_ends(min(days), as_of)

        def compute() -> object:
            reports = [cached.report("fund", d) for d in ends]
            return charts.summary_series([r for r in reports if r is not None])

        series: dict[str, list[Decimal | None]] = cached.memo(("fund-series", as_of), compute)  # type: ignore[assignment]
        labels = [charts.month_key(d) for d in ends]
        multiples = {k: v for k, v in series.items() if _is_multiple(k)}
        amounts = {
            k: v
            for k, v in series.items()
            if k not in multiples and any(x is not None and abs(x) >= 1000 for x in v)
        }
        out = []
        if amounts:
            out.append(
                charts.chart(
                    "基金净值与现金流(月末) Fund NAV and flows at month ends",
                    labels,
                    [charts.Series(k, v, "line") for k, v in list(amounts.items())[:5]],
                    chart_id="chart-fund-nav",
                )
            )
        if multiples:
            out.append(
                charts.chart(
                    "回报倍数(月末) Multiples at month ends",
                    labels,
                    [charts.Series(k, v, "line") for k, v in multiples.items()],
                    money=False,
                    chart_id="chart-fund-multiples",
                )
            )
        return out


def _is_multiple(key: str) -> bool:
    upper = key.upper()
    return any(w in upper for w in ("TVPI", "DPI", "RVPI", "MOIC", "倍数", "MULTIPLE"))


class JcgReconciliation(ReportPage):
    """对账: every inter-book pair, differences shown."""

    report_title = "对账 Reconciliation"
    reports = ("reconciliation",)
    book = "city"
    intro_zh = "各账套之间的往来科目逐对核对;差异以红色标出。"
    intro_en = "Every mirrored pair of accounts across the books; differences in red."


#: The pages of the programme's reports (`REPORTS`); the project and audit pages live in
#: `life` and `history`.
PAGES: tuple[type[ReportPage], ...] = (JcgSubsidies, JcgHoldings, JcgFund, JcgReconciliation)
