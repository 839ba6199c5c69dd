"""A small platform ledger for the project rules' tests, loaded with the policy plugin.

`platform_errors(text)` loads ``text`` after a platform book's header and a base story —
3,000,000 entrusted; project P1 (ACME, approved 1,000,000, disbursed 2025-06-01, converted
2026-01-10 into 100,000 ``EQ-ACME`` at 10.00); project P2 (BETA, approved 500,000, 300,000
disbursed 2025-06-01, not converted) — and returns the plugin's messages. The packaged
default policy applies (discount at most 20%, 36 months to convert, at most 3 tranches, state
stake at most 25%: P1's 100,000 units of 400,000 after the round is 25% exactly). Today is
``TODAY``, or the text's last date if later (`jcg_ledger.today.fixed`), for the overdue
warnings, unless a test gives another.
"""

from __future__ import annotations

import re
from datetime import date

from beancount import loader

from jcg_ledger.plugins.policy import PolicyError
from jcg_ledger.today import fixed

PLATFORM = """
option "operating_currency" "CNY"
option "booking_method" "STRICT"
plugin "jcg_ledger.plugins.policy" "platform"
2025-01-01 open Assets:Bank:Platform CNY
2025-01-01 open Liabilities:Entrusted:City CNY
2025-01-01 open Income:Investment:Disposal CNY
2025-01-01 open Income:Investment:Interest CNY
2025-01-01 open Expenses:WriteOff CNY
2025-01-01 open Assets:PreConversion:ACME CNY
2025-01-01 open Assets:PreConversion:BETA CNY
2025-01-01 open Assets:Equity:ACME "FIFO"
2025-01-01 open Assets:Equity:ACME:FairValue CNY
2025-01-01 open Assets:Receivable:Buyback:FOUNDER CNY
2025-01-01 open Income:FairValueChange CNY
2025-01-01 open Assets:Debt:BETA CNY
2025-01-01 open Assets:Receivable:Interest:BETA CNY
2025-03-01 * "收到委托资金"
  Assets:Bank:Platform        3000000.00 CNY
  Liabilities:Entrusted:City -3000000.00 CNY
2025-05-01 custom "jcg-project" "P1"
  entity: "ACME"
  amount: 1000000.00
2025-05-01 custom "jcg-project" "P2"
  entity: "BETA"
  amount: 500000.00
2025-06-01 * "项目资金拨付"
  type: "project.disburse"
  project: "P1"
  Assets:PreConversion:ACME   1000000.00 CNY
  Assets:Bank:Platform       -1000000.00 CNY
2025-06-01 * "项目资金拨付"
  type: "project.disburse"
  project: "P2"
  Assets:PreConversion:BETA    300000.00 CNY
  Assets:Bank:Platform        -300000.00 CNY
2026-01-10 * "转股"
  type: "project.convert"
  project: "P1"
  total_units: 400000
  Assets:Equity:ACME              100000 EQ-ACME {# 1000000.00 CNY}
  Assets:PreConversion:ACME  -1000000.00 CNY
"""


TODAY = "2026-11-30"
_DATED = re.compile(r"^([0-9]{4}-[0-9]{2}-[0-9]{2}) ", re.M)


def _today(text: str, today: str | None) -> date:
    """``today``, else `TODAY` or the ledger's last date if later (nothing is in the future)."""
    if today is not None:
        return date.fromisoformat(today)
    return max(date.fromisoformat(d) for d in [TODAY, *_DATED.findall(text)])


def platform_errors(text: str, today: str | None = None) -> list[str]:
    """The plugin's messages (errors and warnings) for the base story followed by ``text``."""
    with fixed(_today(text, today)):
        _, errors, _ = loader.load_string(PLATFORM + text)
    return [e.message for e in errors if isinstance(e, PolicyError)]


def all_errors(text: str, today: str | None = None) -> list[str]:
    """Every message, Beancount's own included (to show a ledger is otherwise valid)."""
    with fixed(_today(text, today)):
        _, errors, _ = loader.load_string(PLATFORM + text)
    return [e.message for e in errors]
