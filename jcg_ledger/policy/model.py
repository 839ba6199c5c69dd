"""The policy as data: a validated, immutable model of ``policy.toml``.

Every amount, rate, cap, range and period of the 晋创谷·晋城 policy lives in the policy data
file; this module only describes its shape and checks it. Nothing here computes an
entitlement: a rules engine reads a measure's `formula`, its caps and conditions, and the
facts of an approval event (``base``, ``base_kind``, ``level``, tier, ``months``,
``other_cap``, ``programme``…) and needs no number of its own.

Money and rates are `Decimal`. In the file they are written as strings (``"0.20"``) or
integers (``500000``); a TOML float is refused, because binary floats cannot hold 0.1 exactly.
"""

from __future__ import annotations

import bisect
import itertools
from datetime import date
from decimal import (
    ROUND_05UP,
    ROUND_CEILING,
    ROUND_DOWN,
    ROUND_FLOOR,
    ROUND_HALF_DOWN,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    ROUND_UP,
    Decimal,
    InvalidOperation,
)
from enum import StrEnum
from typing import Annotated, Literal, Self

from dateutil.relativedelta import relativedelta
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    model_validator,
)

__all__ = [
    "INVESTMENT_MEASURE_CODES",
    "REQUIRED_MEASURES",
    "SUBSIDY_MEASURE_CODES",
    "AmountRange",
    "BaseRate",
    "ByLevel",
    "ByTier",
    "Cap",
    "CapScope",
    "Condition",
    "Conversion",
    "Department",
    "Fixed",
    "Formula",
    "Fund",
    "FundTerms",
    "Grade",
    "InterestConfig",
    "InterestFormula",
    "InterestProgramme",
    "InvestmentMeasure",
    "LprRow",
    "Measure",
    "Monthly",
    "MultiBasePercent",
    "Percent",
    "PercentCappedByProvincial",
    "Policy",
    "PolicyInfo",
    "PolicyLookupError",
    "RangeFormula",
    "Reference",
    "Rounding",
    "SubsidyMeasure",
    "Tolerance",
]

# The measure codes of MEASURES.md. Codes are identifiers, not policy numbers: the file must
# define every one of them (it may define more).
SUBSIDY_MEASURE_CODES: tuple[str, ...] = (
    "startup-capital",
    "platform-national",
    "platform-provincial",
    "platform-municipal",
    "rdi-provincial",
    "rdi-performance",
    "rdi-municipal",
    "incubator-national",
    "incubator-provincial",
    "incubator-existing",
    "makerspace-national",
    "makerspace-provincial",
    "makerspace-existing",
    "tech-transaction",
    "contest-national",
    "contest-shanxi",
    "first-unit",
    "talent-fulltime",
    "talent-flexible",
    "talent-flexible-monthly",
    "team-match",
    "talent-project",
    "graduate-startup",
    "loan-interest",
    "living-allowance",
    "housing",
    "rent",
    "fund-reward",
)
INVESTMENT_MEASURE_CODES: tuple[str, ...] = ("conversion-project", "vc-fund", "credit-guarantee")
REQUIRED_MEASURES: tuple[str, ...] = SUBSIDY_MEASURE_CODES + INVESTMENT_MEASURE_CODES

# The measure whose rate and caps must agree with the [fund] section.
FUND_REWARD_CODE = "fund-reward"


class PolicyLookupError(KeyError):
    """A measure, department, condition or rate that the policy does not define."""

    def __str__(self) -> str:
        # KeyError would quote the message; show it as written.
        return str(self.args[0]) if self.args else ""


# --- scalar types -------------------------------------------------------------------------


def _to_decimal(value: object) -> Decimal:
    """Read a TOML string or integer as a finite Decimal; refuse floats and booleans."""
    if isinstance(value, bool):
        raise ValueError("不是数字 / not a number")
    if isinstance(value, float):
        raise ValueError(
            '金额和比例不得写成 TOML 浮点数,请写成字符串,如 "0.20" / '
            'money and rates must not be TOML floats; write a string such as "0.20"'
        )
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(f"不是数字 / not a number: {value!r}") from None
    else:
        raise ValueError(f"不是数字 / not a number: {value!r}")
    if not result.is_finite():
        raise ValueError(f"不是有限数 / not a finite number: {value!r}")
    return result


def _positive(value: Decimal) -> Decimal:
    if value <= 0:
        raise ValueError(f"金额必须大于零 / amount must be positive: {value}")
    return value


def _unit_interval(value: Decimal) -> Decimal:
    if not Decimal(0) <= value <= Decimal(1):
        raise ValueError(f"比例必须在 0 与 1 之间 / rate must lie in [0, 1]: {value}")
    return value


def _positive_rate(value: Decimal) -> Decimal:
    _unit_interval(value)
    if value == 0:
        raise ValueError("比例必须大于零 / rate must be positive")
    return value


Money = Annotated[Decimal, BeforeValidator(_to_decimal), AfterValidator(_positive)]
"""A positive amount in 元."""

Rate = Annotated[Decimal, BeforeValidator(_to_decimal), AfterValidator(_unit_interval)]
"""A ratio in [0, 1] (0.20 = 20%)."""

PositiveRate = Annotated[Decimal, BeforeValidator(_to_decimal), AfterValidator(_positive_rate)]
"""A ratio in (0, 1]; 1 is a 1:1 match."""

Code = Annotated[StrictStr, Field(pattern=r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$", max_length=40)]
"""A stable ASCII identifier in kebab-case (``sci-tech``, ``contest-shanxi``)."""

AccountComponent = Annotated[StrictStr, Field(pattern=r"^[A-Z][A-Za-z0-9]*$", max_length=40)]
"""One CamelCase Beancount account component (``SciTech``, ``PlatformNational``)."""

TextZh = Annotated[StrictStr, Field(min_length=1, max_length=200)]
TextEn = Annotated[StrictStr, Field(min_length=1, max_length=200)]
Count = Annotated[StrictInt, Field(ge=1)]
StrictDate = Annotated[date, Field(strict=True)]


class _Frozen(BaseModel):
    """Base of every policy model: unknown keys refused, instances immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# --- [policy] ---------------------------------------------------------------------------


class PolicyInfo(_Frozen):
    """The ``[policy]`` section: names and the validity window."""

    name_zh: TextZh
    name_en: TextEn
    effective_date: StrictDate = date(2025, 1, 1)
    validity_years: Count

    @property
    def window_end(self) -> date:
        """First day after the window: effective date + validity years (exclusive)."""
        end: date = self.effective_date + relativedelta(years=self.validity_years)
        return end

    def in_window(self, d: date) -> bool:
        """Whether ``d`` lies in the window: effective date <= d < window_end."""
        return self.effective_date <= d < self.window_end


# --- [[departments]] --------------------------------------------------------------------


class Department(_Frozen):
    """A responsible department; income is booked to ``Income:Appropriation:<account>``."""

    code: Code
    name_zh: TextZh
    name_en: TextEn
    account: AccountComponent


# --- [[conditions]] ---------------------------------------------------------------------


class Condition(_Frozen):
    """A condition written into the text, checked against a fact of the approval.

    ``fact`` names an attribute of the approval event or of the registered person
    (``newly_approved``, ``contract_years``, ``social_insurance_months``, ``mode``, ``level``,
    ``base``, ``programme``). ``check`` says how: ``equals`` (fact == ``value``), ``minimum``
    (fact >= ``min``) or ``present`` (the fact is given).
    """

    code: Code
    name_zh: TextZh
    name_en: TextEn
    fact: Annotated[StrictStr, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    check: Literal["equals", "minimum", "present"]
    value: StrictBool | StrictStr | None = None
    min: Annotated[StrictInt, Field(ge=0)] | None = None

    @model_validator(mode="after")
    def _check_arguments(self) -> Self:
        if self.check == "equals" and (self.value is None or self.min is not None):
            raise ValueError("equals 条件需要 value 且不需要 min / 'equals' needs value, not min")
        if self.check == "minimum" and (self.min is None or self.value is not None):
            raise ValueError("minimum 条件需要 min 且不需要 value / 'minimum' needs min, not value")
        if self.check == "present" and (self.min is not None or self.value is not None):
            raise ValueError("present 条件不需要 value/min / 'present' takes no value or min")
        return self


# --- formulas ---------------------------------------------------------------------------


class Grade(_Frozen):
    """A named amount: a prize level, a startup stage or a talent tier."""

    amount: Money
    name_zh: TextZh
    name_en: TextEn


class AmountRange(_Frozen):
    """The range the policy text gives (``min`` <= amount <= ``max``)."""

    min: Money
    max: Money

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.min > self.max:
            raise ValueError(f"范围下限大于上限 / range min {self.min} > max {self.max}")
        return self

    def contains(self, amount: Decimal) -> bool:
        """Whether ``min <= amount <= max``."""
        return self.min <= amount <= self.max


def _grades_in_range(grades: dict[str, Grade], policy_range: AmountRange | None) -> None:
    if policy_range is None:
        return
    for key, grade in grades.items():
        if not policy_range.contains(grade.amount):
            raise ValueError(
                f"档次 {key} 的金额 {grade.amount} 超出政策范围 / amount of {key!r} is outside "
                f"the policy range {policy_range.min}–{policy_range.max}"
            )


GradeKey = Annotated[StrictStr, Field(pattern=r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")]


class Fixed(_Frozen):
    """A fixed one-time amount: entitlement = ``amount``."""

    kind: Literal["fixed"]
    amount: Money


class Percent(_Frozen):
    """A share of one basis amount: entitlement = ``rate`` × event ``base``.

    ``rate = 1`` is a 1:1 match. Caps live on the measure (`SubsidyMeasure.cap`).
    """

    kind: Literal["percent"]
    rate: PositiveRate
    base_label_zh: TextZh
    base_label_en: TextEn


class BaseRate(_Frozen):
    """The rate applying to one kind of basis (an event's ``base_kind``)."""

    rate: PositiveRate
    label_zh: TextZh
    label_en: TextEn


class MultiBasePercent(_Frozen):
    """Several kinds of basis, each with its rate: entitlement = Σ rate[base_kind] × base.

    All bases share the measure's cap (e.g. per entity per calendar year).
    """

    kind: Literal["multi-base-percent"]
    bases: Annotated[dict[GradeKey, BaseRate], Field(min_length=1)]


class PercentCappedByProvincial(_Frozen):
    """A share of the basis, not above an outside standard given with the event.

    entitlement = min(``rate`` × ``base``, event ``other_cap``); ``other_cap`` is required.
    """

    kind: Literal["percent-capped-by-provincial"]
    rate: PositiveRate
    base_label_zh: TextZh
    base_label_en: TextEn
    other_cap_label_zh: TextZh
    other_cap_label_en: TextEn


class ByLevel(_Frozen):
    """An amount chosen by the event's ``level`` (prize level, startup stage).

    With ``top_up`` a later, higher level for the same subject pays the difference.
    """

    kind: Literal["by-level"]
    levels: Annotated[dict[GradeKey, Grade], Field(min_length=1)]
    top_up: StrictBool = False


class ByTier(_Frozen):
    """An amount chosen by the person's talent tier; tiers must lie inside ``policy_range``."""

    kind: Literal["by-tier"]
    tiers: Annotated[dict[GradeKey, Grade], Field(min_length=1)]
    policy_range: AmountRange | None = None

    @model_validator(mode="after")
    def _tiers_in_range(self) -> Self:
        _grades_in_range(self.tiers, self.policy_range)
        return self


class Reference(_Frozen):
    """A share of another measure's by-tier amount for the same tier.

    entitlement = ``rate`` × tiers[tier] of measure ``measure`` (which must be ``by-tier``).
    """

    kind: Literal["reference"]
    measure: Code
    rate: PositiveRate


class RangeFormula(_Frozen):
    """An amount decided case by case: the event's ``amount`` is required and must lie in range."""

    kind: Literal["range"]
    min: Money
    max: Money

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.min > self.max:
            raise ValueError(f"范围下限大于上限 / range min {self.min} > max {self.max}")
        return self

    def contains(self, amount: Decimal) -> bool:
        """Whether ``min <= amount <= max``."""
        return self.min <= amount <= self.max


class Monthly(_Frozen):
    """A monthly amount × the event's ``months``.

    Exactly one of ``monthly_max`` (a ceiling per month; the event may give less) or ``tiers``
    (a monthly amount per talent tier). ``max_months``, when set, bounds the months paid,
    counted from the person's start date; unset means the text sets no limit.
    """

    kind: Literal["monthly"]
    monthly_max: Money | None = None
    tiers: dict[GradeKey, Grade] | None = None
    policy_range: AmountRange | None = None
    max_months: Count | None = None

    @model_validator(mode="after")
    def _one_source(self) -> Self:
        if (self.monthly_max is None) == (self.tiers is None):
            raise ValueError(
                "monthly 需要 monthly_max 或 tiers 之一 / 'monthly' needs exactly one of "
                "monthly_max or tiers"
            )
        if self.tiers is not None:
            if not self.tiers:
                raise ValueError("tiers 不能为空 / tiers must not be empty")
            _grades_in_range(self.tiers, self.policy_range)
        if (
            self.monthly_max is not None
            and self.policy_range is not None
            and not self.policy_range.contains(self.monthly_max)
        ):
            raise ValueError("monthly_max 超出政策范围 / monthly_max is outside policy_range")
        return self


class InterestProgramme(_Frozen):
    """The principal a subsidised loan of one programme may cover."""

    principal_limit: Money
    name_zh: TextZh
    name_en: TextEn


class InterestFormula(_Frozen):
    """Interest actually paid on the subsidised principal, by ``programme``.

    Keys of ``programmes`` are measure codes (``talent-project``, ``graduate-startup``);
    only the part of the principal up to ``principal_limit`` is covered.
    """

    kind: Literal["interest"]
    programmes: Annotated[dict[Code, InterestProgramme], Field(min_length=1)]


Formula = Annotated[
    Fixed
    | Percent
    | MultiBasePercent
    | PercentCappedByProvincial
    | ByLevel
    | ByTier
    | Reference
    | RangeFormula
    | Monthly
    | InterestFormula,
    Field(discriminator="kind"),
]
"""How a subsidy measure computes an entitlement, chosen by ``kind``."""


def single_award_max(formula: Fixed | ByLevel | ByTier | RangeFormula) -> Decimal:
    """The largest amount one award can reach under a formula with a fixed upper bound."""
    if isinstance(formula, Fixed):
        return formula.amount
    if isinstance(formula, RangeFormula):
        return formula.max
    grades = formula.levels if isinstance(formula, ByLevel) else formula.tiers
    return max(grade.amount for grade in grades.values())


# --- measures ---------------------------------------------------------------------------


class CapScope(StrEnum):
    """What a cap (and ``once``) is counted over."""

    subject = "subject"  # the thing supported: one platform, project, contract, prize
    entity = "entity"  # the receiving entity, over all time
    person = "person"  # one talent person
    entity_year = "entity-year"  # the receiving entity, per calendar year
    entity_life = "entity-life"  # the receiving entity, over the policy's life
    basis = "basis"  # one computation basis (one provincial subsidy, one assessment, one loan)

    @property
    def name_zh(self) -> str:
        return _CAP_SCOPE_NAMES[self][0]

    @property
    def name_en(self) -> str:
        return _CAP_SCOPE_NAMES[self][1]


# What people read for each scope: rule messages, `jcg measures`, the subsidies report.
_CAP_SCOPE_NAMES: dict[CapScope, tuple[str, str]] = {
    CapScope.subject: ("每个支持对象", "per subject"),
    CapScope.entity: ("每个主体", "per entity"),
    CapScope.person: ("每人", "per person"),
    CapScope.entity_year: ("每个主体每年", "per entity per year"),
    CapScope.entity_life: ("每个主体政策期内", "per entity over the policy"),
    CapScope.basis: ("每个计算基数", "per basis"),
}


class Cap(_Frozen):
    """A ceiling on the sum of awards within one scope."""

    amount: Money
    scope: CapScope


class SubsidyMeasure(_Frozen):
    """A measure that pays a subsidy, booked to ``Expenses:Subsidy:<account>``."""

    kind: Literal["subsidy"]
    code: Code
    name_zh: TextZh
    name_en: TextEn
    department: Code
    account: AccountComponent
    subject_kind_zh: TextZh
    subject_kind_en: TextEn
    formula: Formula
    cap: Money | None = None
    cap_scope: CapScope
    further_caps: tuple[Cap, ...] = ()
    once: StrictBool = False
    conditions: tuple[Code, ...] = ()
    exclusive_with: tuple[Code, ...] = ()
    entity_kinds: tuple[Code, ...] | None = None
    within_months_of_start: Count | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if isinstance(self.formula, Fixed | ByLevel | ByTier | RangeFormula):
            top = single_award_max(self.formula)
            for cap in self.caps:
                if top > cap.amount:
                    raise ValueError(
                        f"单次金额 {top} 超过上限 {cap.amount} ({cap.scope}) / a single award "
                        f"of {top} would exceed the cap {cap.amount} per {cap.scope}"
                    )
        if (
            isinstance(self.formula, Monthly)
            and self.formula.max_months is not None
            and self.within_months_of_start is not None
            and self.formula.max_months > self.within_months_of_start
        ):
            raise ValueError(
                "max_months 大于 within_months_of_start / max_months exceeds within_months_of_start"
            )
        if self.code in self.exclusive_with:
            raise ValueError("措施不能与自身互斥 / a measure cannot exclude itself")
        if len(set(self.conditions)) != len(self.conditions):
            raise ValueError("条件重复 / duplicate condition")
        return self

    @property
    def caps(self) -> tuple[Cap, ...]:
        """All caps: the primary (`cap` over `cap_scope`) first, then `further_caps`."""
        primary = () if self.cap is None else (Cap(amount=self.cap, scope=self.cap_scope),)
        return primary + self.further_caps

    def cap_for(self, scope: CapScope) -> Decimal | None:
        """The cap counted over ``scope``, or None when there is none."""
        for cap in self.caps:
            if cap.scope == scope:
                return cap.amount
        return None


class InvestmentMeasure(_Frozen):
    """A measure that invests (project funds, fund, guarantees): tracked, never a subsidy."""

    kind: Literal["investment"]
    code: Code
    name_zh: TextZh
    name_en: TextEn
    department: Code
    account: AccountComponent


Measure = Annotated[SubsidyMeasure | InvestmentMeasure, Field(discriminator="kind")]
"""A ``[[measures]]`` entry, chosen by ``kind``."""


# --- rates, conversion, tolerance, fund, rounding ---------------------------------------


class LprRow(_Frozen):
    """The 1-year LPR in force from ``from`` (inclusive) until the next row."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    from_date: StrictDate = Field(alias="from")
    rate: Rate


class Conversion(_Frozen):
    """``[conversion]``: defaults of 先投后股 contracts."""

    discount_default: Rate
    discount_max: Rate
    deadline_months: Count
    fallback: Literal["debt", "write-off"]
    max_buyback_tranches: Count
    default_buyback_method: Literal[
        "principal", "lpr-simple", "fixed-rate-simple", "fixed-price", "fair-value-floor"
    ]
    state_stake_cap: PositiveRate

    @model_validator(mode="after")
    def _discount(self) -> Self:
        if self.discount_default > self.discount_max:
            raise ValueError("默认折扣大于最大折扣 / discount_default exceeds discount_max")
        return self


class Tolerance(_Frozen):
    """``[tolerance]``: loss ratios tolerated (容错) per level."""

    single_project: Rate
    seed: Rate
    early: Rate
    fund: Rate


class FundTerms(_Frozen):
    """``[fund.terms]``: the partnership agreement's money terms (docs/fund.md).

    The policy names none of them: the defaults are no carry, allocation pro rata to paid-in
    capital and a management fee of ``management_fee_rate`` of the ``management_fee_basis`` a
    year. A waterfall is configured by ``preferred_return`` (simple, a year, on capital not yet
    returned), ``catch_up`` (the manager's share of distributions until it has ``carry`` of
    the profit distributed) and ``carry`` (carried interest to ``manager``).
    """

    management_fee_rate: Rate = Decimal("0.02")
    management_fee_basis: Literal["committed", "paid-in"] = "committed"
    allocation_basis: Literal["paid-in", "committed"] = "paid-in"
    preferred_return: Rate = Decimal(0)
    catch_up: Rate = Decimal(0)
    carry: Rate = Decimal(0)
    manager: Annotated[StrictStr, Field(pattern=r"^[A-Z0-9][A-Z0-9-]*$", max_length=40)] | None = (
        None
    )

    @model_validator(mode="after")
    def _waterfall(self) -> Self:
        if self.carry > 0 and self.manager is None:
            raise ValueError("有超额收益分成须指定管理人 / carry needs a manager")
        if self.catch_up and self.catch_up <= self.carry:
            raise ValueError("追补比例须大于分成比例 / catch_up must exceed carry (or be 0)")
        return self


class Fund(_Frozen):
    """``[fund]``: the science and technology fund, its limits, terms and the reward."""

    size: Money
    reward_rate: PositiveRate
    reward_cap_per_investee: Money
    reward_cap_per_investor_year: Money
    single_investee_cap: PositiveRate = Decimal("0.20")
    terms: FundTerms = FundTerms()


RoundingMode = Literal[
    "ROUND_HALF_UP",
    "ROUND_HALF_EVEN",
    "ROUND_HALF_DOWN",
    "ROUND_UP",
    "ROUND_DOWN",
    "ROUND_CEILING",
    "ROUND_FLOOR",
    "ROUND_05UP",
]
_ROUNDING_MODES: dict[str, str] = {
    "ROUND_HALF_UP": ROUND_HALF_UP,
    "ROUND_HALF_EVEN": ROUND_HALF_EVEN,
    "ROUND_HALF_DOWN": ROUND_HALF_DOWN,
    "ROUND_UP": ROUND_UP,
    "ROUND_DOWN": ROUND_DOWN,
    "ROUND_CEILING": ROUND_CEILING,
    "ROUND_FLOOR": ROUND_FLOOR,
    "ROUND_05UP": ROUND_05UP,
}


class Rounding(_Frozen):
    """``[rounding]``: the quantum and mode every computed amount is rounded with."""

    quantum: Money
    mode: RoundingMode

    def quantize(self, amount: Decimal) -> Decimal:
        """Round ``amount`` to the quantum with the configured mode."""
        return amount.quantize(self.quantum, rounding=_ROUNDING_MODES[self.mode])


class InterestConfig(_Frozen):
    """``[interest]``: the day count of simple interest (``ACT/365``: actual days / 365)."""

    day_count: Annotated[StrictStr, Field(pattern=r"^ACT/(360|365)$")]

    @property
    def year_days(self) -> int:
        """The denominator of the day count, read from the configured convention."""
        return int(self.day_count.split("/")[1])


# --- the whole policy -------------------------------------------------------------------


class Policy(_Frozen):
    """The whole policy data file."""

    policy: PolicyInfo
    departments: Annotated[tuple[Department, ...], Field(min_length=1)]
    conditions: tuple[Condition, ...] = ()
    measures: Annotated[tuple[Measure, ...], Field(min_length=1)]
    lpr: Annotated[tuple[LprRow, ...], Field(min_length=1)]
    conversion: Conversion
    tolerance: Tolerance
    fund: Fund
    rounding: Rounding
    interest: InterestConfig

    @model_validator(mode="after")
    def _cross_references(self) -> Self:
        _unique("部门代码 department code", [d.code for d in self.departments])
        _unique("部门名称 department name", [d.name_zh for d in self.departments])
        _unique("部门科目 department account", [d.account for d in self.departments])
        _unique("条件代码 condition code", [c.code for c in self.conditions])
        _unique("措施代码 measure code", [m.code for m in self.measures])
        _unique("措施科目 measure account", [m.account for m in self.measures])

        missing = [code for code in REQUIRED_MEASURES if code not in self._measure_index]
        if missing:
            raise ValueError(f"缺少措施 / missing measures: {', '.join(missing)}")
        for code in INVESTMENT_MEASURE_CODES:
            if not isinstance(self._measure_index[code], InvestmentMeasure):
                raise ValueError(f"{code} 必须是投资类 / {code} must be kind = 'investment'")
        for code in SUBSIDY_MEASURE_CODES:
            if not isinstance(self._measure_index[code], SubsidyMeasure):
                raise ValueError(f"{code} 必须是补贴类 / {code} must be kind = 'subsidy'")

        departments = {d.code for d in self.departments}
        conditions = {c.code for c in self.conditions}
        for measure in self.measures:
            if measure.department not in departments:
                raise ValueError(
                    f"{measure.code}: 未知部门 / unknown department {measure.department!r}"
                )
            if isinstance(measure, SubsidyMeasure):
                self._check_subsidy(measure, conditions)

        self._check_fund_reward()
        dates = [row.from_date for row in self.lpr]
        if any(a >= b for a, b in itertools.pairwise(dates)):
            raise ValueError(
                "LPR 日期必须严格递增 / LPR rows must be in strictly ascending date order"
            )
        return self

    def _check_subsidy(self, measure: SubsidyMeasure, conditions: set[str]) -> None:
        unknown = [c for c in measure.conditions if c not in conditions]
        if unknown:
            raise ValueError(f"{measure.code}: 未知条件 / unknown conditions: {', '.join(unknown)}")
        for other_code in measure.exclusive_with:
            other = self._measure_index.get(other_code)
            if not isinstance(other, SubsidyMeasure):
                raise ValueError(
                    f"{measure.code}: exclusive_with 指向未知补贴措施 / names an unknown "
                    f"subsidy measure {other_code!r}"
                )
            if measure.code not in other.exclusive_with:
                raise ValueError(
                    f"互斥必须双向 / exclusive_with must be mutual: {measure.code} ↔ {other_code}"
                )
        formula = measure.formula
        if isinstance(formula, Reference):
            target = self._measure_index.get(formula.measure)
            if not (isinstance(target, SubsidyMeasure) and isinstance(target.formula, ByTier)):
                raise ValueError(
                    f"{measure.code}: reference 必须指向 by-tier 措施 / reference must name a "
                    f"by-tier measure, not {formula.measure!r}"
                )
        if isinstance(formula, InterestFormula):
            for programme in formula.programmes:
                if programme not in self._measure_index:
                    raise ValueError(
                        f"{measure.code}: 未知项目类别 / unknown programme {programme!r} "
                        "(must be a measure code)"
                    )

    def _check_fund_reward(self) -> None:
        reward = self._measure_index[FUND_REWARD_CODE]
        assert isinstance(reward, SubsidyMeasure)  # checked by the caller
        formula = reward.formula
        consistent = (
            isinstance(formula, Percent)
            and formula.rate == self.fund.reward_rate
            and reward.cap_for(CapScope.subject) == self.fund.reward_cap_per_investee
            and reward.cap_for(CapScope.entity_year) == self.fund.reward_cap_per_investor_year
        )
        if not consistent:
            raise ValueError(
                "fund-reward 的比例与上限必须与 [fund] 一致 / fund-reward must be a 'percent' "
                "formula whose rate and caps (subject, entity-year) equal those of [fund]"
            )

    # --- look-ups -----------------------------------------------------------------------

    @property
    def _measure_index(self) -> dict[str, SubsidyMeasure | InvestmentMeasure]:
        return {m.code: m for m in self.measures}

    def measure(self, code: str) -> SubsidyMeasure | InvestmentMeasure:
        """The measure with this code; `PolicyLookupError` (a KeyError) when unknown."""
        for measure in self.measures:
            if measure.code == code:
                return measure
        raise PolicyLookupError(f"政策中没有措施 {code!r} / the policy has no measure {code!r}")

    def subsidy(self, code: str) -> SubsidyMeasure:
        """The subsidy measure with this code; `PolicyLookupError` when unknown or an investment."""
        measure = self.measure(code)
        if not isinstance(measure, SubsidyMeasure):
            raise PolicyLookupError(f"{code!r} 不是补贴措施 / {code!r} is not a subsidy measure")
        return measure

    @property
    def subsidy_measures(self) -> tuple[SubsidyMeasure, ...]:
        """The subsidy measures, in file order."""
        return tuple(m for m in self.measures if isinstance(m, SubsidyMeasure))

    @property
    def investment_measures(self) -> tuple[InvestmentMeasure, ...]:
        """The investment measures, in file order."""
        return tuple(m for m in self.measures if isinstance(m, InvestmentMeasure))

    def department(self, code_or_zh: str) -> Department:
        """The department with this code (``sci-tech``) or Chinese name (``市科技局``)."""
        for department in self.departments:
            if code_or_zh in (department.code, department.name_zh):
                return department
        raise PolicyLookupError(
            f"政策中没有部门 {code_or_zh!r} / the policy has no department {code_or_zh!r}"
        )

    def condition(self, code: str) -> Condition:
        """The condition with this code; `PolicyLookupError` when unknown."""
        for condition in self.conditions:
            if condition.code == code:
                return condition
        raise PolicyLookupError(f"政策中没有条件 {code!r} / the policy has no condition {code!r}")

    def lpr_on(self, d: date) -> Decimal:
        """The 1-year LPR in force on ``d``; `PolicyLookupError` before the first row."""
        dates = [row.from_date for row in self.lpr]
        index = bisect.bisect_right(dates, d) - 1
        if index < 0:
            raise PolicyLookupError(
                f"{d} 早于第一条 LPR 记录 {dates[0]} / no LPR in force on {d}: the first row "
                f"starts on {dates[0]}"
            )
        return self.lpr[index].rate

    def quantize(self, amount: Decimal) -> Decimal:
        """Round ``amount`` with the ``[rounding]`` quantum and mode."""
        return self.rounding.quantize(amount)

    # --- [policy] shortcuts -------------------------------------------------------------

    @property
    def effective_date(self) -> date:
        """The date the policy takes effect."""
        return self.policy.effective_date

    @property
    def window_end(self) -> date:
        """First day after the validity window (exclusive)."""
        return self.policy.window_end

    def in_window(self, d: date) -> bool:
        """Whether ``d`` lies in the validity window."""
        return self.policy.in_window(d)


def _unique(what: str, values: list[str]) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"{what} 重复 / duplicate {what.split(' ', 1)[-1]}: {value!r}")
        seen.add(value)
