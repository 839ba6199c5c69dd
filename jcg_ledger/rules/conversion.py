"""Rule ``conversion`` — 先投后股: approve, disburse within the approval, convert once, on time.

A project is approved once per investee; disbursements never exceed the approved amount nor
the entrusted cash the platform holds; the project funds convert once, into equity (units at
the round price less a discount no larger than the policy's ``discount_max``) or into debt;
a project still unconverted after its deadline (the agreed date, or ``deadline_months`` after
the first disbursement) is flagged (``conversion-overdue``, a warning), and converting it after the
deadline is refused (``conversion-deadline``) unless the event carries an approved
``override`` (reason, ``doc_no``). A conversion to equity states the company's total units
after the round (``total_units``); the platform's stake may not exceed the policy's
``state_stake_cap`` without an override (``stake-cap``)::

    2025-05-01 custom "jcg-project" "P1"
      entity: "ACME"
      amount: 1000000.00
    2025-06-01 * "项目资金拨付"
      type: "project.disburse"
      project: "P1"
      Assets:PreConversion:ACME   1200000.00 CNY   ; refused: above the approved 1,000,000
      Assets:Bank:Platform       -1200000.00 CNY
    2026-01-10 * "转股"  ; a second project.convert of P1 is refused: converted twice
    2026-01-10 * "转股"  ; 150,000 units of total_units 500,000 = 30% > 25%: refused (stake-cap)
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from jcg_ledger.policy import Policy
from jcg_ledger.violation import Violation, warning

if TYPE_CHECKING:
    from jcg_ledger.state.projects import Project, ProjectState

RULE = "conversion"
RULE_UNKNOWN = "project-unknown"
RULE_DEADLINE = "conversion-overdue"
RULE_LATE = "conversion-deadline"
RULE_STAKE = "stake-cap"


def unknown_project(code: str) -> Violation:
    return Violation(RULE_UNKNOWN, f"未立项的项目 {code} / unknown project {code!r}")


def check_new_project(state: ProjectState, code: str, entity: str) -> Violation | None:
    """A project code is approved once; one project per investee (one stake account each)."""
    if code in state.projects:
        return Violation(RULE, f"项目 {code} 已立项 / project {code} is already approved")
    other = state.by_entity.get(entity)
    if other is not None and not state.projects[other].closed:
        return Violation(
            RULE,
            f"主体 {entity} 已有在投项目 {other},每个被投企业一个项目 / entity {entity} already "
            f"has the live project {other}; one project per investee",
        )
    return None


def check_disbursement(
    project: Project, amount: Decimal, on: date, available: Decimal
) -> Violation | None:
    """Disbursements stay within the approved amount and the entrusted cash, before conversion."""
    code = project.code
    if project.converted or project.written_off_on:
        return Violation(
            RULE,
            f"项目 {code} 已{'核销' if project.written_off_on else '转换'},不得再拨付 / project "
            f"{code} is {'written off' if project.written_off_on else 'converted'}: no more "
            "disbursements",
        )
    if on < project.approved:
        return Violation(
            RULE,
            f"项目 {code} 拨付日 {on} 早于立项日 {project.approved} / disbursed before approval",
        )
    total = project.disbursed + amount
    if total > project.amount:
        return Violation(
            RULE,
            f"项目 {code} 累计拨付 {total} 超过立项金额 {project.amount} / project {code}: "
            f"disbursements {total} exceed the approved {project.amount}",
        )
    if amount > available:
        return Violation(
            RULE,
            f"项目 {code} 拨付 {amount} 超过可用委托资金 {available} / project {code}: "
            f"disbursement {amount} exceeds the entrusted cash available {available}",
        )
    return None


def check_convert(project: Project, on: date) -> Violation | None:
    """Convert once, after a disbursement, not after a write-off."""
    code = project.code
    if project.converted:
        return Violation(
            RULE,
            f"项目 {code} 已于 {project.converted_on} 转换,不得重复转换 / project {code} was "
            f"already converted on {project.converted_on}: converting twice",
        )
    if project.written_off_on:
        return Violation(RULE, f"项目 {code} 已核销 / project {code} is written off")
    if project.pre_balance <= 0:
        return Violation(
            RULE, f"项目 {code} 尚无待转股资金 / project {code} has no disbursed funds to convert"
        )
    first = project.first_disbursed
    if first is not None and on < first:
        return Violation(RULE, f"项目 {code} 转换日早于首次拨付 / converted before disbursing")
    return None


def check_discount(policy: Policy, project: Project, discount: Decimal) -> Violation | None:
    """The discount to the round price lies within ``[0, conversion.discount_max]``."""
    limit = policy.conversion.discount_max
    if Decimal(0) <= discount <= limit:
        return None
    return Violation(
        RULE,
        f"项目 {project.code} 转股折扣 {discount} 超过政策上限 {limit} / project "
        f"{project.code}: discount {discount} above the policy maximum {limit}",
    )


def discount_for(policy: Policy, project: Project, given: Decimal | None) -> Decimal:
    """The event's discount, else the one agreed at approval, else the policy default."""
    if given is not None:
        return given
    if project.discount_term is not None:
        return project.discount_term
    return policy.conversion.discount_default


def deadline_passed(policy: Policy, project: Project, on: date) -> Violation:
    """The flag of a project unconverted after its deadline (a warning: facts, not errors)."""
    deadline = project.deadline(policy)
    fallback = project.fallback or policy.conversion.fallback
    return warning(
        RULE_DEADLINE,
        f"项目 {project.code} 未在转股截止日 {deadline} 前转换,按约定应转债或核销({fallback})/ "
        f"project {project.code} not converted by its deadline {deadline} (as of {on}); "
        f"fallback: {fallback}",
    )


def check_deadline(
    policy: Policy, project: Project, on: date, doc_no: str | None
) -> Violation | None:
    """A conversion after the deadline needs an approved override (its ``doc_no``)."""
    deadline = project.deadline(policy)
    if deadline is None or on <= deadline or doc_no:
        return None
    return Violation(
        RULE_LATE,
        f"项目 {project.code} 转股截止日 {deadline} 已过({on}),须有特批(override:理由、批准文号)/ "
        f"project {project.code}: converted on {on}, after its deadline {deadline}; an approved "
        "override (reason, doc_no) is required",
    )


def check_stake(
    policy: Policy,
    project: Project,
    units: Decimal,
    total_units: Decimal | None,
    doc_no: str | None,
) -> Violation | None:
    """The platform's stake (units / the company's total units) within ``state_stake_cap``."""
    code = project.code
    if total_units is None or total_units <= 0 or units > total_units:
        return Violation(
            RULE_STAKE,
            f"项目 {code} 转股须给出轮后总股数 total_units(不少于转股股数 {units})/ project {code}: "
            f"the company's total units after the round (total_units, at least {units}) are "
            "required",
        )
    cap = policy.conversion.state_stake_cap
    stake = units / total_units
    if stake <= cap or doc_no:
        return None
    return Violation(
        RULE_STAKE,
        f"项目 {code} 国有股权比例 {stake:.4f}({units}/{total_units})超过上限 {cap},须有特批"
        f"(override)/ project {code}: state stake {stake:.4f} ({units} of {total_units}) above "
        f"the cap {cap}; an approved override (reason, doc_no) is required",
    )


def check_convert_amounts(
    project: Project,
    converted: Decimal,
    principal: Decimal | None,
    units: Decimal,
    maturity: date | None,
    on: date,
) -> Violation | None:
    """A conversion takes all the funds disbursed and unconverted: into positive units of
    equity, or into debt of that principal maturing after the conversion."""
    code = project.code
    cost = project.pre_balance
    if principal is not None:
        if principal != cost or converted != cost:
            return Violation(
                RULE,
                f"项目 {code} 转债本金 {principal} 须等于待转股资金 {cost} / principal must "
                f"equal the funds disbursed and unconverted ({cost})",
                field="principal",
            )
        if maturity is not None and maturity <= on:
            return Violation(
                RULE,
                f"项目 {code} 到期日须晚于转债日 maturity must follow the conversion",
                field="maturity",
            )
        return None
    if units <= 0:
        return Violation(RULE, f"项目 {code} 转股股数须为正 units must be positive", field="units")
    if converted != cost:
        return Violation(
            RULE,
            f"项目 {code} 转股成本 {converted} 须等于待转股资金 {cost} / the conversion must "
            f"take all the funds disbursed and unconverted ({cost})",
            field="units",
        )
    return None
