"""Rule ``fund-capital`` — the fund's capital moves only as commitments and calls allow.

认缴 → 缴款通知 → 实缴: a call cannot ask for more than is still uncalled, an investor pays
only what was called and is unpaid, and the fund spends (invests, pays fees, distributes) only
the cash it holds and sells only the units it holds. On a small fund book::

    2025-02-01 custom "jcg-commitment" "GOV-JCIG" "government" 20000000.00 CNY
    2025-03-01 * "缴款通知 C1"                     ; 40% called: 8,000,000
      call: "C1"
      Assets:Receivable:Call:GOV-JCIG    8000000.00 CNY
      Equity:Called:GOV-JCIG            -8000000.00 CNY
    2025-03-10 * "实缴 C1"                         ; refused: 9,000,000 > 8,000,000 unpaid
      call: "C1"
      Assets:Bank:Fund                   9000000.00 CNY
      Assets:Receivable:Call:GOV-JCIG   -9000000.00 CNY
      ...

Codes: ``fund-call`` (above the uncalled commitment), ``fund-investor`` (no commitment),
``fund-contribution`` (above the call's unpaid part), ``fund-cash`` (beyond the fund's cash),
``fund-units`` (more units than held), ``fund-size`` (commitments above the fund's size).
"""

from __future__ import annotations

from decimal import Decimal

from jcg_ledger.violation import Violation

CALL = "fund-call"
INVESTOR = "fund-investor"
CONTRIBUTION = "fund-contribution"
CASH = "fund-cash"
UNITS = "fund-units"
SIZE = "fund-size"


def check_size(size: Decimal, committed: Decimal, amount: Decimal) -> Violation | None:
    """Total commitments stay within the fund's size (policy ``[fund] size``)."""
    if committed + amount <= size:
        return None
    return Violation(
        SIZE,
        f"认缴总额 {committed + amount} 超过基金规模 {size} "
        f"commitments {committed + amount} exceed the fund's size {size}",
    )


def check_investor(known: bool, investor: str) -> Violation | None:
    """Only an investor with a commitment is called, pays in or is rewarded."""
    if known:
        return None
    return Violation(
        INVESTOR, f"未认缴的出资人 {investor} unknown investor {investor}: no commitment"
    )


def check_call(investor: str, uncalled: Decimal, amount: Decimal) -> Violation | None:
    """A call asks at most the part of the commitment not yet called."""
    if amount <= uncalled:
        return None
    return Violation(
        CALL,
        f"{investor} 缴款通知 {amount} 超过未催缴认缴额 {uncalled} "
        f"call of {amount} exceeds the uncalled commitment {uncalled}",
    )


def check_contribution(
    investor: str, call: str | None, unpaid: Decimal, amount: Decimal
) -> Violation | None:
    """An investor pays at most what was called and is still unpaid (on that call)."""
    if amount <= unpaid:
        return None
    which = f"缴款通知 {call} " if call else ""
    return Violation(
        CONTRIBUTION,
        f"{investor} 实缴 {amount} 超过{which}已催缴未缴金额 {unpaid} "
        f"contribution {amount} exceeds the called and unpaid {unpaid}",
    )


def check_cash(cash: Decimal, amount: Decimal, what: str) -> Violation | None:
    """The fund pays out no more than the cash it holds."""
    if amount <= cash:
        return None
    return Violation(
        CASH,
        f"{what} {amount} 超过基金现金 {cash} {what} of {amount} exceeds the fund's cash {cash}",
    )


def check_units(entity: str, held: Decimal, units: Decimal) -> Violation | None:
    """An exit or write-off takes no more units of an investee than the fund holds."""
    if units <= held:
        return None
    return Violation(
        UNITS,
        f"{entity} 退出份额 {units} 超过持有 {held} units {units} exceed the {held} held",
    )


def check_class(investor: str, known: str | None, investor_class: str) -> Violation | None:
    """An investor commits in one class only (government or social)."""
    if known is None or known == investor_class:
        return None
    return Violation(
        INVESTOR,
        f"{investor} 已按 {known} 认缴 already committed as {known}",
        field="class",
    )


def check_new_call(call: str, issued: bool) -> Violation | None:
    """A call code is issued once."""
    if not issued:
        return None
    return Violation(CALL, f"缴款通知 {call} 已存在 call exists", field="call")


def check_known_call(call: str, issued: bool) -> Violation | None:
    """A contribution answers a call already issued."""
    if issued:
        return None
    return Violation(CALL, f"未知缴款通知 unknown call {call}", field="call")


def check_held(entity: str, units: Decimal | None) -> Violation | None:
    """A mark or a write-off needs units of the investee held by the fund."""
    if units is not None and units > 0:
        return None
    return Violation(UNITS, f"基金未持有 {entity} the fund holds no {entity}", field="entity")
