"""The city's two bases on a small book, figures computed by hand (docs/accounting.md).

2025: 市科技局 1,000,000 and conversion-project 500,000 appropriated (both 市科技局's income);
a1 and a2 (platform-municipal, 100,000 each) approved and paid; 400,000 entrusted to the
platform; a1 clawed back 30,000 in the same year (the expense falls to 170,000) and refunded.
2026: 市科技局 200,000; a2 (approved in 2025) clawed back 40,000 (以前年度盈余调整) and
refunded (财政拨款结转, 年初余额调整); a3 approved and paid 100,000.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from jcg_ledger.books.layout import Ledger
from tests.conftest import entity, post_raw, snapshot

D = Decimal


def _ev(id_: str, type_: str, on: str, **fields: Any) -> dict[str, Any]:
    return {"id": id_, "type": type_, "date": on, **fields}


def _award(id_: str, on: str, subject: str) -> dict[str, Any]:
    return _ev(
        id_, "subsidy.approve", on, entity="JC-B", measure="platform-municipal",
        subject=subject, newly_approved=True,
    )  # fmt: skip


EVENTS_2025 = [
    entity("JC-B", kind="institution"),
    _ev("b25", "budget.appropriate", "2025-01-15", year=2025, department="sci-tech",
        amount="1000000"),
    _ev("b25-cp", "budget.appropriate", "2025-01-15", year=2025, measure="conversion-project",
        amount="500000"),
    _award("a1", "2025-03-01", "中心一"),
    _award("a2", "2025-03-01", "中心二"),
    _ev("p1", "subsidy.pay", "2025-04-01", approval="a1"),
    _ev("p2", "subsidy.pay", "2025-04-01", approval="a2"),
    _ev("f1", "project.fund", "2025-05-01", amount="400000"),
    _ev("c1", "subsidy.clawback", "2025-06-01", approval="a1", amount="30000", reason="未达标"),
    _ev("r1", "subsidy.refund", "2025-07-01", approval="a1"),
]  # fmt: skip
EVENTS_2026 = [
    _ev("b26", "budget.appropriate", "2026-01-10", year=2026, department="sci-tech",
        amount="200000"),
    _ev("c2", "subsidy.clawback", "2026-02-01", approval="a2", amount="40000", reason="未达标"),
    _ev("r2", "subsidy.refund", "2026-03-01", approval="a2", amount="40000"),
    _award("a3", "2026-04-01", "中心三"),
    _ev("p3", "subsidy.pay", "2026-05-01", approval="a3"),
]  # fmt: skip


def _statements(cli: Any, year: int) -> dict[str, Any]:
    result = cli("report", "statements", "--year", str(year), "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)  # type: ignore[no-any-return]


def _amounts(table: dict[str, Any]) -> dict[str, Decimal]:
    return {r["account"] or r["name"]: D(r["amount"]) for r in table["rows"]}


def test_both_bases_balance_each_year(ledger: Ledger, cli: Any) -> None:
    post_raw(ledger, EVENTS_2025)
    post_raw(ledger, EVENTS_2026)
    y25 = _statements(cli, 2025)
    s = y25["summary"]
    # Bank 1,500,000 − 200,000 − 400,000 + 30,000 = 930,000; entrusted 400,000.
    assert D(s["资产合计 assets"]) == D("1330000.00")
    assert D(s["负债合计 liabilities"]) == 0
    assert D(s["净资产合计 net assets"]) == D("1330000.00")
    # Expense 100,000 + 100,000 − 30,000 (current-year clawback) = 170,000.
    assert D(s["本期收入 income"]) == D("1500000.00")
    assert D(s["本期费用 expenses"]) == D("170000.00")
    assert D(s["本期盈余 surplus"]) == D("1330000.00")
    # 行政支出 200,000 − 30,000 refunded this year + 投资支出 400,000 = 570,000.
    assert D(s["预算收入 budgetary income"]) == D("1500000.00")
    assert D(s["预算支出 budgetary expenditure"]) == D("570000.00")
    assert D(s["资金结存变动 change in fund balance"]) == D("930000.00")
    assert D(s["结转结余调整 adjustments"]) == 0
    budget = _amounts(y25["tables"]["budget_statement"])
    assert budget["Equity:Budget:Expenditure:Administrative:PlatformMunicipal"] == D("170000.00")
    assert budget["Equity:Budget:Expenditure:Investment:Platform"] == D("400000.00")

    y26 = _statements(cli, 2026)
    s = y26["summary"]
    # Bank 930,000 + 200,000 + 40,000 − 100,000 = 1,070,000; entrusted 400,000.
    assert D(s["资产合计 assets"]) == D("1470000.00")
    # Net assets: 1,330,000 of 2025 + 40,000 以前年度盈余调整 + 100,000 surplus of 2026.
    sheet = _amounts(y26["tables"]["balance_sheet"])
    assert sheet["Equity:PriorYear"] == D("40000.00")
    assert sheet["以前年度盈余 Result of earlier years"] == D("1330000.00")
    assert sheet["本年盈余 Surplus of the year"] == D("100000.00")
    assert D(s["净资产合计 net assets"]) == D("1470000.00")
    # 200,000 − 100,000 + 40,000 refunded of an earlier year (8101) = 140,000.
    assert D(s["预算收入 budgetary income"]) == D("200000.00")
    assert D(s["预算支出 budgetary expenditure"]) == D("100000.00")
    assert D(s["结转结余调整 adjustments"]) == D("40000.00")
    assert D(s["资金结存变动 change in fund balance"]) == D("140000.00")
    assert _amounts(y26["tables"]["budget_statement"])["Equity:Budget:Carryover"] == D("40000.00")
    for year in (y25, y26):
        assert year["summary"]["资产=负债+净资产 balanced"] is True
        assert year["summary"]["预算收支=资金结存变动 balanced"] is True
        assert year["summary"]["资金结存=银行存款 fund balance = cash"] is True
    check = cli("check")
    assert check.exit_code == 0, check.output
    csv_text = cli("report", "statements", "--year", "2026", "--format", "csv").output
    assert "Equity:PriorYear" in csv_text and "3501" in csv_text
    target = ledger.root.parent / "statements.xlsx"
    xlsx = cli(
        "report", "statements", "--year", "2026", "--format", "xlsx", "--output", str(target)
    )
    assert xlsx.exit_code == 0 and target.stat().st_size > 0


def test_outflows_refused_by_line_and_by_cash(ledger: Ledger, cli: Any) -> None:
    post_raw(ledger, EVENTS_2025)
    before = snapshot(ledger)
    # conversion-project 2025: 500,000 − 400,000 = 100,000 left.
    over = _ev("f2", "project.fund", "2025-08-01", amount="100000.01")
    result = cli("post", "-", input=json.dumps(over))
    assert result.exit_code == 1
    assert "appropriation-exceeded" in result.output and "2025 conversion-project" in result.output
    assert "100000.00" in result.output and "f2" in result.output
    # 930,000 in the bank: 1,000,000 is refused for cash first.
    big = _ev("f3", "project.fund", "2025-08-01", amount="1000000")
    result = cli("post", "-", input=json.dumps(big))
    assert result.exit_code == 1 and "cash-insufficient" in result.output
    assert "930000.00" in result.output
    assert snapshot(ledger) == before
    # Exactly what is left passes.
    assert cli("post", "-", input=json.dumps({**over, "amount": "100000"})).exit_code == 0


def test_budget_execution_covers_every_outflow(ledger: Ledger, cli: Any) -> None:
    post_raw(ledger, EVENTS_2025 + EVENTS_2026)
    result = cli("report", "subsidies", "--as-of", "2026-12-31", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = {
        (r["year"], r["line"]): r for r in json.loads(result.output)["tables"]["execution"]["rows"]
    }
    # 2025 市科技局: 200,000 paid − 30,000 refunded the same year = 170,000 of 1,000,000.
    sci = rows[(2025, "sci-tech")]
    assert (D(sci["budget"]), D(sci["administrative"]), D(sci["available"])) == (
        D("1000000"), D("170000"), D("830000"),
    )  # fmt: skip
    # 2025 conversion-project: 400,000 entrusted of 500,000.
    cp = rows[(2025, "conversion-project")]
    assert (D(cp["investment"]), D(cp["available"]), D(cp["rate"])) == (
        D("400000"), D("100000"), D("0.8"),
    )  # fmt: skip
    # 2026 市科技局: a3's 100,000; a2's refund of a 2025 payment is 8101, not this line's.
    assert D(rows[(2026, "sci-tech")]["charged"]) == D("100000")


HAND_EDITS = {
    # A payment typed without its budgetary twin.
    "budget-twin": (
        '2025-12-01 * "手工拨付"\n  approval: "a3x"\n'
        "  Expenses:Subsidy:PlatformMunicipal  10.00 CNY\n  Assets:Bank:SpecialFund  -10.00 CNY\n"
    ),
    # Budgetary postings that do not balance on their own.
    "budget-unbalanced": (
        '2025-12-01 * "手工错账"\n'
        "  Expenses:Subsidy:PlatformMunicipal  10.00 CNY\n  Equity:Budget:FundBalance  -10.00 CNY\n"
    ),
    # 100,000 left on the 2025 conversion-project line: 100,000.01 entrusted by hand.
    "appropriation-exceeded": (
        '2025-12-01 * "手工委托"\n'
        "  Assets:Entrusted:Platform  100000.01 CNY\n  Assets:Bank:SpecialFund  -100000.01 CNY\n"
        "  Equity:Budget:Expenditure:Investment:Platform  100000.01 CNY\n"
        "  Equity:Budget:FundBalance  -100000.01 CNY\n"
    ),
    # 930,000 in the bank: 930,000.01 out by hand, charged to nothing.
    "cash-insufficient": (
        '2025-12-01 * "手工转出"\n'
        "  Equity:Opening  930000.01 CNY\n  Assets:Bank:SpecialFund  -930000.01 CNY\n"
        "  Equity:Budget:Carryover  930000.01 CNY\n  Equity:Budget:FundBalance  -930000.01 CNY\n"
    ),
}


def test_hand_edits_fail_jcg_check_with_the_rule(ledger: Ledger, cli: Any) -> None:
    post_raw(ledger, EVENTS_2025)
    journal = ledger.journal("city", 2025)
    text = journal.read_text("utf-8")
    for rule, entry in HAND_EDITS.items():
        journal.write_text(text + "\n" + entry, "utf-8")
        result = cli("check", "--json")
        assert result.exit_code == 1, rule
        errors = json.loads(result.output)["errors"]["city"]
        assert any(f"[{rule}]" in str(e) for e in errors), (rule, errors)
    journal.write_text(text, "utf-8")
    assert cli("check").exit_code == 0
