"""Rule ``doc-no-required`` — events of the types the policy names carry their document number.

An auditor asks of every payment: on what document? ``policy.toml`` may require the answer for
chosen event types (from a date, so earlier books stay valid)::

    [evidence]
    doc_no_required = ["subsidy.pay", "project.disburse"]
    doc_no_required_from = 2025-07-01

`jcg post` refuses such an event without ``doc_no``, naming the event and the field
``doc_no``; a transaction or ``custom`` entry of such an event typed in by hand without
``doc_no`` metadata fails bean-check (the policy plugin) and `jcg check` with the same rule::

    2025-07-02 * "项目资金拨付" ^d9
      event: "d9"
      type: "project.disburse"            ; error: [doc-no-required] no doc_no
      Assets:Investment:Disbursed:P1   100000.00 CNY
      Assets:Bank:Entrusted           -100000.00 CNY
"""

from __future__ import annotations

from datetime import date

from beancount.core import data

from jcg_ledger.policy import Policy
from jcg_ledger.violation import Violation

RULE = "doc-no-required"


def check(policy: Policy, kind: str, on: date, doc_no: object) -> Violation | None:
    """An event of `kind` dated `on` without a document number, where the policy wants one."""
    if doc_no not in (None, "") or not policy.evidence.requires_doc_no(kind, on):
        return None
    return Violation(
        RULE,
        f"政策要求 {kind} 类事件填写文号 doc_no the policy requires a document number "
        f"(doc_no) for {kind} events"
        + (
            f" dated from {policy.evidence.doc_no_required_from}"
            if policy.evidence.doc_no_required_from
            else ""
        ),
        "doc_no",
    )


def check_entry(policy: Policy, entry: data.Directive) -> Violation | None:
    """The rule on an entry of the books: a transaction or ``custom`` an event wrote."""
    if not isinstance(entry, data.Transaction | data.Custom):
        return None
    meta = entry.meta or {}
    kind = meta.get("type")
    if not isinstance(kind, str) or not meta.get("event"):
        return None
    return check(policy, kind, entry.date, meta.get("doc_no"))
