"""Fund events: the 科技创新专项基金's capital, portfolio, distributions, fees and rewards."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, ClassVar, Literal

from pydantic import Field

from jcg_ledger.events.base import (
    BookDate,
    Code,
    EntityCode,
    Event,
    Money,
    Percent,
    Quantity,
    Text,
)
from jcg_ledger.rules.fund_fee import PERIOD_PATTERN


class InvestorClass(StrEnum):
    government = "government"
    social = "social"


class Stage(StrEnum):
    seed = "seed"
    early = "early"
    growth = "growth"


class FundCommit(Event):
    """基金认缴 An investor commits capital."""

    books: ClassVar[tuple[str, ...]] = ("fund", "city")
    title_zh: ClassVar[str] = "基金认缴"
    type: Literal["fund.commit"]
    investor: EntityCode
    amount: Money
    # `class` is a Python keyword: the JSON field is "class", the attribute `investor_class`.
    investor_class: InvestorClass = Field(alias="class")


class FundCall(Event):
    """基金缴款通知 Call a percentage of commitments."""

    books: ClassVar[tuple[str, ...]] = ("fund",)
    title_zh: ClassVar[str] = "缴款通知"
    type: Literal["fund.call"]
    call: Code
    percent: Percent
    due: BookDate


class FundContribute(Event):
    """基金实缴 An investor pays (part of) a call."""

    books: ClassVar[tuple[str, ...]] = ("fund", "city")
    title_zh: ClassVar[str] = "基金实缴"
    type: Literal["fund.contribute"]
    investor: EntityCode
    call: Code
    amount: Money


class FundInvest(Event):
    """基金投资 The fund invests in an investee."""

    books: ClassVar[tuple[str, ...]] = ("fund",)
    title_zh: ClassVar[str] = "基金投资"
    type: Literal["fund.invest"]
    entity: EntityCode
    amount: Money
    units: Quantity
    stage: Stage


class FundMark(Event):
    """基金估值 Mark an investee to fair value."""

    books: ClassVar[tuple[str, ...]] = ("fund",)
    title_zh: ClassVar[str] = "基金估值"
    type: Literal["fund.mark"]
    entity: EntityCode
    price: Money


class FundExit(Event):
    """基金退出 Exit (part of) an investment."""

    books: ClassVar[tuple[str, ...]] = ("fund",)
    title_zh: ClassVar[str] = "基金退出"
    type: Literal["fund.exit"]
    entity: EntityCode
    units: Quantity
    amount: Money


class FundWriteoff(Event):
    """基金核销 Write off an investment under the tolerance rule."""

    books: ClassVar[tuple[str, ...]] = ("fund",)
    title_zh: ClassVar[str] = "基金核销"
    type: Literal["fund.writeoff"]
    entity: EntityCode
    reason: Text


class FundDistribute(Event):
    """基金分配 Distribute cash pro rata to paid-in capital."""

    books: ClassVar[tuple[str, ...]] = ("fund", "city")
    title_zh: ClassVar[str] = "基金分配"
    type: Literal["fund.distribute"]
    amount: Money


class FundFee(Event):
    """管理费 Pay the manager's fee for a period: ``YYYY``, ``YYYY-H1``, ``YYYY-Q3``, ``YYYY-07``."""

    books: ClassVar[tuple[str, ...]] = ("fund",)
    title_zh: ClassVar[str] = "管理费"
    type: Literal["fund.fee"]
    amount: Money
    period: Annotated[str, Field(pattern=PERIOD_PATTERN)]


class FundReward(Event):
    """社会资本投资奖励 Reward a social investor for an investment (amount from the policy)."""

    books: ClassVar[tuple[str, ...]] = ("city",)
    title_zh: ClassVar[str] = "社会资本投资奖励"
    type: Literal["fund.reward"]
    investor: EntityCode
    entity: EntityCode
