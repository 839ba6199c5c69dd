"""The fund as a partnership, computed by hand: allocation at a close, the city's stake by the
equity method, the waterfall with and without carry, the fee cap, the single-investee cap,
marks in the books and the capital-accounts report in every format.

The scenario of tests/fund/scenario.py: paid in 8,000,000 (GOV-JCIG) : 7,200,000 (SOC-TAIHANG)
: 4,800,000 (SOC-FENHE) = 40% : 36% : 24% of 20,000,000 on 2025-03-20; four seed investments
of 3,000,000 (1,000,000 units each); cash 8,000,000.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from click.testing import Result
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from jcg_ledger.audit.chain import record_edit
from jcg_ledger.books.layout import Ledger
from jcg_ledger.close import close_period
from jcg_ledger.post import PostError
from jcg_ledger.reports import BooksView
from jcg_ledger.reports.fund import build as fund_report
from tests.conftest import post_raw, snapshot
from tests.fund import scenario as s
from tests.fund.test_fund import balances

D = Decimal


@pytest.fixture
def invested(ledger: Ledger) -> Ledger:
    post_raw(ledger, s.registry() + s.capital() + s.portfolio())
    return ledger


def close(ledger: Ledger, period: str, today: str) -> None:
    close_period(ledger, period, by="test", today=date.fromisoformat(today))


def with_terms(ledger: Ledger, **terms: str) -> None:
    """Rewrite ``[fund.terms]`` values in the books' policy file, recorded in the audit chain
    as `jcg audit accept` does (a deliberate change made outside jcg)."""
    text = ledger.policy_path.read_text("utf-8")
    for key, value in terms.items():
        text, count = re.subn(rf'(?m)^{key} = "[^"]*"', f'{key} = "{value}"', text)
        assert count == 1, key
    ledger.policy_path.write_text(text, "utf-8")
    record_edit(ledger, by="test", action="accept: 基金协议条款 fund terms")


def test_the_close_allocates_profit_and_moves_the_city_stake(
    invested: Ledger, cli: Callable[..., Result]
) -> None:
    # SEED-D written off (−3,000,000), SEED-A exited for 9,000,000 (+6,000,000), 10,000,000
    # distributed pro rata (4,000,000 / 3,600,000 / 2,400,000), a fee of 400,000 for 2027
    # (within 2% × 50,000,000 committed = 1,000,000): the 2027 result is +2,600,000.
    post_raw(
        invested,
        [
            *s.outcomes(),
            {"id": "fee-2027", "type": "fund.fee", "date": "2027-06-30", "amount": "40万",
             "period": "2027"},
        ],
    )  # fmt: skip
    close(invested, "2027-12", "2028-01-01")
    fund, city = balances(invested, "fund"), balances(invested, "city")
    # Allocated pro rata to paid-in: 2,600,000 × 40% = 1,040,000; × 36% = 936,000; × 24% =
    # 624,000 (credits to the partners' capital).
    assert fund["Equity:Capital:Government:GOV-JCIG:Allocated"] == D("-1040000.00")
    assert fund["Equity:Capital:Social:SOC-TAIHANG:Allocated"] == D("-936000.00")
    assert fund["Equity:Capital:Social:SOC-FENHE:Allocated"] == D("-624000.00")
    assert fund["Equity:ProfitAllocated"] == D("2600000.00")
    # Partners' capital = 20,000,000 − 10,000,000 + 2,600,000 = 12,600,000 = net assets:
    # cash 8,000,000 + 9,000,000 − 10,000,000 − 400,000 = 6,600,000 + SEED-B, SEED-C 6,000,000.
    assert fund["Equity:Capital"] == D("-12600000.00")
    assert fund["Assets:Bank:Fund"] + fund["Assets:Portfolio"] == D("12600000.00")
    # Equity method: the city's stake 8,000,000 − 4,000,000 + 1,040,000 = 5,040,000, its
    # share of the result in Income:Investment:Fund, and it mirrors the government's capital.
    assert city["Assets:Investment:Fund"] == D("5040000.00")
    assert city["Income:Investment:Fund"] == D("-1040000.00")
    assert fund["Equity:Capital:Government:GOV-JCIG"] == D("-5040000.00")
    check = cli("check")
    assert check.exit_code == 0, check.output

    for fmt in ("json", "csv"):
        result = cli("report", "capital-accounts", "--as-of", "2027-12-31", "--format", fmt)
        assert result.exit_code == 0, result.output
        rows = _capital_rows(result.output, fmt)
        gov = rows[s.GOV]
        assert (gov["committed"], gov["paid_in"], gov["unfunded"]) == (
            D("20000000.00"), D("8000000.00"), D("12000000.00"),
        )  # fmt: skip
        assert (gov["distributed"], gov["allocated"], gov["ending"]) == (
            D("4000000.00"), D("1040000.00"), D("5040000.00"),
        )  # fmt: skip
        assert rows["total"]["ending"] == D("12600000.00")
    table = cli("report", "capital-accounts", "--as-of", "2027-12-31")
    assert table.exit_code == 0 and "净资产 net assets: 12600000.00" in table.output
    report = json.loads(
        cli("report", "capital-accounts", "--as-of", "2027-12-31", "--format", "json").output
    )
    assert D(report["summary"]["基金净资产 net assets"]) == D("12600000.00")
    assert D(report["summary"]["差额 difference"]) == 0


def _capital_rows(output: str, fmt: str) -> dict[str, dict[str, Decimal]]:
    keys = ("committed", "paid_in", "unfunded", "distributed", "allocated", "ending")
    if fmt == "json":
        table = json.loads(output)["tables"]["capital"]
        rows = {r["partner"]: r for r in table["rows"]}
        rows["total"] = table["totals"]
        return {p: {k: D(str(r[k])) for k in keys} for p, r in rows.items()}
    lines = list(csv.reader(io.StringIO(output)))
    header = lines[1]
    index = {k: header.index(h) for k, h in zip(keys, _CSV_TITLES, strict=True)}
    out: dict[str, dict[str, Decimal]] = {}
    for line in lines[2:]:
        if not line:
            break
        name = line[0] or "total"
        out[name] = {k: D(line[i] or "0") for k, i in index.items()}
    return out


_CSV_TITLES = (
    "认缴 Commitment",
    "实缴 Paid in",
    "未缴认缴 Unfunded",
    "已分配 Distributions",
    "损益分配 Allocated P&L",
    "期末资本 Ending capital",
)


def test_the_capital_accounts_in_excel(invested: Ledger, cli: Callable[..., Result]) -> None:
    post_raw(invested, s.outcomes())
    close(invested, "2027-12", "2028-01-01")
    target = invested.root / "capital.xlsx"
    result = cli(
        "report", "capital-accounts", "--as-of", "2027-12-31", "--format", "xlsx",
        "--output", str(target),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = list(load_workbook(target)["合伙人资本账户"].iter_rows(values_only=True))
    header = [str(h).split("\n")[1] for h in rows[0]]

    def total(name: str) -> Decimal:
        """The totals row's ``=SUM`` over the partners' rows above it, evaluated here."""
        column = header.index(name)
        letter = get_column_letter(column + 1)
        assert rows[-1][column] == f"=SUM({letter}2:{letter}{len(rows) - 1})"
        return sum((D(str(r[column])) for r in rows[1:-1] if r[column] is not None), D(0))

    # Result +3,000,000 (6,000,000 gain − 3,000,000 written off): capital 20,000,000 −
    # 10,000,000 + 3,000,000 = 13,000,000 = cash 7,000,000 + SEED-B, SEED-C 6,000,000.
    assert total("Ending capital") == D("13000000")
    assert total("Allocated P&L") == D("3000000")


def test_a_report_between_closes_shows_the_result_not_yet_allocated(
    invested: Ledger, cli: Callable[..., Result]
) -> None:
    post_raw(invested, s.outcomes())
    report = json.loads(
        cli("report", "capital-accounts", "--as-of", "2027-12-31", "--format", "json").output
    )
    # No close yet: 3,000,000 not yet allocated; capital 10,000,000 + 3,000,000 = net assets.
    assert D(report["summary"]["未分配损益 not yet allocated"]) == D("3000000.00")
    assert D(report["summary"]["差额 difference"]) == 0


def _waterfall_story(ledger: Ledger) -> None:
    # SEED-A sold on 2026-03-01 for 20,000,000 (gain 17,000,000): cash 28,000,000; then
    # 24,000,000 distributed on 2026-03-20, 365 days after the capital was paid in.
    post_raw(
        ledger,
        [
            {"id": "exit-a", "type": "fund.exit", "date": "2026-03-01", "entity": "SEED-A",
             "units": 1000000, "amount": "2000万"},
            {"id": "dist-1", "type": "fund.distribute", "date": "2026-03-20", "amount": "2400万"},
        ],
    )  # fmt: skip


def test_the_waterfall_without_carry_is_pro_rata(invested: Ledger) -> None:
    _waterfall_story(invested)
    fund, city = balances(invested, "fund"), balances(invested, "city")
    # 24,000,000 × 40% / 36% / 24%.
    assert fund["Equity:Capital:Government:GOV-JCIG:Distributed"] == D("9600000.00")
    assert fund["Equity:Capital:Social:SOC-TAIHANG:Distributed"] == D("8640000.00")
    assert fund["Equity:Capital:Social:SOC-FENHE:Distributed"] == D("5760000.00")
    assert "Equity:Capital:Manager" not in fund
    # The city's stake falls by the distribution: 8,000,000 − 9,600,000 = −1,600,000 until
    # the close allocates the gain (17,000,000 × 40% = 6,800,000): 5,200,000.
    assert city["Assets:Investment:Fund"] == D("-1600000.00")
    close(invested, "2026-03", "2026-04-01")
    assert balances(invested, "city")["Assets:Investment:Fund"] == D("5200000.00")


def test_the_waterfall_with_carry(invested: Ledger, cli: Callable[..., Result]) -> None:
    # 8% preferred, 100% catch-up, 20% carry to MGR-JCVC. On 24,000,000:
    #   return of capital 20,000,000; preferred 20,000,000 × 8% × 365/365 = 1,600,000;
    #   catch-up x: 0.2 × (1,600,000 + x) = x → x = 400,000 to the manager;
    #   the remaining 2,000,000: 400,000 (20%) to the manager, 1,600,000 to the investors.
    #   Investors 23,200,000 (40/36/24: 9,280,000 / 8,352,000 / 5,568,000); manager 800,000
    #   = 20% of the 4,000,000 profit, taken from the investors pro rata (320,000 / 288,000 /
    #   192,000).
    with_terms(invested, preferred_return="0.08", catch_up="1", carry="0.20")
    text = invested.policy_path.read_text("utf-8")
    invested.policy_path.write_text(
        text.replace('carry = "0.20"', 'carry = "0.20"\nmanager = "MGR-JCVC"'), "utf-8"
    )
    record_edit(invested, by="test", action="accept: 管理人 the manager")
    _waterfall_story(invested)
    fund, city = balances(invested, "fund"), balances(invested, "city")
    assert fund["Equity:Capital:Government:GOV-JCIG:Distributed"] == D("9280000.00")
    assert fund["Equity:Capital:Social:SOC-TAIHANG:Distributed"] == D("8352000.00")
    assert fund["Equity:Capital:Social:SOC-FENHE:Distributed"] == D("5568000.00")
    assert fund["Equity:Capital:Manager:MGR-JCVC:Distributed"] == D("800000.00")
    assert fund["Equity:Capital:Manager:MGR-JCVC:Allocated"] == D("-800000.00")
    assert fund["Equity:Capital:Government:GOV-JCIG:Allocated"] == D("320000.00")
    assert fund["Equity:Capital:Social:SOC-TAIHANG:Allocated"] == D("288000.00")
    # City: 9,280,000 received; the stake falls by 9,280,000 + 320,000 carry, a loss of its
    # share: 8,000,000 − 9,600,000 = −1,600,000.
    assert city["Assets:Investment:Fund"] == D("-1600000.00")
    assert city["Income:Investment:Fund"] == D("320000.00")
    close(invested, "2026-03", "2026-04-01")
    fund, city = balances(invested, "fund"), balances(invested, "city")
    # Gain 17,000,000 allocated 40/36/24: government 6,800,000 − 320,000 carry = 6,480,000;
    # capital 8,000,000 − 9,280,000 + 6,480,000 = 5,200,000; the manager's nets to 0.
    assert fund["Equity:Capital:Government:GOV-JCIG"] == D("-5200000.00")
    assert fund["Equity:Capital:Manager:MGR-JCVC"] == 0
    assert city["Assets:Investment:Fund"] == D("5200000.00")
    # Net assets: cash 4,000,000 + SEED-B, C, D 9,000,000 = 13,000,000 = the partners'.
    assert fund["Equity:Capital"] == D("-13000000.00")
    assert cli("check").exit_code == 0
    report = fund_report(BooksView.load(invested), date(2026, 3, 31))
    rows = {r["investor"]: r for r in report.table("investors").rows}
    # Net TVPI (9,280,000 + 5,200,000) / 8,000,000 = 1.81; gross MOIC (proceeds 20,000,000
    # + 9,000,000 at cost) / 12,000,000 invested = 2.4167.
    assert rows[s.GOV]["net_tvpi"] == D("1.8100")
    assert rows[s.GOV]["gross_moic"] == D("2.4167")


@pytest.mark.parametrize(
    ("event", "rule", "words"),
    [
        # 2% × 50,000,000 committed × 1 = 1,000,000 a year.
        ({"type": "fund.fee", "amount": "100.01万", "period": "2025"}, "fund-fee", "1000000.00"),
        # A quarter: × 1/4 = 250,000.
        ({"type": "fund.fee", "amount": "25.01万", "period": "2025-Q2"}, "fund-fee", "250000.00"),
        # SEED-A holds 3,000,000: 7,000,000 more reaches the cap of 20% × 50,000,000.
        (
            {"type": "fund.invest", "entity": "SEED-A", "amount": "700.01万", "units": 1,
             "stage": "seed"},
            "fund-investee-cap",
            "7000000.00",
        ),
    ],
)  # fmt: skip
def test_the_terms_and_limits_refuse(
    invested: Ledger, event: dict[str, Any], rule: str, words: str
) -> None:
    before = snapshot(invested)
    with pytest.raises(PostError) as refused:
        post_raw(invested, {"id": "bad-1", "date": "2025-06-15", **event})
    assert refused.value.rule == rule
    assert refused.value.field == "amount"
    assert words in str(refused.value)
    assert snapshot(invested) == before


def test_fees_up_to_the_cap_are_accepted(invested: Ledger) -> None:
    # Two quarters of 250,000 and the rest of 2025's 1,000,000 is reached by 2025-H2.
    post_raw(
        invested,
        [
            {"id": "f1", "type": "fund.fee", "date": "2025-03-31", "amount": "25万",
             "period": "2025-Q1"},
            {"id": "f2", "type": "fund.fee", "date": "2025-06-30", "amount": "25万",
             "period": "2025-Q2"},
            {"id": "f3", "type": "fund.fee", "date": "2025-12-31", "amount": "50万",
             "period": "2025-H2"},
        ],
    )  # fmt: skip
    assert balances(invested, "fund")["Expenses:ManagementFee"] == D("1000000.00")


def test_a_fee_on_paid_in_capital(invested: Ledger) -> None:
    # Basis paid-in: 2% × 20,000,000 = 400,000 a year.
    with_terms(invested, management_fee_basis="paid-in")
    before = snapshot(invested)
    with pytest.raises(PostError) as refused:
        post_raw(
            invested,
            {"id": "f", "type": "fund.fee", "date": "2025-12-31", "amount": "40.01万",
             "period": "2025"},
        )  # fmt: skip
    assert refused.value.rule == "fund-fee" and "400000.00" in str(refused.value)
    assert snapshot(invested) == before


def test_marks_are_booked_so_net_assets_equal_the_nav(
    invested: Ledger, cli: Callable[..., Result]
) -> None:
    # SEED-B marked 4.50 (+1,500,000), SEED-C 1.20 (−1,800,000); then half of SEED-B sold for
    # 2,500,000 (cost 1,500,000, gain 1,000,000): its adjustment falls to 500,000 × 4.50 −
    # 1,500,000 = 750,000 (750,000 reversed).
    post_raw(
        invested,
        [
            {"id": "m-b", "type": "fund.mark", "date": "2025-12-31", "entity": "SEED-B",
             "price": "4.50"},
            {"id": "m-c", "type": "fund.mark", "date": "2025-12-31", "entity": "SEED-C",
             "price": "1.20"},
            {"id": "x-b", "type": "fund.exit", "date": "2026-02-01", "entity": "SEED-B",
             "units": 500000, "amount": "250万"},
        ],
    )  # fmt: skip
    fund = balances(invested, "fund")
    assert fund["Assets:FairValue:SEED-B"] == D("750000.00")
    assert fund["Assets:FairValue:SEED-C"] == D("-1800000.00")
    assert fund["Income:FairValueChange"] == D("1050000.00")  # −(1,500,000 − 1,800,000 − 750,000)
    # NAV by hand: cash 8,000,000 + 2,500,000 = 10,500,000; SEED-A, D at cost 6,000,000;
    # SEED-B 500,000 × 4.50 = 2,250,000; SEED-C 1,200,000: 19,950,000.
    net_assets = fund["Assets:Bank"] + fund["Assets:Portfolio"] + fund["Assets:FairValue"]
    assert net_assets == D("19950000.00")
    report = json.loads(cli("report", "fund", "--as-of", "2026-12-31", "--format", "json").output)
    assert D(report["summary"]["基金净值 NAV"]) == net_assets
    close(invested, "2026-12", "2027-01-01")
    # Result: gain 1,000,000 + fair-value change −1,050,000 = −50,000; capital 19,950,000.
    assert balances(invested, "fund")["Equity:Capital"] == D("-19950000.00")
    assert cli("check").exit_code == 0


def test_a_hand_edited_equity_method_entry_fails_the_reconciliation(
    invested: Ledger, cli: Callable[..., Result]
) -> None:
    # The 2027 result of +3,000,000 gives the city 1,200,000 (40%); edited to 1,100,000 on
    # both sides of the city's entry, the city book balances but no longer mirrors the fund.
    post_raw(invested, s.outcomes())
    close(invested, "2027-12", "2028-01-01")
    assert cli("check").exit_code == 0
    journal = invested.journal("city", 2027)
    text = journal.read_text("utf-8")
    edited = re.sub(r"(Assets:Investment:Fund\s+)1200000\.00", r"\g<1>1100000.00", text)
    edited = re.sub(r"(Income:Investment:Fund\s+)-1200000\.00", r"\g<1>-1100000.00", edited)
    assert edited != text
    journal.write_text(edited, "utf-8")
    result = cli("check")
    assert result.exit_code == 1
    assert "对账不符" in result.output and "fund-allocate-2027-12" in result.output
