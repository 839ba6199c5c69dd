"""Rules ``window`` (of an appropriation), ``unknown-measure``, ``unknown-department``,
``budget-unbalanced`` and ``budget-twin`` called directly, each refusal whole."""

from __future__ import annotations

from datetime import date

from beancount import loader
from beancount.core import data

import jcg_ledger.state  # noqa: F401  (first: the rule modules import it, and it them)
from jcg_ledger.policy import default_policy
from jcg_ledger.rules.appropriation import Appropriation, check_appropriation, department_of
from jcg_ledger.rules.budget_twin import check
from jcg_ledger.state.base import Violation

POLICY = default_policy()
ON = date(2025, 1, 2)


def test_the_department_named_three_ways() -> None:
    by_measure = department_of(POLICY, Appropriation(ON, 2025, measure="housing"))
    assert not isinstance(by_measure, Violation) and by_measure.code == "hrss"
    by_account = department_of(POLICY, Appropriation(ON, 2025, account="SciTech"))
    assert not isinstance(by_account, Violation) and by_account.code == "sci-tech"
    by_name = department_of(POLICY, Appropriation(ON, 2025, department="市人社局"))
    assert not isinstance(by_name, Violation) and by_name.code == "hrss"
    # The measure wins over the department given beside it.
    both = department_of(POLICY, Appropriation(ON, 2025, measure="housing", department="sci-tech"))
    assert not isinstance(both, Violation) and both.code == "hrss"


def test_unknown_measure_or_department() -> None:
    assert department_of(POLICY, Appropriation(ON, 2025, measure="moon")) == Violation(
        "unknown-measure", "未知措施 unknown measure 'moon'", field="measure"
    )
    assert department_of(POLICY, Appropriation(ON, 2025, department="市月球局")) == Violation(
        "unknown-department", "未知部门 unknown department '市月球局'", field="department"
    )
    # Read from the books: named by its income account.
    assert department_of(POLICY, Appropriation(ON, 2025, account="Moon")) == Violation(
        "unknown-department",
        "未知部门 unknown department 'Income:Appropriation:Moon'",
        field="department",
    )
    assert check_appropriation(POLICY, Appropriation(ON, 2025)) == Violation(
        "unknown-department", "未知部门 unknown department None", field="department"
    )


def test_dated_and_budgeted_within_the_policy() -> None:
    fact = Appropriation(ON, 2025, department="sci-tech")
    assert check_appropriation(POLICY, fact) is None
    # Budget years 2025 to 2030 (the window's last year) are fine; undated years too.
    assert check_appropriation(POLICY, Appropriation(ON, 2030, department="sci-tech")) is None
    assert check_appropriation(POLICY, Appropriation(ON, None, department="sci-tech")) is None
    for year in (2024, 2031):
        assert check_appropriation(POLICY, Appropriation(ON, year, department="sci-tech")) == (
            Violation("window", f"预算年度 {year} 不在政策有效期内 year outside the policy", "year")
        )
    late = check_appropriation(POLICY, Appropriation(date(2030, 1, 1), 2029, department="x"))
    assert late is not None and (late.rule, late.field) == ("window", "date")
    assert late.message.startswith("拨款日期 2030-01-01 不在政策有效期")


def transaction(*postings: tuple[str, str]) -> data.Transaction:
    accounts = sorted({a for a, _ in postings})
    text = "".join(f"2025-01-01 open {a} CNY\n" for a in accounts)
    text += '2025-04-01 * "x"\n' + "".join(f"  {a}  {n} CNY\n" for a, n in postings)
    entries, _, _ = loader.load_string(text)
    [entry] = [e for e in entries if isinstance(e, data.Transaction)]
    return entry


def test_the_budgetary_twin() -> None:
    paid = transaction(
        ("Liabilities:Payable:Subsidy", "100000.00"),
        ("Assets:Bank:SpecialFund", "-100000.00"),
        ("Equity:Budget:Expenditure:Administrative:PlatformMunicipal", "100000.00"),
        ("Equity:Budget:FundBalance", "-100000.00"),
    )
    assert check(paid) == []
    odd = transaction(
        ("Liabilities:Payable:Subsidy", "60000.00"),
        ("Assets:Bank:SpecialFund", "-59999.99"),
        ("Equity:Budget:FundBalance", "-0.01"),
    )
    assert check(odd) == [
        Violation(
            "budget-unbalanced",
            "预算会计分录不平衡:Equity:Budget 合计 -0.01 / the Equity:Budget postings sum to "
            "-0.01, not zero",
        ),
        Violation(
            "budget-twin",
            "专项资金专户变动 -59999.99 元,资金结存变动 -0.01 元,平行记账不一致 / "
            "Assets:Bank:SpecialFund moves -59999.99 but Equity:Budget:FundBalance moves -0.01: "
            "the budgetary twin must move the same amount",
        ),
    ]
    # A sub-account of the bank or of 资金结存 is not the account itself.
    near = transaction(
        ("Assets:Bank:SpecialFund:Sub", "5.00"),
        ("Equity:Budget:FundBalanceX", "-5.00"),
        ("Equity:Budget:Other", "5.00"),
        ("Income:X", "-5.00"),
    )
    assert check(near) == []
