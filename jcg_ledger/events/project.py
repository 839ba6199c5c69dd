"""先投后股 events: projects, conversion, buybacks, exits, debt, write-offs, remittances."""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from jcg_ledger.events.base import (
    BookDate,
    Code,
    EntityCode,
    Event,
    Label,
    Money,
    Quantity,
    Rate,
    Text,
)


class Override(BaseModel):
    """特批 An approved exception to a rule: why, and the number of the approval document."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    reason: Text
    doc_no: Label


class Concession(BaseModel):
    """让利 An approved reduction of a price due: how much, why, and the approval's number."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    amount: Money
    reason: Text
    doc_no: Label


class ProjectTerms(BaseModel):
    """约定条款 Terms agreed at approval."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    conversion_deadline: BookDate | None = None
    discount: Rate | None = None
    fallback: Literal["debt", "writeoff"] | None = None


class ProjectApprove(Event):
    """项目立项 Approve a conversion project (先投后股)."""

    books: ClassVar[tuple[str, ...]] = ("city", "platform")
    title_zh: ClassVar[str] = "项目立项"
    type: Literal["project.approve"]
    project: Code
    entity: EntityCode
    amount: Money
    terms: ProjectTerms | None = None


class ProjectFund(Event):
    """委托资金拨付 The city entrusts money to the platform."""

    books: ClassVar[tuple[str, ...]] = ("city", "platform")
    title_zh: ClassVar[str] = "委托资金拨付"
    type: Literal["project.fund"]
    amount: Money
    project: Code | None = None


class ProjectDisburse(Event):
    """项目资金拨付 The platform pays project funds to the company."""

    books: ClassVar[tuple[str, ...]] = ("platform",)
    title_zh: ClassVar[str] = "项目资金拨付"
    type: Literal["project.disburse"]
    project: Code
    amount: Money


class ConvertTo(StrEnum):
    equity = "equity"
    debt = "debt"


class DebtMethod(StrEnum):
    bullet = "bullet"
    equal_principal = "equal-principal"
    annuity = "annuity"


class ProjectConvert(Event):
    """转股/转债 Convert the project funds into equity or debt."""

    books: ClassVar[tuple[str, ...]] = ("platform", "city")
    title_zh: ClassVar[str] = "转股转债"
    type: Literal["project.convert"]
    project: Code
    to: ConvertTo
    units: Quantity | None = None
    round_price: Money | None = None
    discount: Rate | None = None
    principal: Money | None = None
    rate: Rate | None = None
    maturity: BookDate | None = None
    method: DebtMethod | None = None
    frequency: Literal["monthly", "quarterly", "semiannual", "annual"] | None = None
    # Equity: the company's total units (registered capital) after the round, for the
    # state-stake cap.
    total_units: Quantity | None = None
    # A conversion after the deadline, or above the stake cap, needs an approved override.
    override: Override | None = None

    @model_validator(mode="after")
    def _fields_for_target(self) -> ProjectConvert:
        if self.to is ConvertTo.equity:
            if self.units is None and self.round_price is None:
                raise ValueError(
                    "转股须给出 units 或 round_price equity needs units or round_price"
                )
            if self.total_units is None:
                raise ValueError(
                    "转股须给出轮后总股数 total_units equity needs the company's total units "
                    "after the round (state-stake cap)"
                )
        elif self.rate is None or self.maturity is None or self.method is None:
            raise ValueError("转债须给出 rate, maturity, method debt needs rate, maturity, method")
        return self


class PriceMethod(StrEnum):
    principal = "principal"
    lpr_simple = "lpr-simple"
    fixed_rate_simple = "fixed-rate-simple"
    fixed_price = "fixed-price"
    fair_value_floor = "fair-value-floor"


class Tranche(BaseModel):
    """回购分期 One tranche of a buyback schedule."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    due: BookDate
    fraction: Rate | None = None
    units: Quantity | None = None
    method: PriceMethod = PriceMethod.lpr_simple
    rate: Rate | None = None
    price: Money | None = None
    concession: Rate | None = None

    @model_validator(mode="after")
    def _size(self) -> Tranche:
        if (self.fraction is None) == (self.units is None):
            raise ValueError("每期须且只能给出 fraction 或 units give fraction or units")
        return self


class BuybackAgree(Event):
    """回购协议 Agree a buyback schedule with the founding team."""

    books: ClassVar[tuple[str, ...]] = ("platform",)
    title_zh: ClassVar[str] = "回购协议"
    type: Literal["buyback.agree"]
    project: Code
    obligor: EntityCode
    tranches: list[Tranche] = Field(min_length=1, max_length=12)


class BuybackSettle(Event):
    """回购结算 Settle (part of) a buyback tranche."""

    books: ClassVar[tuple[str, ...]] = ("platform", "city")
    title_zh: ClassVar[str] = "回购结算"
    type: Literal["buyback.settle"]
    project: Code
    tranche: int = Field(ge=1, le=12)
    amount: Money
    units: Quantity | None = None
    # Less than the price due only with an approved concession (the city's loss, 让利);
    # more only with the excess declared as late interest agreed in the buyback.
    concession: Concession | None = None
    late_interest: Money | None = None


class BuybackDue(Event):
    """回购到期 A tranche falls due unpaid: its price becomes a receivable (`jcg close`)."""

    books: ClassVar[tuple[str, ...]] = ("platform", "city")
    title_zh: ClassVar[str] = "回购到期"
    type: Literal["buyback.due"]
    project: Code
    tranche: int = Field(ge=1, le=12)


class EquityMark(Event):
    """股权估值 Mark the stake to fair value (price per unit)."""

    books: ClassVar[tuple[str, ...]] = ("platform", "city")
    title_zh: ClassVar[str] = "股权估值"
    type: Literal["equity.mark"]
    project: Code
    price: Money


class ExitMethod(StrEnum):
    transfer = "transfer"
    ipo = "ipo"
    m_and_a = "m-and-a"
    liquidation = "liquidation"


class EquityExit(Event):
    """股权退出 Exit (part of) the stake."""

    books: ClassVar[tuple[str, ...]] = ("platform", "city")
    title_zh: ClassVar[str] = "股权退出"
    type: Literal["equity.exit"]
    project: Code
    units: Quantity
    amount: Money
    method: ExitMethod
    # A sale below the stake's carrying value (its latest fair value) needs an approval.
    override: Override | None = None


class DebtAccrue(Event):
    """计提利息 Accrue interest on a debt claim through a date."""

    books: ClassVar[tuple[str, ...]] = ("platform", "city")
    title_zh: ClassVar[str] = "计提利息"
    type: Literal["debt.accrue"]
    project: Code
    through: BookDate


class DebtRepay(Event):
    """债权回收 The company repays principal and interest."""

    books: ClassVar[tuple[str, ...]] = ("platform", "city")
    title_zh: ClassVar[str] = "债权回收"
    type: Literal["debt.repay"]
    project: Code
    principal: Money | None = None
    interest: Money | None = None


class InvestmentWriteoff(Event):
    """容错核销 Write off a project under the tolerance rule."""

    books: ClassVar[tuple[str, ...]] = ("platform", "city")
    title_zh: ClassVar[str] = "容错核销"
    type: Literal["investment.writeoff"]
    project: Code
    reason: Text
    amount: Money | None = None


class ProceedsRemit(Event):
    """收益上缴 The platform remits proceeds to the city."""

    books: ClassVar[tuple[str, ...]] = ("platform", "city")
    title_zh: ClassVar[str] = "收益上缴"
    type: Literal["proceeds.remit"]
    amount: Money
    project: Code | None = None
    # The part that returns capital recovered; the rest is income realised (gains, interest).
    # Both reduce the platform's liability to the city (the income was recognised when
    # realised); each is bounded by what was realised and not yet remitted. Default: none,
    # all income.
    principal: Money | None = None
