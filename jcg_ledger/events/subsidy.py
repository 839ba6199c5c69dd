"""Subsidy events: approve an award under a measure, pay it, claw it back."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from jcg_ledger.events.base import Code, EntityCode, Event, EventId, Label, Money, PersonCode, Text


class SubsidyApprove(Event):
    """补贴核定 Approve an award; the amount defaults to the computed entitlement."""

    books: ClassVar[tuple[str, ...]] = ("city",)
    title_zh: ClassVar[str] = "补贴核定"
    type: Literal["subsidy.approve"]
    entity: EntityCode
    measure: Code
    subject: Text = Field(description="支持对象 the thing supported (platform, person, contract…)")
    amount: Money | None = None
    base: Money | None = Field(default=None, description="计算基数 basis amount")
    base_kind: Label | None = Field(default=None, description="基数类型 basis kind")
    level: Label | None = Field(default=None, description="等级 level/stage/tier")
    person: PersonCode | None = None
    months: int | None = Field(default=None, ge=1, le=60)
    other_policy_amount: Money | None = Field(default=None, description="其他政策已获支持")
    other_cap: Money | None = Field(default=None, description="省补助标准等外部上限")
    newly_approved: bool | None = None
    programme: Label | None = Field(default=None)
    principal: Money | None = Field(default=None, description="贷款本金 loan principal (贴息)")


class SubsidyPay(Event):
    """补贴拨付 Pay (part of) an approved award."""

    books: ClassVar[tuple[str, ...]] = ("city",)
    title_zh: ClassVar[str] = "补贴拨付"
    type: Literal["subsidy.pay"]
    approval: EventId
    amount: Money | None = None


class SubsidyClawback(Event):
    """补贴追回 Recover (part of) an award."""

    books: ClassVar[tuple[str, ...]] = ("city",)
    title_zh: ClassVar[str] = "补贴追回"
    type: Literal["subsidy.clawback"]
    approval: EventId
    amount: Money
    reason: Text


class SubsidyRefund(Event):
    """补贴退回 The recipient pays back what a clawback made receivable (cash in)."""

    books: ClassVar[tuple[str, ...]] = ("city",)
    title_zh: ClassVar[str] = "补贴退回"
    type: Literal["subsidy.refund"]
    approval: EventId
    amount: Money | None = Field(default=None, description="默认:全部应收追回 default: all due")
