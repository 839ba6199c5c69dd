"""The policy data file: its numbers are the policy's, and bad files are refused."""

from __future__ import annotations

import tomllib
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from jcg_ledger.policy import (
    REQUIRED_MEASURES,
    ByLevel,
    ByTier,
    CapScope,
    Fixed,
    InterestFormula,
    InvestmentMeasure,
    Monthly,
    MultiBasePercent,
    Percent,
    PercentCappedByProvincial,
    Policy,
    PolicyFileError,
    PolicyLookupError,
    RangeFormula,
    Reference,
    SubsidyMeasure,
    default_policy,
    default_policy_text,
    load_policy,
    load_policy_text,
    render_policy_text,
)

D = Decimal


@pytest.fixture(scope="module")
def policy() -> Policy:
    return default_policy()


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "policy.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


# --- the numbers are the policy's (values read from jcg-policy.zh.txt / MEASURES.md) ---------


def test_window(policy: Policy) -> None:
    assert policy.effective_date == date(2025, 1, 1)
    assert policy.policy.validity_years == 5
    assert policy.window_end == date(2030, 1, 1)
    assert policy.in_window(date(2025, 1, 1))
    assert policy.in_window(date(2029, 12, 31))
    assert not policy.in_window(date(2030, 1, 1))
    assert not policy.in_window(date(2024, 12, 31))


def test_every_measure_is_defined(policy: Policy) -> None:
    codes = [m.code for m in policy.measures]
    assert set(REQUIRED_MEASURES) <= set(codes)
    assert len(policy.subsidy_measures) == 28
    assert [m.code for m in policy.investment_measures] == [
        "conversion-project",
        "vc-fund",
        "credit-guarantee",
    ]
    assert all(isinstance(m, InvestmentMeasure) for m in policy.investment_measures)
    assert policy.subsidy_measures[0].code == "startup-capital"


def test_fixed_amounts(policy: Policy) -> None:
    expected = {
        "platform-national": D(1_000_000),
        "platform-provincial": D(500_000),
        "platform-municipal": D(100_000),
        "rdi-provincial": D(300_000),
        "rdi-municipal": D(100_000),
        "incubator-national": D(500_000),
        "incubator-provincial": D(200_000),
        "makerspace-national": D(150_000),
        "makerspace-provincial": D(100_000),
    }
    for code, amount in expected.items():
        measure = policy.subsidy(code)
        assert isinstance(measure.formula, Fixed), code
        assert measure.formula.amount == amount, code
        assert measure.once and measure.cap_scope is CapScope.subject, code
        assert "newly-approved" in measure.conditions, code


def test_percent_measures(policy: Policy) -> None:
    startup = policy.subsidy("startup-capital")
    assert isinstance(startup.formula, Percent)
    assert startup.formula.rate == D("0.5")
    assert startup.cap == D(500_000)
    assert startup.cap_scope is CapScope.entity and startup.once

    rdi = policy.subsidy("rdi-performance")
    assert isinstance(rdi.formula, Percent)
    assert rdi.formula.rate == D("0.20")
    assert rdi.cap == D(1_000_000) and rdi.cap_scope is CapScope.basis

    for code in ("incubator-existing", "makerspace-existing", "team-match"):
        measure = policy.subsidy(code)
        assert isinstance(measure.formula, Percent), code
        assert measure.formula.rate == D("0.5"), code

    contest = policy.subsidy("contest-national")
    assert isinstance(contest.formula, Percent)
    assert contest.formula.rate == D(1)  # 1:1 match


def test_tech_transaction(policy: Policy) -> None:
    measure = policy.subsidy("tech-transaction")
    assert isinstance(measure.formula, MultiBasePercent)
    assert measure.formula.bases["transaction"].rate == D("0.20")
    assert measure.formula.bases["equity"].rate == D("0.10")
    assert measure.cap == D(500_000)
    assert measure.cap_scope is CapScope.entity_year


def test_first_unit(policy: Policy) -> None:
    measure = policy.subsidy("first-unit")
    assert isinstance(measure.formula, PercentCappedByProvincial)
    assert measure.formula.rate == D("0.10")
    assert measure.cap == D(10_000_000)
    assert measure.cap_scope is CapScope.entity_life


def test_levels(policy: Policy) -> None:
    shanxi = policy.subsidy("contest-shanxi").formula
    assert isinstance(shanxi, ByLevel)
    assert {k: g.amount for k, g in shanxi.levels.items()} == {
        "first": D(50_000),
        "second": D(30_000),
        "third": D(10_000),
    }
    assert not shanxi.top_up
    graduate = policy.subsidy("graduate-startup").formula
    assert isinstance(graduate, ByLevel)
    assert {k: g.amount for k, g in graduate.levels.items()} == {
        "subsidy": D(10_000),
        "funding": D(50_000),
        "key": D(500_000),
    }
    assert graduate.top_up


def test_talent(policy: Policy) -> None:
    fulltime = policy.subsidy("talent-fulltime")
    assert isinstance(fulltime.formula, ByTier)
    assert fulltime.cap == D(200_000) and fulltime.cap_scope is CapScope.person
    assert max(t.amount for t in fulltime.formula.tiers.values()) <= D(200_000)
    assert set(fulltime.formula.tiers) == {
        "high-level",
        "doctorate",
        "senior-title",
        "master",
        "bachelor",
    }
    assert {"contract-3y", "social-insurance-6m"} <= set(fulltime.conditions)
    assert policy.condition("contract-3y").min == 3
    assert policy.condition("social-insurance-6m").min == 6

    flexible = policy.subsidy("talent-flexible")
    assert isinstance(flexible.formula, Reference)
    assert flexible.formula.measure == "talent-fulltime"
    assert flexible.formula.rate == D("0.5")
    assert flexible.cap == D(100_000)

    monthly = policy.subsidy("talent-flexible-monthly").formula
    assert isinstance(monthly, Monthly)
    assert monthly.monthly_max == D(20_000)

    project = policy.subsidy("talent-project").formula
    assert isinstance(project, RangeFormula)
    assert (project.min, project.max) == (D(300_000), D(500_000))
    assert project.contains(D(400_000)) and not project.contains(D(600_000))

    loan = policy.subsidy("loan-interest").formula
    assert isinstance(loan, InterestFormula)
    assert loan.programmes["talent-project"].principal_limit == D(3_000_000)
    assert loan.programmes["graduate-startup"].principal_limit == D(300_000)


def test_living_housing_rent(policy: Policy) -> None:
    living = policy.subsidy("living-allowance")
    assert isinstance(living.formula, Monthly)
    assert living.formula.tiers is not None
    assert {k: g.amount for k, g in living.formula.tiers.items()} == {
        "doctorate": D(5_000),
        "master": D(3_000),
        "bachelor": D(1_000),
    }
    assert living.formula.policy_range is not None
    assert (living.formula.policy_range.min, living.formula.policy_range.max) == (
        D(1_000),
        D(5_000),
    )
    assert living.formula.max_months == 60
    assert living.within_months_of_start == 60

    housing = policy.subsidy("housing")
    assert isinstance(housing.formula, ByTier)
    assert {k: g.amount for k, g in housing.formula.tiers.items()} == {
        "high-level": D(350_000),
        "doctorate": D(150_000),
        "master": D(100_000),
        "bachelor": D(50_000),
    }
    assert housing.formula.policy_range is not None
    assert (housing.formula.policy_range.min, housing.formula.policy_range.max) == (
        D(50_000),
        D(350_000),
    )
    assert housing.once and housing.cap_scope is CapScope.person
    assert housing.within_months_of_start == 60
    assert housing.exclusive_with == ("rent",)

    rent = policy.subsidy("rent")
    assert isinstance(rent.formula, Monthly)
    assert rent.formula.monthly_max == D(2_000)
    assert rent.formula.max_months == 60
    assert rent.exclusive_with == ("housing",)


def test_fund_and_reward(policy: Policy) -> None:
    assert policy.fund.size == D(50_000_000)
    assert policy.fund.reward_rate == D("0.05")
    assert policy.fund.reward_cap_per_investee == D(500_000)
    assert policy.fund.reward_cap_per_investor_year == D(2_000_000)
    reward = policy.subsidy("fund-reward")
    assert isinstance(reward.formula, Percent)
    assert reward.formula.rate == D("0.05")
    assert reward.cap_for(CapScope.subject) == D(500_000)
    assert reward.cap_for(CapScope.entity_year) == D(2_000_000)
    assert reward.cap_for(CapScope.person) is None


def test_conversion_tolerance_rounding(policy: Policy) -> None:
    c = policy.conversion
    assert (c.discount_default, c.discount_max) == (D(0), D("0.20"))
    assert c.deadline_months == 36
    assert c.fallback == "debt"
    assert c.max_buyback_tranches == 3
    assert c.default_buyback_method == "lpr-simple"
    assert c.state_stake_cap == D("0.25")
    t = policy.tolerance
    assert (t.single_project, t.seed, t.early, t.fund) == (D(1), D("0.8"), D("0.6"), D("0.6"))
    assert policy.quantize(D("1.005")) == D("1.01")
    assert policy.quantize(D("2.344")) == D("2.34")
    assert policy.interest.day_count == "ACT/365"
    assert policy.interest.year_days == 365


def test_lpr(policy: Policy) -> None:
    assert policy.lpr_on(date(2023, 8, 21)) == D("0.0345")
    assert policy.lpr_on(date(2024, 7, 21)) == D("0.0345")
    assert policy.lpr_on(date(2024, 7, 22)) == D("0.0335")
    assert policy.lpr_on(date(2025, 1, 1)) == D("0.0310")
    assert policy.lpr_on(date(2025, 6, 1)) == D("0.0300")
    assert policy.lpr_on(date(2026, 11, 30)) == D("0.0300")
    with pytest.raises(PolicyLookupError, match="LPR"):
        policy.lpr_on(date(2023, 8, 20))


def test_buyback_worked_example(policy: Policy) -> None:
    # REFERENCE.md: 5,000,000 × (1 + 0.03 × 1096/365) = 5,450,410.96 — numbers from config.
    start, settle = date(2025, 6, 1), date(2028, 6, 1)
    days = (settle - start).days
    rate = policy.lpr_on(start)
    price = D(5_000_000) * (1 + rate * days / policy.interest.year_days)
    assert policy.quantize(price) == D("5450410.96")


def test_departments(policy: Policy) -> None:
    assert policy.department("sci-tech") is policy.department("市科技局")
    assert policy.department("市人社局").account == "HRSS"
    assert policy.department("晋城经济技术开发区").code == "zone"
    assert policy.department("finance").name_zh == "市财政局"
    for measure in policy.measures:
        assert policy.department(measure.department)
    assert policy.subsidy("talent-fulltime").department == "hrss"
    assert policy.subsidy("first-unit").department == "sci-tech"
    with pytest.raises(PolicyLookupError, match="市教育局"):
        policy.department("市教育局")


def test_lookup_errors(policy: Policy) -> None:
    with pytest.raises(KeyError) as info:
        policy.measure("no-such-measure")
    assert "no-such-measure" in str(info.value)
    assert str(info.value).startswith("政策中没有措施")
    with pytest.raises(PolicyLookupError, match="not a subsidy"):
        policy.subsidy("vc-fund")


def test_accounts_are_beancount_components(policy: Policy) -> None:
    accounts = [m.account for m in policy.subsidy_measures]
    assert len(set(accounts)) == len(accounts)
    assert policy.subsidy("platform-national").account == "PlatformNational"
    assert policy.department("sci-tech").account == "SciTech"


def test_frozen(policy: Policy) -> None:
    measure = policy.subsidy("rent")
    with pytest.raises(ValueError, match="frozen"):
        measure.cap = D(1)


def test_every_subsidy_has_a_known_formula(policy: Policy) -> None:
    kinds = {type(m.formula).__name__ for m in policy.subsidy_measures}
    assert kinds == {
        "Fixed",
        "Percent",
        "MultiBasePercent",
        "PercentCappedByProvincial",
        "ByLevel",
        "ByTier",
        "Reference",
        "RangeFormula",
        "Monthly",
        "InterestFormula",
    }
    assert all(isinstance(m, SubsidyMeasure) for m in policy.subsidy_measures)


# --- loading and rendering -------------------------------------------------------------


def test_load_policy_from_path(tmp_path: Path) -> None:
    loaded = load_policy(_write(tmp_path, default_policy_text()))
    assert loaded == default_policy()


def test_render_keeps_comments_and_sets_date() -> None:
    text = render_policy_text(date(2026, 3, 15))
    assert "effective_date = 2026-03-15" in text
    assert text.count("#") == default_policy_text().count("#")
    assert tomllib.loads(text)["policy"]["effective_date"] == date(2026, 3, 15)
    policy = load_policy_text(text)
    assert policy.window_end == date(2031, 3, 15)
    # Only the one line differs.
    before, after = default_policy_text().splitlines(), text.splitlines()
    assert len(before) == len(after)
    assert sum(a != b for a, b in zip(before, after, strict=True)) == 1


# --- refusals --------------------------------------------------------------------------


def test_refuses_float(tmp_path: Path) -> None:
    text = _replace_once(default_policy_text(), 'reward_rate = "0.05"', "reward_rate = 0.05")
    with pytest.raises(PolicyFileError, match="float"):
        load_policy(_write(tmp_path, text))


def test_refuses_float_money(tmp_path: Path) -> None:
    text = _replace_once(
        default_policy_text(),
        'formula = { kind = "fixed", amount = "300000" }',
        'formula = { kind = "fixed", amount = 300000.0 }',
    )
    with pytest.raises(PolicyFileError, match=r"rdi-provincial.*浮点数"):
        load_policy(_write(tmp_path, text))


def test_refuses_unknown_field(tmp_path: Path) -> None:
    text = _replace_once(
        default_policy_text(), "validity_years = 5", "validity_years = 5\nvalidty_years = 6"
    )
    with pytest.raises(PolicyFileError, match="validty_years"):
        load_policy(_write(tmp_path, text))


def test_refuses_negative_amount(tmp_path: Path) -> None:
    text = _replace_once(
        default_policy_text(),
        'formula = { kind = "fixed", amount = "150000" }',
        'formula = { kind = "fixed", amount = "-150000" }',
    )
    with pytest.raises(PolicyFileError, match=r"makerspace-national.*positive"):
        load_policy(_write(tmp_path, text))


def test_refuses_missing_measure(tmp_path: Path) -> None:
    text = _replace_once(default_policy_text(), 'code = "rent"', 'code = "rent-x"')
    with pytest.raises(PolicyFileError, match="missing measures: rent"):
        load_policy(_write(tmp_path, text))


def test_refuses_tier_outside_range(tmp_path: Path) -> None:
    text = _replace_once(
        default_policy_text(),
        'high-level = { amount = "350000"',
        'high-level = { amount = "400000"',
    )
    with pytest.raises(PolicyFileError, match="range"):
        load_policy(_write(tmp_path, text))


def test_refuses_amount_above_cap(tmp_path: Path) -> None:
    text = _replace_once(
        default_policy_text(),
        'high-level = { amount = "200000"',
        'high-level = { amount = "250000"',
    )
    with pytest.raises(PolicyFileError, match="exceed the cap"):
        load_policy(_write(tmp_path, text))


def test_refuses_fund_reward_mismatch(tmp_path: Path) -> None:
    text = _replace_once(default_policy_text(), 'reward_rate = "0.05"', 'reward_rate = "0.06"')
    with pytest.raises(PolicyFileError, match=r"\[fund\]"):
        load_policy(_write(tmp_path, text))


def test_refuses_one_sided_exclusion(tmp_path: Path) -> None:
    text = _replace_once(default_policy_text(), 'exclusive_with = ["housing"]\n', "")
    with pytest.raises(PolicyFileError, match="mutual"):
        load_policy(_write(tmp_path, text))


def test_refuses_unknown_department(tmp_path: Path) -> None:
    text = _replace_once(
        default_policy_text(),
        'department = "hrss"\naccount = "TeamMatch"',
        'department = "education"\naccount = "TeamMatch"',
    )
    with pytest.raises(PolicyFileError, match="unknown department 'education'"):
        load_policy(_write(tmp_path, text))


def test_refuses_unsorted_lpr(tmp_path: Path) -> None:
    text = _replace_once(default_policy_text(), "from = 2024-07-22", "from = 2025-07-22")
    with pytest.raises(PolicyFileError, match="ascending"):
        load_policy(_write(tmp_path, text))


def test_refuses_bad_toml_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PolicyFileError, match="TOML"):
        load_policy(_write(tmp_path, "[policy\n"))
    with pytest.raises(PolicyFileError, match="cannot read"):
        load_policy(tmp_path / "absent.toml")


def test_refuses_string_date(tmp_path: Path) -> None:
    text = _replace_once(
        default_policy_text(), "effective_date = 2025-01-01", 'effective_date = "2025-01-01"'
    )
    with pytest.raises(PolicyFileError, match="effective_date"):
        load_policy(_write(tmp_path, text))
