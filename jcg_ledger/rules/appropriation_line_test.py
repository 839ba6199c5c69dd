"""Tests of rule ``appropriation-exceeded`` (figures by hand), the function and the plugin."""

from __future__ import annotations

from decimal import Decimal

from beancount import loader

from jcg_ledger.rules.appropriation_line import RULE, check_line, resolve
from jcg_ledger.rules.subsidy_ledger import REGISTRY, appropriate, award, chart, pay

A1 = award(
    "2025-03-01", "a1", "platform-municipal", "100000", entity="JC-B", subject="中心",
    newly_approved=True,
)  # fmt: skip
A2 = award(
    "2025-03-01", "a2", "platform-municipal", "100000", entity="JC-A", subject="中心二",
    newly_approved=True,
)  # fmt: skip
# Cash for everything below: 10,000,000 to 市人社局, whose line the subsidies here never use.
CASH = appropriate("2025-01-02", 2025, "hrss", "HRSS", "10000000")


def _errors(*entries: str) -> list[str]:
    text = 'plugin "jcg_ledger.plugins.policy" "city"\n' + chart() + REGISTRY + "".join(entries)
    _, errors, _ = loader.load_string(text)
    return [str(e.message) for e in errors]


def _measure_line(on: str, year: int, measure: str, amount: str) -> str:
    return appropriate(on, year, "sci-tech", "SciTech", amount).replace(
        '  department: "sci-tech"\n', f'  measure: "{measure}"\n  department: "sci-tech"\n'
    )


def test_the_functions() -> None:
    lines = {(2025, "sci-tech"): Decimal(100), (2025, "tech-transaction"): Decimal(50)}
    assert resolve(lines, 2025, "tech-transaction", "sci-tech") == (2025, "tech-transaction")
    assert resolve(lines, 2025, "startup-capital", "sci-tech") == (2025, "sci-tech")
    assert resolve(lines, 2026, "startup-capital", "sci-tech") == (2026, "sci-tech")
    assert check_line((2025, "sci-tech"), Decimal(100), Decimal(60), Decimal(40)) is None
    broken = check_line((2025, "sci-tech"), Decimal(100), Decimal(60), Decimal("40.01"))
    assert broken is not None and broken.rule == RULE and "剩余 40 元" in broken.message


def test_the_department_line_bounds_its_measures() -> None:
    # sci-tech 2025: 140,000. a1 paid 100,000 → 40,000 left; a2's 50,000 exceeds it.
    line = appropriate("2025-01-02", 2025, "sci-tech", "SciTech", "140000")
    ok = [CASH, line, A1, A2, pay("2025-04-01", "p1", "a1", "100000")]
    assert _errors(*ok) == []
    errors = _errors(*ok, pay("2025-05-01", "p2", "a2", "50000"))
    assert len(errors) == 1 and errors[0].startswith(f"[{RULE}]")
    assert "2025 sci-tech" in errors[0] and "剩余 40000 元" in errors[0]


def test_a_measure_line_is_charged_before_the_department() -> None:
    # platform-municipal has its own 2025 line of 30,000; the department's 1,000,000 is not
    # used for it: 60,000 exceeds the measure's line.
    lines = [
        CASH,
        appropriate("2025-01-02", 2025, "sci-tech", "SciTech", "1000000"),
        _measure_line("2025-01-03", 2025, "platform-municipal", "30000"),
    ]
    errors = _errors(*lines, A1, pay("2025-04-01", "p1", "a1", "60000"))
    assert len(errors) == 1 and "2025 platform-municipal" in errors[0] and "30000" in errors[0]
    assert _errors(*lines, A1, pay("2025-04-01", "p1", "a1", "30000")) == []


def test_a_payment_is_charged_to_the_line_of_its_year() -> None:
    # Appropriated for 2025 only; paid on 2026-01-05 → the 2026 line has nothing.
    line = appropriate("2025-01-02", 2025, "sci-tech", "SciTech", "1000000")
    errors = _errors(CASH, line, A1, pay("2026-01-05", "p1", "a1", "1000"))
    assert len(errors) == 1 and "2026 sci-tech" in errors[0] and "未安排预算" in errors[0]


def test_a_hand_written_entrustment_is_charged_to_conversion_project() -> None:
    entrust = (
        '2025-04-01 * "委托资金拨付"\n'
        "  Assets:Entrusted:Platform  200000 CNY\n  Assets:Bank:SpecialFund  -200000 CNY\n"
        "  Equity:Budget:Expenditure:Investment:Platform  200000 CNY\n"
        "  Equity:Budget:FundBalance  -200000 CNY\n"
    )
    errors = _errors(
        CASH, _measure_line("2025-01-03", 2025, "conversion-project", "150000"), entrust
    )
    assert len(errors) == 1 and "2025 conversion-project" in errors[0] and "150000" in errors[0]


def test_a_line_with_nothing_appropriated() -> None:
    found = check_line((2026, "sci-tech"), Decimal(0), Decimal(0), Decimal("0.01"))
    assert found is not None and found.message == (
        "预算指标 2026 sci-tech:支出 0.01 元超过指标余额(未安排预算 nothing appropriated)/ 0.01 "
        "exceeds what is left of appropriation line 2026 sci-tech: 0 of 0"
    )
