"""Rule ``holdings`` on small platform ledgers."""

from __future__ import annotations

from jcg_ledger.rules.project_ledger import all_errors, platform_errors

SCHEDULE = """
2026-01-10 custom "jcg-buyback" "P1" 1
  obligor: "FOUNDER"
  due: 2027-01-10
  fraction: 0.5
  units: 50000
  method: "principal"
"""


def settle(units: int, amount: str, tranche: int = 1) -> str:
    return f"""
2027-01-10 * "回购结算"
  type: "buyback.settle"
  project: "P1"
  tranche: {tranche}
  Assets:Bank:Platform         {amount} CNY
  Assets:Equity:ACME           -{units} EQ-ACME {{}}
"""


def test_settling_the_tranche() -> None:
    # 50,000 units at 10.00 = 500,000.00: no gain, nothing to flag.
    assert all_errors(SCHEDULE + settle(50000, "500000.00")) == []


def test_settling_more_than_the_tranche() -> None:
    errors = platform_errors(SCHEDULE + settle(60000, "600000.00"))
    assert len(errors) == 1 and errors[0].startswith("[holdings]") and "tranche 1" in errors[0]


def test_settling_more_than_the_holding() -> None:
    exit_ = """
2026-06-01 * "股权退出"
  type: "equity.exit"
  project: "P1"
  Assets:Bank:Platform         800000.00 CNY
  Assets:Equity:ACME           -80000 EQ-ACME {}
"""
    # Beancount itself cannot book 50,000 units out of the 20,000 left; the write path
    # refuses it first with this rule (tests/projects/test_refusals.py).
    errors = all_errors(SCHEDULE + exit_ + settle(50000, "500000.00"))
    assert len(errors) == 1 and "Not enough lots" in errors[0]
    assert platform_errors(SCHEDULE + exit_ + settle(50000, "500000.00")) == []


def test_an_unknown_tranche() -> None:
    errors = platform_errors(SCHEDULE + settle(10, "100.00", tranche=2))
    assert len(errors) == 1 and "no tranche 2" in errors[0]


def test_collecting_more_units_than_are_receivable() -> None:
    # Tranche 1 (50,000 units at principal, 500,000) booked as receivable when due; a
    # settlement naming 60,000 units of it is refused.
    due = """
2027-01-10 * "回购到期"
  type: "buyback.due"
  project: "P1"
  tranche: 1
  Assets:Receivable:Buyback:FOUNDER   500000.00 CNY
  Assets:Equity:ACME                 -50000 EQ-ACME {}
"""
    collect = """
2027-02-01 * "回购结算"
  type: "buyback.settle"
  project: "P1"
  tranche: 1
  units: UNITS
  Assets:Bank:Platform                500000.00 CNY
  Assets:Receivable:Buyback:FOUNDER  -500000.00 CNY
"""
    assert all_errors(SCHEDULE + due + collect.replace("UNITS", "50000")) == []
    errors = platform_errors(SCHEDULE + due + collect.replace("UNITS", "60000"))
    assert len(errors) == 1 and errors[0].startswith("[holdings]") and "receivable" in errors[0]
