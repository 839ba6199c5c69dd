"""Tests of rule ``doc-no-required``: a policy naming event types that need a document number."""

from __future__ import annotations

from datetime import date

from beancount import loader

from jcg_ledger.policy import default_policy_text, load_policy_text
from jcg_ledger.rules.doc_no import RULE, check, check_entry

POLICY = load_policy_text(
    default_policy_text()
    + '\n[evidence]\ndoc_no_required = ["project.disburse"]\n'
    + "doc_no_required_from = 2025-07-01\n"
)

LEDGER = """
2025-01-01 open Assets:Bank
2025-01-01 open Assets:Investment

2025-06-30 * "拨付 before the requirement" ^d1
  event: "d1"
  type: "project.disburse"
  Assets:Investment   100.00 CNY
  Assets:Bank        -100.00 CNY

2025-07-01 * "拨付 with its document" ^d2
  event: "d2"
  type: "project.disburse"
  doc_no: "晋投拨〔2025〕15号"
  Assets:Investment   100.00 CNY
  Assets:Bank        -100.00 CNY

2025-07-02 * "拨付 without" ^d3
  event: "d3"
  type: "project.disburse"
  Assets:Investment   100.00 CNY
  Assets:Bank        -100.00 CNY

2025-07-02 * "结算 another type" ^s1
  event: "s1"
  type: "buyback.settle"
  Assets:Bank         100.00 CNY
  Assets:Investment  -100.00 CNY

2025-07-03 custom "jcg-note" "x"
  event: "d4"
  type: "project.disburse"
"""


def test_entries_of_required_types_from_the_date_need_a_doc_no() -> None:
    entries, errors, _ = loader.load_string(LEDGER)
    assert not errors
    found = {
        str(e.meta["event"]): v.rule for e in entries if (v := check_entry(POLICY, e)) is not None
    }
    assert found == {"d3": RULE, "d4": RULE}


def test_the_default_policy_requires_nothing() -> None:
    default = load_policy_text(default_policy_text())
    assert check(default, "project.disburse", date(2030, 1, 1), None) is None


def test_an_empty_doc_no_is_none() -> None:
    found = check(POLICY, "project.disburse", date(2025, 7, 1), "")
    assert found is not None and found.field == "doc_no"


def test_the_refusal_names_the_type_and_the_date() -> None:
    found = check(POLICY, "project.disburse", date(2025, 7, 2), None)
    assert found is not None and (found.rule, found.field) == (RULE, "doc_no")
    assert found.message == (
        "政策要求 project.disburse 类事件填写文号 doc_no the policy requires a document number "
        "(doc_no) for project.disburse events dated from 2025-07-01"
    )
    # Required from the start: no date in the message.
    always = load_policy_text(
        default_policy_text() + '\n[evidence]\ndoc_no_required = ["subsidy.pay"]\n'
    )
    found = check(always, "subsidy.pay", date(2025, 1, 2), None)
    assert found is not None and found.message.endswith("(doc_no) for subsidy.pay events")


def test_only_entries_an_event_wrote_are_checked() -> None:
    entries, errors, _ = loader.load_string(
        "2025-01-01 open Assets:Bank\n2025-01-01 open Assets:Investment\n"
        '2025-07-02 * "typed by hand, no event"\n  type: "project.disburse"\n'
        "  Assets:Investment   100.00 CNY\n  Assets:Bank        -100.00 CNY\n"
    )
    assert not errors
    assert [check_entry(POLICY, e) for e in entries] == [None, None, None]
