"""Subsidy events: approve, pay, claw back (city book). See ``docs/subsidies.md``.

    2025-03-01 * "补贴核定 platform-provincial 省级科技创新平台 — JC-LAB 光电实验室"
      event: "a1"
      type: "subsidy.approve"
      entity: "JC-LAB"
      measure: "platform-provincial"
      department: "sci-tech"
      subject: "光电实验室"
      approval: "a1"
      entitlement: 500000.00
      newly_approved: TRUE
      Expenses:Subsidy:PlatformProvincial   500000.00 CNY
      Liabilities:Payable:Subsidy          -500000.00 CNY

Approve: Dr ``Expenses:Subsidy:<Measure>`` / Cr ``Liabilities:Payable:Subsidy`` — the expense
is recognised when the award is decided (权责发生), and the payable shows what is owed.
Pay: Dr ``Liabilities:Payable:Subsidy`` / Cr ``Assets:Bank:SpecialFund``, and in the same
transaction its budgetary twin Dr ``Equity:Budget:Expenditure:Administrative:<Measure>`` (7101
行政支出) / Cr ``Equity:Budget:FundBalance`` (8001 资金结存); refused when the special fund or
the appropriation line cannot bear it (`render.budgetary.outflow`).
Clawback: Dr ``Liabilities:Payable:Subsidy`` (the unpaid part, cancelled) and
``Assets:Receivable:Clawback`` (the paid part, to be repaid) / Cr the measure's expense when
the award was approved in the clawback's year (a current-year recovery reduces the expense),
else Cr ``Equity:PriorYear`` (3501 以前年度盈余调整: the expense of a closed year is not
touched). No budgetary entry: no cash moves until the money is refunded (``subsidy.refund``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from jcg_ledger.events.subsidy import SubsidyApprove, SubsidyClawback, SubsidyPay, SubsidyRefund
from jcg_ledger.render import budgetary
from jcg_ledger.render.base import Context, Posting, Refusal, Registry, Renderer
from jcg_ledger.rules import payments
from jcg_ledger.rules.award import Assessment, Award, AwardFact, assess, label
from jcg_ledger.state.base import Violation
from jcg_ledger.state.budget import FUND_BALANCE
from jcg_ledger.state.subsidies import BANK, PAYABLE, PRIOR_YEAR, RECEIVABLE

BOOK = "city"


def _fact(event: SubsidyApprove) -> AwardFact:
    return AwardFact(
        event=event.id,
        date=event.date,
        entity=event.entity,
        measure=event.measure,
        subject=event.subject,
        amount=event.amount,
        base=event.base,
        base_kind=event.base_kind,
        level=event.level,
        person=event.person,
        months=event.months,
        other_policy_amount=event.other_policy_amount,
        other_cap=event.other_cap,
        newly_approved=event.newly_approved,
        programme=event.programme,
        principal=event.principal,
    )


def render_approve(event: SubsidyApprove, ctx: Context) -> None:
    fact = _fact(event)
    state = ctx.state.subsidies
    outcome = assess(ctx.policy, ctx.state.core, state.relevant(fact), fact)
    if not isinstance(outcome, Assessment):
        raise Refusal.of(outcome.field, outcome.violation)
    policy = ctx.policy
    # Default: the entitlement, cut to the top-up and to what every cap leaves.
    amount = policy.quantize(event.amount if event.amount is not None else outcome.limit)
    refused = outcome.check_amount(amount)
    if refused is not None:
        raise Refusal.of(refused.field, refused.violation)
    measure = outcome.measure
    expense = f"Expenses:Subsidy:{measure.account}"
    ctx.transaction(
        BOOK,
        f"补贴核定 {label(measure)} — {event.entity} {event.subject}",
        [Posting(expense, amount), Posting(PAYABLE, -amount)],
        entity=event.entity,
        measure=measure.code,
        department=measure.department,
        subject=event.subject,
        approval=event.id,
        entitlement=outcome.entitlement,
        **fact.basis(),
    )


def _award(ctx: Context, approval: str) -> Award:
    found = payments.find_approval(ctx.state.subsidies.awards, approval)
    if isinstance(found, Violation):
        raise Refusal.of("approval", found)
    early = payments.check_after_approval(found, ctx.event.date)
    if early is not None:
        raise Refusal.of("date", early)
    return found


def _award_meta(award: Award) -> dict[str, Any]:
    fact = award.fact
    return {
        "entity": fact.entity,
        "measure": fact.measure,
        "department": award.department,
        "subject": fact.subject,
        "person": fact.person,
        "approval": fact.event,
    }


def render_pay(event: SubsidyPay, ctx: Context) -> None:
    award = _award(ctx, event.approval)
    amount = award.outstanding if event.amount is None else event.amount
    if award.outstanding <= 0 and event.amount is None:
        raise Refusal.of(
            "approval",
            Violation(
                payments.OUTSTANDING,
                f"核定 {award.fact.event} 已无未付余额 / nothing is outstanding on "
                f"{award.fact.event}",
            ),
        )
    broken = payments.check_pay(award, amount)
    if broken is not None:
        raise Refusal.of("amount", broken)
    twin = budgetary.outflow(ctx, award.fact.measure, amount, f"补贴拨付 {award.fact.event}")
    ctx.transaction(
        BOOK,
        f"补贴拨付 {award.fact.measure} — {award.fact.entity} {award.fact.subject}",
        [Posting(PAYABLE, amount), Posting(BANK, -amount), *twin],
        links=(award.fact.event,),
        **_award_meta(award),
    )


def clawback_account(ctx: Context, award: Award) -> str:
    """The expense a current-year clawback reduces: the award's measure's."""
    return f"Expenses:Subsidy:{ctx.policy.subsidy(award.fact.measure).account}"


def render_clawback(event: SubsidyClawback, ctx: Context) -> None:
    award = _award(ctx, event.approval)
    broken = payments.check_clawback(award, event.amount)
    if broken is not None:
        raise Refusal.of("amount", broken)
    cancel, receivable = payments.split_clawback(award, event.amount)
    current = event.date.year == award.fact.date.year
    credit = clawback_account(ctx, award) if current else PRIOR_YEAR
    postings = [
        *([Posting(PAYABLE, cancel)] if cancel > Decimal(0) else []),
        *([Posting(RECEIVABLE, receivable)] if receivable > Decimal(0) else []),
        Posting(credit, -event.amount),
    ]
    ctx.transaction(
        BOOK,
        f"补贴追回 {award.fact.measure} — {award.fact.entity} {award.fact.subject}:{event.reason}",
        postings,
        links=(award.fact.event,),
        reason=event.reason,
        **_award_meta(award),
    )


def render_refund(event: SubsidyRefund, ctx: Context) -> None:
    award = _award(ctx, event.approval)
    receivable = ctx.state.subsidies.receivable(award)
    amount = receivable if event.amount is None else event.amount
    broken = payments.check_refund(award, receivable, amount)
    if broken is not None:
        raise Refusal.of("amount", broken)
    twin = budgetary.subsidy_refunded(ctx, award.fact.measure, award.fact.event, amount)
    ctx.transaction(
        BOOK,
        f"补贴退回 {award.fact.measure} — {award.fact.entity} {award.fact.subject}",
        [Posting(BANK, amount), Posting(RECEIVABLE, -amount), *twin],
        links=(award.fact.event,),
        **_award_meta(award),
    )


REGISTRY: Registry = {
    "subsidy.approve": Renderer[Any](
        "subsidy.approve",
        render_approve,
        "补贴核定:借记业务活动费用—补贴(按措施),贷记应付补贴款。金额按政策文件计算,"
        "受上限、就高不重复、条件、有效期约束。"
        " Debits the measure's subsidy expense, credits subsidies payable; the amount is"
        " computed from the policy file and bounded by caps, highest-not-cumulative,"
        " conditions and the window.",
        (("city", "Expenses:Subsidy:<Measure>", PAYABLE),),
    ),
    "subsidy.pay": Renderer[Any](
        "subsidy.pay",
        render_pay,
        "补贴拨付:借记应付补贴款,贷记专项资金专户;同一笔分录平行记账:借记行政支出(按措施),"
        "贷记资金结存。不超过未付余额、专户余额和预算指标余额。"
        " Debits subsidies payable, credits the special-fund bank account; in the same"
        " transaction the budgetary twin debits administrative expenditure (by measure) and"
        " credits the fund balance. Never above what is outstanding, the cash or the"
        " appropriation line.",
        (
            ("city", PAYABLE, BANK),
            ("city", "Equity:Budget:Expenditure:Administrative:<Measure>", FUND_BALANCE),
        ),
    ),
    "subsidy.clawback": Renderer[Any](
        "subsidy.clawback",
        render_clawback,
        "补贴追回:未付部分借记应付补贴款(注销),已付部分借记应收追回补贴;本年核定的贷记"
        "业务活动费用—补贴(冲减费用),以前年度核定的贷记以前年度盈余调整。不动用现金,无预算分录。"
        " The unpaid part cancels the payable, the paid part becomes a receivable; an award"
        " of the same year is credited back to its expense, one of an earlier year to"
        " prior-year surplus adjustment (3501). No cash, no budgetary entry.",
        (
            (BOOK, PAYABLE, "Expenses:Subsidy:<Measure>"),
            (BOOK, RECEIVABLE, "Expenses:Subsidy:<Measure>"),
            (BOOK, RECEIVABLE, PRIOR_YEAR),
        ),
    ),
    "subsidy.refund": Renderer[Any](
        "subsidy.refund",
        render_refund,
        "补贴退回:借记专项资金专户,贷记应收追回补贴;平行记账:借记资金结存,本年拨付的贷记"
        "行政支出(冲减),以前年度拨付的贷记财政拨款结转(年初余额调整)。不超过应收追回余额。"
        " Debits the bank, credits the clawback receivable; the budgetary twin debits the"
        " fund balance and credits administrative expenditure for what was paid this year,"
        " carry-over (prior-year adjustment) for the rest. Never above what is receivable.",
        (
            (BOOK, BANK, RECEIVABLE),
            (BOOK, FUND_BALANCE, "Equity:Budget:Expenditure:Administrative:<Measure>"),
            (BOOK, FUND_BALANCE, "Equity:Budget:Carryover"),
        ),
    ),
}
