"""Small fund and city ledgers for the fund rules' tests, loaded with the policy plugin.

`fund_errors(text)` loads ``text`` after a fund book's header (plugin, chart, two investors'
accounts, two investees) and returns the plugin's messages; `city_errors` does the same for
the city book. The packaged default policy applies (rate 5%, caps 500,000 / 2,000,000,
tolerance seed 80%, early 60%, fund 60%, single project 100%).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from beancount import loader

from jcg_ledger.plugins.policy import PolicyError, is_warning

FUND_HEADER = """
option "operating_currency" "CNY"
option "booking_method" "STRICT"
plugin "jcg_ledger.plugins.policy" "fund"
2025-01-01 open Assets:Bank:Fund CNY
2025-01-01 open Income:Investment:Disposal CNY
2025-01-01 open Expenses:WriteOff CNY
2025-01-01 open Expenses:ManagementFee CNY
2025-01-01 open Assets:Receivable:Call:GOV-JCIG CNY
2025-01-01 open Equity:Called:GOV-JCIG CNY
2025-01-01 open Equity:Capital:Government:GOV-JCIG:Contributed CNY
2025-01-01 open Equity:Capital:Government:GOV-JCIG:Distributed CNY
2025-01-01 open Equity:Capital:Government:GOV-JCIG:Allocated CNY
2025-01-01 open Assets:Receivable:Call:SOC-TAIHANG CNY
2025-01-01 open Equity:Called:SOC-TAIHANG CNY
2025-01-01 open Equity:Capital:Social:SOC-TAIHANG:Contributed CNY
2025-01-01 open Equity:Capital:Social:SOC-TAIHANG:Distributed CNY
2025-01-01 open Equity:Capital:Social:SOC-TAIHANG:Allocated CNY
2025-01-01 open Equity:Capital:Manager:MGR-JCVC:Distributed CNY
2025-01-01 open Equity:Capital:Manager:MGR-JCVC:Allocated CNY
2025-01-01 open Equity:ProfitAllocated CNY
2025-01-01 open Income:FairValueChange CNY
2025-01-01 open Assets:FairValue:SEED-A CNY
2025-01-01 open Assets:FairValue:SEED-B CNY
2025-01-01 open Assets:Portfolio:SEED-A "FIFO"
2025-01-01 open Assets:Portfolio:SEED-B "FIFO"
2025-01-01 open Assets:Portfolio:EARLY-C "FIFO"
2025-01-01 open Assets:Portfolio:GROWTH-D "FIFO"
"""

# 20,000,000 government + 30,000,000 social committed; 40% called and paid: 20,000,000.
FUND_CAPITAL = """
2025-02-01 custom "jcg-commitment" "GOV-JCIG" "government" 20000000.00 CNY
2025-02-01 custom "jcg-commitment" "SOC-TAIHANG" "social" 30000000.00 CNY
2025-03-01 * "缴款通知 C1 40%"
  call: "C1"
  fraction: 0.40
  Assets:Receivable:Call:GOV-JCIG      8000000.00 CNY
  Equity:Called:GOV-JCIG              -8000000.00 CNY
  Assets:Receivable:Call:SOC-TAIHANG  12000000.00 CNY
  Equity:Called:SOC-TAIHANG          -12000000.00 CNY
2025-03-20 * "实缴 C1"
  call: "C1"
  Assets:Bank:Fund                    20000000.00 CNY
  Assets:Receivable:Call:GOV-JCIG     -8000000.00 CNY
  Assets:Receivable:Call:SOC-TAIHANG -12000000.00 CNY
  Equity:Called:GOV-JCIG               8000000.00 CNY
  Equity:Called:SOC-TAIHANG           12000000.00 CNY
  Equity:Capital:Government:GOV-JCIG:Contributed  -8000000.00 CNY
  Equity:Capital:Social:SOC-TAIHANG:Contributed  -12000000.00 CNY
"""

CITY_HEADER = """
option "operating_currency" "CNY"
plugin "jcg_ledger.plugins.policy" "city"
2025-01-01 open Assets:Bank:SpecialFund CNY
2025-01-01 open Expenses:FundReward CNY
2025-01-01 open Liabilities:Payable:FundReward CNY
2025-01-06 custom "jcg-entity" "GOV-JCIG"
  kind: "investor"
  admitted: 2025-01-06
2025-02-01 custom "jcg-commitment" "GOV-JCIG" "government" 20000000.00 CNY
"""


def _messages_with(policy_text: str | None, text: str) -> tuple[list[str], list[str]]:
    """As `_messages`, with a policy given as TOML text (written to a books folder)."""
    if policy_text is None:
        return _messages(text)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "policy.toml").write_text(policy_text, "utf-8")
        (root / "fund").mkdir()
        main = root / "fund" / "main.beancount"
        main.write_text(text, "utf-8")
        _, errors, _ = loader.load_file(str(main))
    return _split(errors)


def _messages(text: str) -> tuple[list[str], list[str]]:
    _, errors, _ = loader.load_string(text)
    return _split(errors)


def _split(errors: list[Any]) -> tuple[list[str], list[str]]:
    """(errors, warnings): the policy's errors, then Beancount's; the policy's warnings."""
    policy = [e.message for e in errors if isinstance(e, PolicyError) and not is_warning(e)]
    warnings = [e.message for e in errors if is_warning(e)]
    other = [e.message for e in errors if not isinstance(e, PolicyError)]
    return policy + other, warnings


def fund_errors(text: str, *, capital: bool = True) -> list[str]:
    """Errors (not warnings) of a fund book: header, the capital above if asked, then text."""
    return _messages(FUND_HEADER + (FUND_CAPITAL if capital else "") + text)[0]


def fund_errors_with(policy_text: str, text: str) -> list[str]:
    """Errors of a fund book (header, capital, text) under the policy ``policy_text``."""
    return _messages_with(policy_text, FUND_HEADER + FUND_CAPITAL + text)[0]


def fund_warnings(text: str) -> list[str]:
    return _messages(FUND_HEADER + FUND_CAPITAL + text)[1]


def city_errors(text: str) -> list[str]:
    return _messages(CITY_HEADER + text)[0]
