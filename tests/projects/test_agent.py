"""The platform as the city's agent (受托代持), end to end through `post`, `close` and `check`.

Both books move together: every gain, interest, change in fair value, loss and write-off moves
the platform's liability to the city and the city's claim on the platform by the same amount,
linked. Every figure is computed by hand in the comments. The parity tests show each rule
refusing the event through `jcg post` and the same fact typed into the books by hand failing
`jcg check` with the same rule name.
"""

from __future__ import annotations

import shutil
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from beancount import loader
from beancount.core import data

from jcg_ledger.books.init import init_ledger
from jcg_ledger.books.layout import Ledger
from jcg_ledger.check import check
from jcg_ledger.close import close_period
from jcg_ledger.post import PostError
from jcg_ledger.reconcile import balances_by_date
from jcg_ledger.reports import REPORTS, BooksView
from tests.conftest import entity, post_raw, snapshot

TODAY = "2026-07-31"


def ev(id_: str, type_: str, on: str, **fields: Any) -> dict[str, Any]:
    return {"id": id_, "type": type_, "date": on, **fields}


SETUP = [
    entity("ACME", index=1),
    entity("BETA", index=2),
    entity("GAMMA", index=3),
    entity("FOUNDER", index=4, kind="team"),
    # The 先投后股 appropriation line, so the city's special-fund account never runs negative.
    ev(
        "bud",
        "budget.appropriate",
        "2025-02-01",
        year=2025,
        measure="conversion-project",
        amount="1500万",
    ),
    ev("f1", "project.fund", "2025-03-01", amount="1500万"),
    # P1: 1,000,000 at the round price 12.50 less 20% = 10.00 → 100,000 units, 25% of 400,000.
    # Day one: 100,000 × 12.50 − 1,000,000 = 250,000 of fair value, the city's.
    ev("a1", "project.approve", "2025-05-01", project="P1", entity="ACME", amount="100万"),
    ev("d1", "project.disburse", "2025-06-01", project="P1", amount="100万"),
    ev(
        "c1",
        "project.convert",
        "2026-01-10",
        project="P1",
        to="equity",
        round_price="12.50",
        discount="20%",
        total_units=400000,
    ),
    # Tranche 1: half the units at principal, 50,000 × 10.00 = 500,000, due 2026-03-15.
    ev(
        "b1",
        "buyback.agree",
        "2026-01-10",
        project="P1",
        obligor="FOUNDER",
        tranches=[{"due": "2026-03-15", "fraction": "0.5", "method": "principal"}],
    ),
    # P2: 1,000,000 to debt at 3%, bullet, maturity 2027-01-10.
    ev("a2", "project.approve", "2025-05-01", project="P2", entity="BETA", amount="100万"),
    ev("d2", "project.disburse", "2025-06-01", project="P2", amount="100万"),
    ev(
        "c2",
        "project.convert",
        "2026-01-10",
        project="P2",
        to="debt",
        rate="3%",
        maturity="2027-01-10",
        method="bullet",
    ),
    # 400,000 repaid 62 days after the conversion (2026-01-10 → 2026-03-13: 21 + 28 + 13),
    # no accrual before: the repayment accrues 1,000,000 × 3% × 62/365 = 5,095.890… → 5,095.89.
    ev("r2", "debt.repay", "2026-03-13", project="P2", principal="40万"),
    # Then on 600,000: 2026-03-13 → 2026-07-10 = 18 + 30 + 31 + 30 + 10 = 119 days:
    # 600,000 × 3% × 119/365 = 5,868.493… → 5,868.49.
    ev("i2", "debt.accrue", "2026-07-10", project="P2", through="2026-07-10"),
    # Interest received: 5,095.89 + 5,868.49 = 10,964.38 (realised income, remittable).
    ev("r3", "debt.repay", "2026-07-10", project="P2", interest="10964.38"),
    # P3: 500,000 disbursed, to convert by 2026-01-31 (agreed).
    ev(
        "a3",
        "project.approve",
        "2025-05-01",
        project="P3",
        entity="GAMMA",
        amount="100万",
        terms={"conversion_deadline": "2026-01-31"},
    ),
    ev("d3", "project.disburse", "2025-06-01", project="P3", amount="50万"),
]


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JCG_TODAY", TODAY)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ledger]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JCG_TODAY", TODAY)
        ledger = init_ledger(tmp_path_factory.mktemp("agent") / "ledger")
        post_raw(ledger, SETUP)
    yield ledger


def copy(base: Ledger, tmp_path: Path) -> Ledger:
    shutil.copytree(base.root, tmp_path / "ledger")
    return Ledger.at(tmp_path / "ledger")


def balances(ledger: Ledger, book: str) -> dict[str, Decimal]:
    """CNY balance of every account of a book (units of stakes left out)."""
    entries, _, _ = loader.load_file(str(ledger.main(book)))
    out: dict[str, Decimal] = defaultdict(Decimal)
    for entry in entries:
        if isinstance(entry, data.Transaction):
            for posting in entry.postings:
                if posting.units.currency == "CNY":
                    out[posting.account] += posting.units.number
    return {a: n for a, n in out.items() if n}


def mirrored_at_every_date(ledger: Ledger) -> bool:
    city, _, _ = loader.load_file(str(ledger.main("city")))
    platform, _, _ = loader.load_file(str(ledger.main("platform")))
    claim = balances_by_date(city, "Assets:Entrusted:Platform")
    owed = balances_by_date(platform, "Liabilities:Entrusted:City")
    return [(d, -b) for d, b in owed] == claim


def test_every_change_in_value_is_the_citys(base: Ledger) -> None:
    result = check(base)
    assert result.ok, result.as_dict()
    platform, city = balances(base, "platform"), balances(base, "city")
    # The platform has no net assets: nothing in Income, Expenses or Equity.
    assert not any(a.split(":")[0] in ("Income", "Expenses", "Equity") for a in platform)
    # Its liability: 15,000,000 entrusted + 250,000 day-one + 10,964.38 interest.
    assert platform["Liabilities:Entrusted:City"] == Decimal("-15260964.38")
    assert city["Assets:Entrusted:Platform"] == Decimal("15260964.38")
    assert mirrored_at_every_date(base)
    assert city["Income:Investment:FairValue"] == Decimal("-250000.00")
    assert platform["Assets:Equity:ACME:FairValue"] == Decimal("250000.00")
    # Interest in sub-periods: 5,095.89 on 1,000,000 for 62 days + 5,868.49 on 600,000
    # (not 600,000 × 3% × 181/365 = 8,926.03 over the whole period).
    assert city["Income:Investment:Interest"] == Decimal("-10964.38")
    assert "Assets:Receivable:Interest:BETA" not in platform  # all collected


def test_a_second_accrual_counts_from_the_last(base: Ledger, tmp_path: Path) -> None:
    # P3 (past its deadline: the policy's fallback) disburses its other 500,000 and converts
    # 1,000,000 to debt at 4%. 2026-01-10 → 2026-07-10 = 181 days: 40,000 × 181/365 =
    # 19,835.616… → 19,835.62; then from accrued_through, 2026-07-10 → 2027-01-10 = 184 days:
    # 40,000 × 184/365 = 20,164.383… → 20,164.38. Together 40,000.00, a year's interest.
    ledger = copy(base, tmp_path)
    post_raw(
        ledger,
        [
            ev("d4", "project.disburse", "2026-01-05", project="P3", amount="50万"),
            ev(
                "c3",
                "project.convert",
                "2026-01-10",
                project="P3",
                to="debt",
                rate="4%",
                maturity="2028-01-10",
                method="bullet",
            ),
            ev("i3", "debt.accrue", "2026-07-10", project="P3", through="2026-07-10"),
        ],
    )
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JCG_TODAY", "2027-01-10")
        post_raw(ledger, ev("i4", "debt.accrue", "2027-01-10", project="P3", through="2027-01-10"))
        assert check(ledger).ok
    platform = balances(ledger, "platform")
    assert platform["Assets:Receivable:Interest:GAMMA"] == Decimal("40000.00")
    city, _, _ = loader.load_file(str(ledger.main("city")))
    accruals = [
        p.units.number
        for e in city
        if isinstance(e, data.Transaction) and e.meta.get("event") in ("i3", "i4")
        for p in e.postings
        if p.account == "Income:Investment:Interest"
    ]
    assert accruals == [Decimal("-19835.62"), Decimal("-20164.38")]


def test_close_books_the_receivable_and_the_interest(base: Ledger, tmp_path: Path) -> None:
    ledger = copy(base, tmp_path)
    # Close July: tranche 1 (due 2026-03-15, unpaid) becomes a receivable at its due price,
    # 500,000 (dated its due date); P2 accrues 2026-07-10 → 2026-07-31 = 21 days on 600,000:
    # 18,000 × 21/365 = 1,035.616… → 1,035.62.
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JCG_TODAY", "2026-08-05")
        result = close_period(ledger, "2026-07", today=date(2026, 8, 5))
        assert result.posted == ["close-2026-07-due-P1-1", "close-2026-07-interest-P2"]
        platform = balances(ledger, "platform")
        assert platform["Assets:Receivable:Buyback:FOUNDER"] == Decimal("500000.00")
        assert platform["Assets:Receivable:Interest:BETA"] == Decimal("1035.62")
        # The stake's half leaves at its carrying value 500,000 + 125,000 of fair value: the
        # city's loss on the disposal against that value is 125,000.
        city = balances(ledger, "city")
        assert city["Income:Investment:Disposal"] == Decimal("125000.00")
        assert platform["Assets:Equity:ACME:FairValue"] == Decimal("125000.00")
        assert mirrored_at_every_date(ledger)
        # The exits report still counts the receivable: P1's 50,000 units left at the round
        # price 12.50 (its only mark) = 625,000, plus the 500,000 owed = 1,125,000.
        exits = REPORTS["exits"](BooksView.load(ledger), date(2026, 8, 1)).table("projects")
        p1 = next(r for r in exits.rows if r["project"] == "P1")
        assert p1["unrealised"] == Decimal("1125000.00") and p1["status"] == "equity"
        # Collected on 2026-08-05: the receivable clears; principal, so no more gain.
        post_raw(
            ledger,
            ev("s1", "buyback.settle", "2026-08-05", project="P1", tranche=1, amount="50万"),
        )
        # The trial balance of docs/accounting.md's worked example.
        platform, city = balances(ledger, "platform"), balances(ledger, "city")
        assert "Assets:Receivable:Buyback:FOUNDER" not in platform
        # 15,000,000 − 1,000,000 × 2 − 500,000 + 400,000 + 10,964.38 + 500,000.
        assert platform["Assets:Bank:Platform"] == Decimal("13410964.38")
        # 15,000,000 + 250,000 − 125,000 + 5,095.89 + 5,868.49 + 1,035.62.
        assert platform["Liabilities:Entrusted:City"] == Decimal("-15137000.00")
        assert city["Assets:Entrusted:Platform"] == Decimal("15137000.00")
        assert city["Income:Investment:Interest"] == Decimal("-12000.00")
        result_check = check(ledger)
        assert result_check.ok, result_check.as_dict()
        # Nothing owed is overdue any more (P3, unconverted past its deadline, is another
        # warning: `conversion-overdue`).
        owed = ("[buyback-overdue]", "[debt-overdue]")
        assert not any(code in w for code in owed for w in result_check.warnings["platform"])


def test_an_overdue_tranche_warns_with_its_days(base: Ledger) -> None:
    # Tranche 1 due 2026-03-15, unpaid on 2026-07-31: 16 + 30 + 31 + 30 + 31 = 138 days.
    warnings = check(base).warnings["platform"]
    overdue = [w for w in warnings if "[buyback-overdue] 提示 warning" in w]
    assert len(overdue) == 1 and "138 days overdue" in overdue[0]


def test_a_concession_is_the_citys_loss(base: Ledger, tmp_path: Path) -> None:
    ledger = copy(base, tmp_path)
    concession = {"amount": "5万", "reason": "经营困难让利", "doc_no": "晋市国资〔2026〕5号"}
    post_raw(
        ledger,
        ev(
            "s1",
            "buyback.settle",
            "2026-07-20",
            project="P1",
            tranche=1,
            amount="45万",
            concession=concession,
        ),
    )
    assert check(ledger).ok
    city = balances(ledger, "city")
    # Price 500,000, carrying 625,000: disposal −125,000 against fair value, and the 50,000
    # conceded (让利); the city's claim falls by 450,000 − 625,000 = −175,000.
    assert city["Expenses:Concession"] == Decimal("50000.00")
    assert city["Income:Investment:Disposal"] == Decimal("125000.00")
    assert city["Assets:Entrusted:Platform"] == Decimal("15260964.38") - Decimal("175000.00")
    assert mirrored_at_every_date(ledger)


def test_remittances_return_what_was_realised(base: Ledger, tmp_path: Path) -> None:
    ledger = copy(base, tmp_path)
    # Realised: principal 400,000 (P2), income 10,964.38 (P2's interest).
    post_raw(
        ledger,
        ev("m1", "proceeds.remit", "2026-07-20", amount="410964.38", principal="40万"),
    )
    assert check(ledger).ok
    platform, city = balances(ledger, "platform"), balances(ledger, "city")
    assert city["Assets:Entrusted:Platform"] == Decimal("14850000.00")
    assert platform["Liabilities:Entrusted:City"] == Decimal("-14850000.00")
    assert "Income:Proceeds:Platform" not in city  # recognised when realised, not remitted


# --- refusals: the rule through `jcg post`, and the same fact typed in by hand ----------

CASES = [
    pytest.param(
        ev("s9", "buyback.settle", "2026-07-20", project="P1", tranche=1, amount="499999.99"),
        """
2026-07-20 * "回购结算"
  type: "buyback.settle"
  project: "P1"
  tranche: 1
  Assets:Bank:Platform          499999.99 CNY
  Assets:Equity:ACME            -50000 EQ-ACME {}
  Assets:Equity:ACME:FairValue -125000.00 CNY
  Liabilities:Entrusted:City    125000.01 CNY
""",
        "buyback-price",
        id="settle-below-price",
    ),
    pytest.param(
        ev("s9", "buyback.settle", "2026-07-20", project="P1", tranche=1, amount="500000.01"),
        """
2026-07-20 * "回购结算"
  type: "buyback.settle"
  project: "P1"
  tranche: 1
  Assets:Bank:Platform          500000.01 CNY
  Assets:Equity:ACME            -50000 EQ-ACME {}
  Assets:Equity:ACME:FairValue -125000.00 CNY
  Liabilities:Entrusted:City    124999.99 CNY
""",
        "buyback-price",
        id="settle-above-price",
    ),
    pytest.param(
        ev("u9", "buyback.due", "2026-03-01", project="P1", tranche=1),
        """
2026-03-01 * "回购到期"
  type: "buyback.due"
  project: "P1"
  tranche: 1
  Assets:Receivable:Buyback:FOUNDER  500000.00 CNY
  Assets:Equity:ACME                 -50000 EQ-ACME {}
  Assets:Equity:ACME:FairValue     -125000.00 CNY
  Liabilities:Entrusted:City        125000.00 CNY
2025-01-01 open Assets:Receivable:Buyback:FOUNDER CNY
""",
        "buyback-due",
        id="receivable-before-due",
    ),
    pytest.param(
        # P3's deadline was 2026-01-31: 50,000 of 200,000 units (25%) on 2026-02-01.
        ev(
            "c9",
            "project.convert",
            "2026-02-01",
            project="P3",
            to="equity",
            units=50000,
            total_units=200000,
        ),
        """
2025-01-01 open Assets:Equity:GAMMA
2026-02-01 * "转股"
  type: "project.convert"
  project: "P3"
  total_units: 200000
  Assets:Equity:GAMMA            50000 EQ-GAMMA {# 500000.00 CNY}
  Assets:PreConversion:GAMMA  -500000.00 CNY
""",
        "conversion-deadline",
        id="convert-after-deadline",
    ),
    pytest.param(
        # 50,000 of 100,000 units = 50% > the 25% cap (before the deadline).
        ev(
            "c9",
            "project.convert",
            "2026-01-20",
            project="P3",
            to="equity",
            units=50000,
            total_units=100000,
        ),
        """
2025-01-01 open Assets:Equity:GAMMA
2026-01-20 * "转股"
  type: "project.convert"
  project: "P3"
  total_units: 100000
  Assets:Equity:GAMMA            50000 EQ-GAMMA {# 500000.00 CNY}
  Assets:PreConversion:GAMMA  -500000.00 CNY
""",
        "stake-cap",
        id="stake-above-cap",
    ),
    pytest.param(
        # 10,000 units carried at 10.00 + 2.50 of fair value = 125,000, sold for 110,000.
        ev(
            "x9",
            "equity.exit",
            "2026-07-20",
            project="P1",
            units=10000,
            amount="110000",
            method="transfer",
        ),
        """
2026-07-20 * "股权退出"
  type: "equity.exit"
  project: "P1"
  Assets:Bank:Platform          110000.00 CNY
  Assets:Equity:ACME            -10000 EQ-ACME {}
  Assets:Equity:ACME:FairValue  -25000.00 CNY
  Liabilities:Entrusted:City     15000.00 CNY
""",
        "state-asset-price",
        id="exit-below-value",
    ),
    pytest.param(
        # 8,000,000 as income when 10,964.38 was realised (the cash is there: 12,910,964.38).
        ev("m9", "proceeds.remit", "2026-07-20", amount="800万"),
        """
2026-07-20 * "收益上缴"
  type: "proceeds.remit"
  principal: 0
  income: 8000000.00
  Liabilities:Entrusted:City   8000000.00 CNY
  Assets:Bank:Platform        -8000000.00 CNY
""",
        "remit",
        id="remit-income-not-realised",
    ),
    pytest.param(
        None,  # `jcg post` accrues to the repayment itself: only a hand edit can skip it
        """
2026-07-20 * "债权回收"
  type: "debt.repay"
  project: "P2"
  Assets:Bank:Platform   100000.00 CNY
  Assets:Debt:BETA      -100000.00 CNY
""",
        "debt-interest",
        id="repay-without-interest",
    ),
    pytest.param(
        None,  # 600,000 × 3% × 10/365 = 493.150… → 493.15, not 500
        """
2026-07-20 * "计提利息"
  type: "debt.accrue"
  project: "P2"
  through: 2026-07-20
  Assets:Receivable:Interest:BETA   500.00 CNY
  Liabilities:Entrusted:City       -500.00 CNY
""",
        "debt",
        id="accrual-miscomputed",
    ),
    pytest.param(
        None,  # a mark of 13.00 moves the stake by 100,000 × 13 − 1,250,000 = 50,000
        "\n2026-07-20 price EQ-ACME 13.00 CNY\n",
        "fair-value",
        id="price-without-its-change",
    ),
    pytest.param(
        None,  # the platform's own income
        """
2025-01-01 open Income:Investment:Disposal CNY
2026-07-20 * "收益"
  Assets:Bank:Platform           100.00 CNY
  Income:Investment:Disposal    -100.00 CNY
""",
        "platform-agent",
        id="platform-income",
    ),
]


@pytest.mark.parametrize(("raw", "hand", "rule"), CASES)
def test_refused_by_post_and_by_check(
    base: Ledger, tmp_path: Path, raw: dict[str, Any] | None, hand: str, rule: str
) -> None:
    if raw is not None:
        before = snapshot(base)
        with pytest.raises(PostError) as info:
            post_raw(base, raw)
        assert info.value.rule == rule, info.value
        assert snapshot(base) == before
    ledger = copy(base, tmp_path)
    journal = ledger.journal("platform", 2026)
    journal.write_text(journal.read_text("utf-8") + hand, "utf-8")
    errors = check(ledger).errors["platform"]
    assert any(f"[{rule}]" in e for e in errors), errors


def test_approved_exceptions_are_accepted(base: Ledger, tmp_path: Path) -> None:
    ledger = copy(base, tmp_path)
    override = {"reason": "市政府专题会议同意", "doc_no": "晋市政函〔2026〕7号"}
    post_raw(
        ledger,
        [
            ev(
                "c9",
                "project.convert",
                "2026-07-20",
                project="P3",
                to="equity",
                units=50000,
                total_units=100000,
                override=override,
            ),
            ev(
                "x9",
                "equity.exit",
                "2026-07-20",
                project="P1",
                units=10000,
                amount="110000",
                method="transfer",
                override=override,
            ),
        ],
    )
    result = check(ledger)
    assert result.ok, result.as_dict()
    # The exit 15,000 below the carrying value is the city's: disposal −15,000 … as a debit.
    assert balances(ledger, "city")["Income:Investment:Disposal"] == Decimal("15000.00")
