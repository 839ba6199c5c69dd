"""`jcg report subsidies`: approved, paid, outstanding and clawed back; caps; budget vs actual.

The figures come from folding the city book up to the as-of date through the same
`SubsidyState` the plugin uses, so the report, ``bean-check`` and the BQL queries of
``queries.beancount`` (``subsidies-by-measure``…) agree: the "approved" total equals
``SELECT sum(position) WHERE account ~ '^Expenses:Subsidy:'``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from beancount.core import data

from jcg_ledger.policy import CapScope, Policy
from jcg_ledger.reports.base import BooksView, Column, Report, Table
from jcg_ledger.rules.award import Award
from jcg_ledger.rules.caps import scope_key
from jcg_ledger.state.base import meta_str
from jcg_ledger.state.budget import INVESTMENT, BudgetState, measure_of
from jcg_ledger.state.subsidies import PAYABLE, RECEIVABLE, SubsidyState

ZERO = Decimal("0.00")
RATE = Decimal("0.0001")  # 执行率 shown to a hundredth of a percent
MONEY_KEYS = ("approved", "paid", "outstanding", "clawed_back", "net")
BOOK = "city"


@dataclass
class Figures:
    """The money of one row."""

    approved: Decimal = ZERO
    paid: Decimal = ZERO
    cancelled: Decimal = ZERO
    recovered_paid: Decimal = ZERO
    count: int = 0

    @property
    def clawed_back(self) -> Decimal:
        return self.cancelled + self.recovered_paid

    @property
    def outstanding(self) -> Decimal:
        return self.approved - self.paid - self.cancelled

    def row(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "approved": self.approved,
            "paid": self.paid,
            "outstanding": self.outstanding,
            "clawed_back": self.clawed_back,
            "net": self.approved - self.clawed_back,
        }


@dataclass
class Movement:
    """One award, payment or clawback, with the award it belongs to."""

    on: date
    kind: str
    award: Award
    figures: Figures = field(default_factory=Figures)


def fold_city(
    policy: Policy, entries: Iterable[data.Directive]
) -> tuple[SubsidyState, list[Movement]]:
    """Fold the city book's entries into a fresh state, recording each subsidy movement."""
    state = SubsidyState(policy)
    moves: list[Movement] = []
    for entry in entries:
        kind = SubsidyState.kind(entry)
        if kind is None or not isinstance(entry, data.Transaction):
            state.fold(BOOK, entry)
            continue
        approval = meta_str(entry, "approval") or ""
        before = state.awards.get(approval)
        paid = before.paid if before else ZERO
        cancelled = before.cancelled if before else ZERO
        recovered = before.recovered_paid if before else ZERO
        state.fold(BOOK, entry)
        event = meta_str(entry, "event") or ""
        award = state.awards.get(event if kind == "award" else approval)
        if award is None:
            continue  # a movement the plugin reports as an error: not in the figures
        figures = Figures()
        if kind == "award":
            figures.approved, figures.count = award.amount, 1
        else:
            figures.paid = award.paid - paid
            figures.cancelled = award.cancelled - cancelled
            figures.recovered_paid = award.recovered_paid - recovered
        moves.append(Movement(entry.date, kind, award, figures))
    return state, moves


def _add(target: Figures, source: Figures) -> None:
    target.approved += source.approved
    target.paid += source.paid
    target.cancelled += source.cancelled
    target.recovered_paid += source.recovered_paid
    target.count += source.count


MONEY_COLUMNS = [
    Column("count", "笔数", "Awards", "int"),
    Column("approved", "核定", "Approved", "money"),
    Column("paid", "已拨付", "Paid", "money"),
    Column("outstanding", "未付", "Outstanding", "money"),
    Column("clawed_back", "追回", "Clawed back", "money"),
    Column("net", "净支持", "Net support", "money"),
]


def _grouped(
    name: str,
    title_zh: str,
    title_en: str,
    keys: list[Column],
    moves: list[Movement],
    key_of: Callable[[Movement], tuple[Any, ...]],
) -> Table:
    groups: dict[tuple[Any, ...], Figures] = defaultdict(Figures)
    for move in moves:
        _add(groups[key_of(move)], move.figures)
    table = Table(name, title_zh, title_en, [*keys, *MONEY_COLUMNS])
    for key in sorted(groups, key=lambda k: tuple(str(x) for x in k)):
        row = dict(zip((c.key for c in keys), key, strict=True))
        table.rows.append({**row, **groups[key].row()})
    table.total("count", *MONEY_KEYS)
    return table


def _caps(policy: Policy, state: SubsidyState) -> Table:
    table = Table(
        "caps",
        "上限使用",
        "Caps used and left",
        [
            Column("entity", "主体", "Entity"),
            Column("measure", "措施", "Measure"),
            Column("scope", "口径", "Scope"),
            Column("unit", "计算单位", "Unit"),
            Column("cap", "上限", "Cap", "money"),
            Column("used", "已用", "Used", "money"),
            Column("left", "剩余", "Left", "money"),
        ],
    )
    used: dict[tuple[str, str, str, tuple[str, ...]], Decimal] = defaultdict(lambda: ZERO)
    amounts: dict[tuple[str, str, str, tuple[str, ...]], Decimal] = {}
    for award in state.awards.values():
        measure = policy.subsidy(award.fact.measure)
        for cap in measure.caps:
            key = (
                award.fact.entity,
                measure.code,
                str(cap.scope),
                scope_key(cap.scope, award.fact),
            )
            used[key] += award.net
            amounts[key] = cap.amount
    for key in sorted(used):
        entity, code, scope, unit = key
        table.rows.append(
            {
                "entity": entity,
                "measure": code,
                "scope": f"{CapScope(scope).name_zh} {scope}",
                "unit": "/".join(unit),
                "cap": amounts[key],
                "used": used[key],
                "left": amounts[key] - used[key],
            }
        )
    table.total("cap", "used", "left")
    return table


def _budgets(policy: Policy, entries: list[data.Directive], moves: list[Movement]) -> Table:
    """Appropriations (by department, and by measure where one was named) against awards."""
    budget: dict[tuple[int, str, str], Decimal] = defaultdict(lambda: ZERO)
    for entry in entries:
        if (
            not isinstance(entry, data.Transaction)
            or meta_str(entry, "type") != "budget.appropriate"
        ):
            continue
        year = int(Decimal(str((entry.meta or {}).get("year", entry.date.year))))
        department = meta_str(entry, "department") or ""
        amount = sum(
            (
                -(p.units.number or ZERO)
                for p in entry.postings
                if p.units is not None and p.account.startswith("Income:Appropriation:")
            ),
            ZERO,
        )
        budget[(year, department, "")] += amount
        measure = meta_str(entry, "measure")
        if measure:
            budget[(year, department, measure)] += amount
    actual: dict[tuple[int, str, str], Figures] = defaultdict(Figures)
    for move in moves:
        year, dept, code = move.on.year, move.award.department, move.award.fact.measure
        _add(actual[(year, dept, "")], move.figures)
        _add(actual[(year, dept, code)], move.figures)
    table = Table(
        "budget",
        "预算执行",
        "Budget against actual",
        [
            Column("year", "年度", "Year", "int"),
            Column("department", "部门", "Department"),
            Column("measure", "措施", "Measure"),
            Column("budget", "预算", "Budget", "money"),
            Column("approved", "核定", "Approved", "money"),
            Column("paid", "已拨付", "Paid", "money"),
            Column("available", "预算余额", "Budget left", "money"),
            Column("rate", "执行率", "Used", "percent"),
        ],
    )
    keys = {k for k in budget} | {k for k in actual if k[2] == "" or k in budget}
    for year, dept, code in sorted(keys):
        figures = actual.get((year, dept, code), Figures())
        amount = budget.get((year, dept, code), ZERO)
        table.rows.append(
            {
                "year": year,
                "department": policy.department(dept).name_zh if dept else "",
                "measure": code or "(部门合计 department)",
                "budget": amount,
                "approved": figures.approved,
                "paid": figures.paid,
                "available": amount - figures.approved,
                "rate": (figures.approved / amount).quantize(RATE) if amount else None,
            }
        )
    # Department rows already include their measures: total the department rows only.
    dept_rows = [r for r in table.rows if r["measure"].startswith("(")]
    table.totals = {
        "year": "合计 Total",
        **{
            k: sum((r[k] for r in dept_rows), ZERO)
            for k in ("budget", "approved", "paid", "available")
        },
    }
    return table


def _execution(policy: Policy, entries: list[data.Directive]) -> Table:
    """Every appropriation line against every outflow charged to it (rules/appropriation_line.py):
    subsidies and fund rewards (行政支出), entrustments and fund contributions (投资支出)."""
    state = BudgetState(policy)
    charged: dict[tuple[int, str], dict[str, Decimal]] = defaultdict(
        lambda: {"administrative": ZERO, "investment": ZERO}
    )
    for entry in entries:
        if isinstance(entry, data.Transaction):
            for posting in entry.postings:
                measure = measure_of(policy, posting.account)
                if measure is None or posting.units is None or posting.units.number is None:
                    continue
                kind = "investment" if posting.account.startswith(INVESTMENT) else "administrative"
                charged[state.line_for(entry.date.year, measure)][kind] += posting.units.number
        state.fold(BOOK, entry)
    table = Table(
        "execution",
        "预算执行(全部支出)",
        "Budget execution: every outflow charged to its line",
        [
            Column("year", "年度", "Year", "int"),
            Column("line", "预算指标", "Line (measure or department)"),
            Column("name", "名称", "Name"),
            Column("budget", "预算", "Appropriated", "money"),
            Column("administrative", "行政支出", "Administrative (subsidies)", "money"),
            Column("investment", "投资支出", "Investment (platform, fund)", "money"),
            Column("charged", "支出合计", "Charged", "money"),
            Column("available", "指标余额", "Left", "money"),
            Column("rate", "执行率", "Used", "percent"),
        ],
    )
    for line in sorted(set(state.appropriated) | set(charged)):
        year, target = line
        budget = state.appropriated.get(line, ZERO)
        spent = state.charged.get(line, ZERO)
        try:
            name = policy.measure(target).name_zh
        except KeyError:
            name = policy.department(target).name_zh
        table.rows.append(
            {
                "year": year,
                "line": target,
                "name": name,
                "budget": budget,
                **charged[line],
                "charged": spent,
                "available": budget - spent,
                "rate": (spent / budget).quantize(RATE) if budget else None,
            }
        )
    table.total("budget", "administrative", "investment", "charged", "available")
    return table


def build(view: BooksView, as_of: date) -> Report:
    policy = view.policy
    entries = [e for e in view.entries(BOOK) if e.date <= as_of]
    state, moves = fold_city(policy, entries)

    def name(code: str) -> str:
        return policy.subsidy(code).name_zh

    def dept(code: str) -> str:
        return policy.department(code).name_zh

    def entity_name(code: str) -> str:
        record = state.core.entities.get(code)
        return record.name if record else ""

    by_measure = _grouped(
        "by_measure",
        "按措施",
        "By measure",
        [
            Column("measure", "措施代码", "Measure"),
            Column("name", "措施名称", "Name"),
            Column("department", "牵头部门", "Lead department"),
        ],
        moves,
        lambda m: (m.award.fact.measure, name(m.award.fact.measure), dept(m.award.department)),
    )
    by_department = _grouped(
        "by_department",
        "按牵头部门",
        "By lead department",
        [Column("department", "牵头部门", "Lead department")],
        moves,
        lambda m: (dept(m.award.department),),
    )
    by_entity = _grouped(
        "by_entity",
        "按主体",
        "By entity",
        [Column("entity", "主体代码", "Entity"), Column("name", "主体名称", "Name")],
        moves,
        lambda m: (m.award.fact.entity, entity_name(m.award.fact.entity)),
    )
    by_year = _grouped(
        "by_year",
        "按年度",
        "By year (movements of the year; outstanding at year end)",
        [Column("year", "年度", "Year", "int")],
        moves,
        lambda m: (m.on.year,),
    )
    # By year, "outstanding" is what remains unpaid at the end of each year (cumulative).
    running = ZERO
    for row in by_year.rows:
        running += row["outstanding"]
        row["outstanding"] = running
    if by_year.totals is not None:
        by_year.totals["outstanding"] = running
    totals = by_measure.totals or {}
    receivable = sum((a.recovered_paid for a in state.awards.values()), ZERO)
    summary = {
        "核定 approved": totals.get("approved", ZERO),
        "已拨付 paid": totals.get("paid", ZERO),
        "未付 outstanding": totals.get("outstanding", ZERO),
        "追回 clawed back": totals.get("clawed_back", ZERO),
        "应收追回 clawback receivable": receivable,
        "科目 accounts": f"{PAYABLE}, {RECEIVABLE}",
    }
    return Report(
        "subsidies",
        "补贴执行情况",
        "Subsidies: approved, paid, outstanding, clawed back",
        as_of,
        [
            by_measure,
            by_department,
            by_entity,
            by_year,
            _caps(policy, state),
            _budgets(policy, entries, moves),
            _execution(policy, entries),
        ],
        summary,
    )
