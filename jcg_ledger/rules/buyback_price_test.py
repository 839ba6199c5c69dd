"""Rules ``buyback-price`` and ``buyback-due`` — the price methods, settlements to the cent,
concessions and late interest, receivables at due, overdue warnings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from jcg_ledger.policy import default_policy
from jcg_ledger.rules.buyback_price import price_due
from jcg_ledger.rules.project_ledger import all_errors, platform_errors
from jcg_ledger.state.projects import Project, Tranche

POLICY = default_policy()


def project() -> Project:
    # REFERENCE.md example: 5,000,000 disbursed 2025-06-01 into 500,000 units (10.00 each).
    p = Project("P1", "ACME", Decimal(5_000_000), date(2025, 5, 1))
    p.disbursements.append((date(2025, 6, 1), Decimal(5_000_000)))
    p.converted, p.converted_on = "equity", date(2025, 12, 1)
    p.units_converted = p.units_held = Decimal(500_000)
    p.cost_converted = p.cost_held = Decimal(5_000_000)
    return p


def tranche(method: str, **kw: Decimal) -> Tranche:
    return Tranche(1, date(2028, 6, 1), Decimal(500_000), method, **kw)  # type: ignore[arg-type]


def test_price_methods() -> None:
    on = date(2028, 6, 1)  # 1,096 days after 2025-06-01
    p = project()
    # lpr-simple: 5,000,000 × (1 + 0.03 × 1096/365) = 5,450,410.96.
    assert price_due(POLICY, p, tranche("lpr-simple"), on) == Decimal("5450410.96")
    # principal: the cost.
    assert price_due(POLICY, p, tranche("principal"), on) == Decimal("5000000.00")
    # fixed-rate-simple 4%: 5,000,000 × 0.04 × 1096/365 = 600,547.945… → 5,600,547.95.
    assert price_due(POLICY, p, tranche("fixed-rate-simple", rate=Decimal("0.04")), on) == Decimal(
        "5600547.95"
    )
    # fixed-price: the amount agreed; half the units, half the amount.
    fixed = tranche("fixed-price", price=Decimal(6_000_000))
    assert price_due(POLICY, p, fixed, on, Decimal(250_000)) == Decimal("3000000.00")
    # fair-value-floor, mark 12.00, concession 10%: 500,000 × 12 × 0.9 = 5,400,000 > cost.
    p.marks.append((date(2028, 1, 1), Decimal(12)))
    floor = tranche("fair-value-floor", concession=Decimal("0.10"))
    assert price_due(POLICY, p, floor, on) == Decimal("5400000.00")
    # A mark of 9.00: 500,000 × 9 × 0.9 = 4,050,000 < cost → the floor, 5,000,000.
    p.marks.append((date(2028, 2, 1), Decimal(9)))
    assert price_due(POLICY, p, floor, on) == Decimal("5000000.00")


# P1 (base story): 100,000 units at 10.00, first disbursed 2025-06-01 (LPR 3.00%). One tranche
# of all units, lpr-simple, due 2027-01-10: 2025-06-01 → 2027-01-10 = 365 + 214 + 9 = 588
# days; 1,000,000 × 0.03 × 588/365 = 48,328.767… → price 1,048,328.77.
SCHEDULE = """
2026-01-10 custom "jcg-buyback" "P1" 1
  obligor: "FOUNDER"
  due: 2027-01-10
  fraction: 1
  units: 100000
  method: "lpr-simple"
"""


def settle(on: str, received: str, liability: str, extra: str = "") -> str:
    return f"""
{on} * "回购结算"
  type: "buyback.settle"
  project: "P1"
  tranche: 1{extra}
  Assets:Bank:Platform        {received} CNY
  Assets:Equity:ACME          -100000 EQ-ACME {{}}
  Liabilities:Entrusted:City  {liability} CNY
"""


CONCESSION = (
    "\n  concession: 100000.00"
    '\n  concession_reason: "企业经营困难,经批准让利"'
    '\n  concession_doc_no: "晋市国资〔2027〕3号"'
)


def test_settled_at_the_price_due() -> None:
    # The gain, 1,048,328.77 − 1,000,000 = 48,328.77, is the city's: the liability grows.
    assert all_errors(SCHEDULE + settle("2027-01-10", "1048328.77", "-48328.77")) == []


def test_received_below_the_price_due_is_refused() -> None:
    errors = platform_errors(SCHEDULE + settle("2027-01-10", "1000000.00", "0.00"))
    assert len(errors) == 1 and errors[0].startswith("[buyback-price]")
    assert "48328.77" in errors[0] and "concession" in errors[0]


def test_an_approved_concession() -> None:
    # 1,048,328.77 − 100,000 conceded = 948,328.77 received; the stake (1,000,000) leaves:
    # the liability falls by 51,671.23 (the city books 48,328.77 gain and 100,000 of 让利).
    text = SCHEDULE + settle("2027-01-10", "948328.77", "51671.23", CONCESSION)
    assert all_errors(text) == []
    # The same without its approval number: refused.
    errors = platform_errors(text.replace('  concession_doc_no: "晋市国资〔2027〕3号"\n', ""))
    assert len(errors) == 1 and errors[0].startswith("[buyback-price]") and "doc_no" in errors[0]


def test_received_above_the_price_needs_declared_late_interest() -> None:
    # Settled 2027-02-09, 30 days late: 618 days; 1,000,000 × 0.03 × 618/365 = 50,794.520… →
    # 1,050,794.52; with 5,000 of late interest agreed: 1,055,794.52.
    late = settle("2027-02-09", "1055794.52", "-55794.52", "\n  late_interest: 5000.00")
    assert all_errors(SCHEDULE + late) == []
    errors = platform_errors(SCHEDULE + late.replace("\n  late_interest: 5000.00", ""))
    assert len(errors) == 1 and errors[0].startswith("[buyback-price]") and "5000.00" in errors[0]


DUE = """
2027-01-10 * "回购到期"
  type: "buyback.due"
  project: "P1"
  tranche: 1
  Assets:Receivable:Buyback:FOUNDER   1048328.77 CNY
  Assets:Equity:ACME                 -100000 EQ-ACME {}
  Liabilities:Entrusted:City           -48328.77 CNY
"""


def test_a_tranche_unpaid_at_its_due_date_is_a_receivable() -> None:
    assert all_errors(SCHEDULE + DUE) == []
    # Collected 30 days later at the price of that day, 1,050,794.52: the receivable clears and
    # the 2,465.75 more is the city's gain.
    collect = """
2027-02-09 * "回购结算"
  type: "buyback.settle"
  project: "P1"
  tranche: 1
  Assets:Bank:Platform                1050794.52 CNY
  Assets:Receivable:Buyback:FOUNDER  -1048328.77 CNY
  Liabilities:Entrusted:City            -2465.75 CNY
"""
    assert all_errors(SCHEDULE + DUE + collect, today="2027-03-01") == []
    # A receivable at another price than the due date's: refused.
    wrong = DUE.replace("1048328.77", "1000000.00").replace("-48328.77", "0.00")
    errors = platform_errors(SCHEDULE + wrong)
    assert len(errors) == 1 and errors[0].startswith("[buyback-due]") and "1048328.77" in errors[0]


def test_an_overdue_tranche_is_a_warning_with_its_days() -> None:
    # Today 2027-03-01: 2027-01-10 → 2027-03-01 = 21 + 28 + 1 = 50 days overdue; priced on
    # 2027-03-01: 638 days; 1,000,000 × 0.03 × 638/365 = 52,438.356… → 1,052,438.36 owed.
    errors = platform_errors(SCHEDULE + DUE, today="2027-03-01")
    assert len(errors) == 1 and errors[0].startswith("[buyback-overdue] 提示 warning")
    assert "50 days overdue" in errors[0] and "1052438.36" in errors[0]
    # Not yet due on 2027-01-10 itself: nothing to warn.
    assert platform_errors(SCHEDULE, today="2027-01-10") == []
