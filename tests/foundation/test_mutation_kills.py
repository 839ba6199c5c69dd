"""Hand-computed cases that kill mutants of the money code (docs/testing.md).

Each case is one a realistic one-line bug would get wrong while the rest of the suite stayed
green: 万 with more than two decimals, XIRR's bisection fallback, a reconciliation difference
under 1 元, a USCC whose check symbol is ``0``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, localcontext

import pytest
from beancount import loader
from beancount.core import data

from jcg_ledger import finance
from jcg_ledger.finance import moic, simple_interest, xirr
from jcg_ledger.identifiers import (
    IdentifierError,
    find_personal_data,
    is_resident_id,
    uscc_check_symbol,
    validate_person_code,
    validate_uscc,
)
from jcg_ledger.money import (
    MoneyError,
    format_yuan,
    parse_money,
    parse_percent,
    parse_quantity,
    parse_rate,
)
from jcg_ledger.reconcile import balances_by_date, posts_to_mirror, reconcile
from jcg_ledger.reports.base import Column, Table


def test_wan_and_yi_with_more_than_two_decimals() -> None:
    # The two-decimals rule applies to the amount in 元, after 万/亿 multiply.
    assert parse_money("1.234万") == Decimal("12340.00")  # 1.234 × 10,000
    assert parse_money("0.000001亿") == Decimal("100.00")  # 0.000001 × 100,000,000
    assert parse_money("1.23456万元") == Decimal("12345.60")
    # 1.234567万 = 12,345.67 元 is an amount; 1.2345678万 = 12,345.678 元 is not.
    assert parse_money("1.234567万") == Decimal("12345.67")
    with pytest.raises(MoneyError, match="two decimals"):
        parse_money("1.2345678万")


def test_xirr_bisection_fallback() -> None:
    # −1 on 2025-01-01, +0.01 a year later: (1 + r) = 0.01 → r = −0.99. A nil flow mid-year
    # adds nothing to the NPV or its slope, and makes three terms: not the two-flow closed form.
    flows = [(date(2025, 1, 1), Decimal(-1)), (date(2025, 6, 1), Decimal(0)),
             (date(2026, 1, 1), Decimal("0.01"))]  # fmt: skip
    # Newton from 10% leaves the bracket on its first step: NPV(0.1) = −1 + 0.01/1.1 and
    # NPV'(0.1) = −0.01/1.1², so the step is (−1 + 0.01/1.1) × 1.21/−0.01 = −(121 − 1.1)
    # → 0.1 − 119.9 = −119.8, below −0.999999: the answer comes from bisection.
    terms = finance._year_fractions(flows, 365)
    value, slope = finance._npv_and_derivative(Decimal("0.1"), terms)
    assert abs(value / slope - Decimal("119.9")) < Decimal("1e-30")
    rate = xirr(flows)
    assert rate is not None and abs(rate - Decimal("-0.99")) < Decimal("1e-9")
    with localcontext() as ctx:
        ctx.prec = 40  # xirr's working precision
        assert rate == finance._bisect(terms)


def test_xirr_bisection_without_a_root_in_the_bracket() -> None:
    # A gain of 10^6× in a year (r = 999,999) lies beyond the bracket's 1000×: no answer.
    flows = [(date(2025, 1, 1), Decimal(-1)), (date(2026, 1, 1), Decimal(1_000_000))]
    assert xirr(flows) is None


BOOKS = {
    "city": """
2025-01-01 open Assets:Entrusted:Platform CNY
2025-01-01 open Assets:Bank:City CNY
2025-03-01 * "委托" ^fund-1
  Assets:Entrusted:Platform   1000.00 CNY
  Assets:Bank:City           -1000.00 CNY
""",
    "platform": """
2025-01-01 open Liabilities:Entrusted:City CNY
2025-01-01 open Assets:Bank:Platform CNY
2025-03-01 * "委托" ^fund-1
  Assets:Bank:Platform          999.50 CNY
  Liabilities:Entrusted:City   -999.50 CNY
""",
}


def test_reconciliation_reports_a_difference_of_fifty_fen() -> None:
    books = {name: loader.load_string(text)[0] for name, text in BOOKS.items()}
    differences = reconcile(books)
    # 1,000.00 on the city's side, 999.50 on the platform's: one difference, 0.50.
    assert len(differences) == 1
    (only,) = differences
    assert only.link == "fund-1"
    assert "1000.00" in only.message and "999.50" in only.message
    # The same pair agreeing to the fen reconciles.
    books["platform"] = loader.load_string(BOOKS["platform"].replace("999.50", "1000.00"))[0]
    assert reconcile(books) == []


def test_uscc_whose_check_symbol_is_zero() -> None:
    # Weights 3^i mod 31: 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28. For
    # 9111000060003734F: 9 + 3 + 9 + 27 + 6×20 + 3×8 + 7×24 + 3×10 + 4×30 + 15(F)×28
    # = 510 + 420 = 930 = 30 × 31 → (31 − 0) mod 31 = 0 → check symbol '0'.
    assert uscc_check_symbol("9111000060003734F") == "0"
    assert validate_uscc("9111000060003734F0") == "9111000060003734F0"
    with pytest.raises(IdentifierError, match="expected 0"):
        validate_uscc("9111000060003734F1")


def test_simple_interest_edges() -> None:
    d = date(2025, 6, 1)
    # No days, no interest: a start equal to the end is allowed.
    assert simple_interest(Decimal(5_000_000), Decimal("0.03"), d, d, 365) == 0
    with pytest.raises(ValueError, match="before start"):
        simple_interest(Decimal(1), Decimal("0.03"), d, date(2025, 5, 31), 365)
    with pytest.raises(ValueError, match="year_days must be positive"):
        simple_interest(Decimal(1), Decimal("0.03"), d, d, 0)


def test_moic_of_one_yuan() -> None:
    # 1 元 invested, 2 元 back and 0.50 unrealised: (2 + 0.5) / 1 = 2.5.
    assert moic(Decimal(1), Decimal(2), Decimal("0.5")) == Decimal("2.5")
    assert moic(Decimal(0), Decimal(2)) is None


def test_format_yuan() -> None:
    assert format_yuan(Decimal("1234567.8")) == "1,234,567.80"
    assert format_yuan(Decimal("0.005")) == "0.01"  # half up


def test_mirrored_transactions_and_running_balances() -> None:
    city = loader.load_string(BOOKS["city"])[0]
    transfer = next(e for e in city if isinstance(e, data.Transaction))
    assert posts_to_mirror("city", transfer)
    assert not posts_to_mirror("fund", transfer)  # the fund's mirrors are other accounts
    more = BOOKS["city"] + (
        '2025-03-01 * "again"\n  Assets:Entrusted:Platform  500.00 CNY\n  Assets:Bank:City\n'
        '2025-04-02 * "back"\n  Assets:Entrusted:Platform  -200.00 CNY\n  Assets:Bank:City\n'
    )
    entries = loader.load_string(more)[0]
    # 2025-03-01: 1,000 + 500 = 1,500; 2025-04-02: 1,500 − 200 = 1,300.
    assert balances_by_date(entries, "Assets:Entrusted") == [
        (date(2025, 3, 1), Decimal("1500.00")),
        (date(2025, 4, 2), Decimal("1300.00")),
    ]
    assert balances_by_date(entries, "Assets:Entrusted:Platform:Sub") == []


def test_person_code_refusals_name_the_reason() -> None:
    # A valid resident ID (GB 11643 sample), and 18 digits with a wrong check (…0021, …003X,
    # …003x: the weights give 4 → '8', not X) or an old 15-digit number: all ID-like.
    for code in ("11010519491231002X", "110105194912310021", "11010519491231003X",
                 "11010519491231003x", "110105491231002"):  # fmt: skip
        with pytest.raises(IdentifierError, match="may not be a resident ID number"):
            validate_person_code(code)
    with pytest.raises(IdentifierError, match="a person code may not be a name"):
        validate_person_code("张三")
    with pytest.raises(IdentifierError, match="person code must match"):
        validate_person_code("p-1")
    with pytest.raises(IdentifierError, match="may not hold a 手机号 mobile number"):
        validate_person_code("P-13912345678")
    with pytest.raises(IdentifierError, match="a person code must contain a digit"):
        validate_person_code("ZHANGSAN")


def test_resident_id_shape() -> None:
    assert not is_resident_id("11010519491231002")  # 17 symbols
    assert not is_resident_id("A1010519491231002X")  # a letter among the first 17


def test_luhn_bank_cards() -> None:
    # 4012888888881881, from the right, doubling every second digit (a doubled digit above 4
    # loses 9): doubled 8,1,8,8,8,8,1,4 → 7+2+7+7+7+7+2+8 = 47; the others 1,8,8,8,8,8,2,0
    # = 43; 47 + 43 = 90 ≡ 0 (mod 10): a card number.
    assert find_personal_data("卡号 4012888888881881") == "银行卡号 bank card number"
    # 5555555555554444: doubled 4,4 → 8+8 and six 5s → 1 each = 22; the others 4,4 and six
    # 5s = 38; 60 ≡ 0: a card number.
    assert find_personal_data("卡号 5555555555554444") == "银行卡号 bank card number"
    # 4012888888881882: 91, not a multiple of 10 (and not UnionPay's 62…): a plain number.
    assert find_personal_data("编号 4012888888881882") is None


def test_report_totals_row() -> None:
    table = Table(
        "t",
        "表",
        "table",
        [Column("who", "谁", "who"), Column("amount", "金额", "amount", "money")],
    )
    table.rows = [
        {"who": "A", "amount": Decimal("1000.50"), "fee": Decimal("1.25")},
        {"who": "B", "amount": None, "fee": Decimal("2.00")},
        {"who": "C", "amount": Decimal("99.50")},
    ]
    # 1,000.50 + 0 (none) + 99.50 = 1,100.00; fees 1.25 + 2.00 + 0 (missing) = 3.25.
    table.total("amount", "fee")
    assert table.totals == {
        "who": "合计 Total",
        "amount": Decimal("1100.00"),
        "fee": Decimal("3.25"),
    }
    table.total("amount", label_key="fee")
    assert table.totals == {"amount": Decimal("1100.00"), "fee": "合计 Total"}
    empty = Table("e", "空", "empty", [Column("who", "谁", "who")])
    empty.total("amount")
    assert empty.totals == {"who": "合计 Total", "amount": Decimal(0)}
    assert isinstance(empty.totals["amount"], Decimal)  # a money cell, written as 0.00


def test_quantities() -> None:
    assert parse_quantity("1,000") == Decimal(1000)
    assert parse_quantity(Decimal("0.5")) == Decimal("0.5")
    with pytest.raises(MoneyError) as large:
        parse_quantity("1000000000000000")
    assert str(large.value) == "数量过大 quantity too large"
    for bad, reason in (("0", "quantity must be positive"), ("-1", "quantity must be positive"),
                        ("1000000000000000", "quantity too large"), (Decimal("1E+15"), "quantity too large")):  # fmt: skip
        with pytest.raises(MoneyError, match=reason):
            parse_quantity(bad)
    # 10^15 − 1 units (adjusted exponent 14) is still a quantity.
    assert parse_quantity(Decimal("999999999999999")) == Decimal("999999999999999")


def test_rates_and_percents_at_their_bounds() -> None:
    # A rate lies in [0, 1]: both ends included.
    assert parse_rate("0") == 0 and parse_rate("0%") == 0
    assert parse_rate("1") == 1 and parse_rate("100%") == 1
    with pytest.raises(MoneyError, match=r"rate must lie in \[0, 1\]"):
        parse_rate("1.01")
    # A percent lies in (0, 100]: 0 excluded, 100 included.
    assert parse_percent("50%") == Decimal("0.5")
    assert parse_percent("100") == 1
    for bad in ("0", "150", "100.5"):
        with pytest.raises(MoneyError, match=r"percent must lie in \(0, 100\]"):
            parse_percent(bad)
    with pytest.raises(MoneyError, match="not a number"):
        parse_percent("50X")  # only a trailing % is stripped


def test_xirr_bisection_edges() -> None:
    on, later = date(2025, 1, 1), date(2026, 1, 1)
    nil = (date(2025, 6, 1), Decimal(0))  # a third term: Newton and bisection, not closed form
    # A root exactly at the bracket's low end: (1 + r) = 0.000001 → r = −0.999999.
    assert xirr([(on, Decimal(-1)), (later, Decimal("0.000001"))]) == Decimal("-0.999999")
    assert xirr([(on, Decimal(-1)), nil, (later, Decimal("0.000001"))]) == Decimal("-0.999999")
    # NPV at the low end only just positive (−1 + 0.0000015/0.000001 = 0.5): still bisected,
    # to (1 + r) = 0.0000015 → r = −0.9999985.
    rate = xirr([(on, Decimal(-1)), nil, (later, Decimal("0.0000015"))])
    assert rate is not None and abs(rate - Decimal("-0.9999985")) < Decimal("1e-9")
    # 1,500× in a year: r = 1,499 lies beyond the bracket (NPV at 1000 = −1 + 1500/1001 ≈ 0.5,
    # positive like at the low end): no answer, in closed form or not.
    assert xirr([(on, Decimal(-1)), (later, Decimal(1500))]) is None
    assert xirr([(on, Decimal(-1)), nil, (later, Decimal(1500))]) is None
    # Flows on one day: the NPV is +1 whatever the rate (no slope, no sign change): no answer.
    assert xirr([(on, Decimal(2)), (on, Decimal(-1))]) is None


def test_what_a_money_refusal_says() -> None:
    cases: list[tuple[object, str]] = [
        (True, "不是数字 not a number"),
        (1.5, "不接受浮点数,请写成字符串 floats are not accepted; write a string"),
        (Decimal("NaN"), "不是有限数 not a finite number"),
        ([1], "不是数字 not a number"),
        ("12a", "不是数字 not a number: '12a'"),
        ("-5", "金额必须为正 amount must be positive: -5"),
        ("1000000000000000", "金额过大 amount too large"),  # 10^15
    ]
    for value, message in cases:
        with pytest.raises(MoneyError) as refused:
            parse_money(value)
        assert str(refused.value) == message, value
    # 10^14 元 is the largest order of magnitude taken.
    assert parse_money("100000000000000") == Decimal("100000000000000.00")
    # The full-width yuan sign is decoration, like ¥ and 元.
    assert parse_money("￥1,000") == parse_money("¥1,000元") == Decimal("1000.00")
    with pytest.raises(MoneyError) as rate:
        parse_rate("2")
    assert str(rate.value) == "比率须在0到1之间 rate must lie in [0, 1]: '2'"
    with pytest.raises(MoneyError) as percent:
        parse_percent("0")
    assert str(percent.value) == "百分比须在0到100之间 percent must lie in (0, 100]: '0'"


def test_reconciliation_messages_and_pairing() -> None:
    books = {name: loader.load_string(text)[0] for name, text in BOOKS.items()}
    (only,) = reconcile(books)
    # Both sides named by file and line (the transactions are on line 4 of each text).
    assert only.message == (
        "对账不符 委托平台资金 entrusted funds ^fund-1: city Assets:Entrusted:Platform 1000.00 "
        "≠ platform Liabilities:Entrusted:City 999.50 [<string>:4 ↔ <string>:4]"
    )
    assert (only.left, only.right, only.mirror) == (
        "<string>:4",
        "<string>:4",
        "委托平台资金 entrusted funds",
    )
    # One link paid in two parts on the city's side, 600 + 400, against 1,000 in one: agrees.
    split = BOOKS["city"].replace("1000.00 CNY", "600.00 CNY").replace("-1000.00", "-600.00") + (
        '2025-03-01 * "委托" ^fund-1\n  Assets:Entrusted:Platform  400.00 CNY\n'
        "  Assets:Bank:City  -400.00 CNY\n"
    )
    whole = BOOKS["platform"].replace("999.50", "1000.00")
    pair = {"city": loader.load_string(split)[0], "platform": loader.load_string(whole)[0]}
    assert reconcile(pair) == []
    # The same amounts a day apart do not reconcile.
    late = {
        "city": pair["city"],
        "platform": loader.load_string(whole.replace("2025-03-01 *", "2025-03-02 *"))[0],
    }
    assert [d.link for d in reconcile(late)] == ["fund-1"]
    # A flow on one side only: the other is named missing, its amount 0.
    alone = {
        "city": books["city"],
        "platform": loader.load_string(BOOKS["platform"].replace("^fund-1", "^fund-2"))[0],
    }
    found = {d.link: d for d in reconcile(alone)}
    assert sorted(found) == ["fund-1", "fund-2"]
    assert found["fund-1"].right == "(platform 无对应分录 missing)"
    assert found["fund-1"].message.startswith(
        "对账不符 委托平台资金 entrusted funds ^fund-1: city Assets:Entrusted:Platform 1000.00 ≠ "
        "platform Liabilities:Entrusted:City 0 "
    )
    assert found["fund-2"].left == "(city 无对应分录 missing)"
    assert " city Assets:Entrusted:Platform 0 ≠ platform Liabilities:Entrusted:City 999.50 " in (
        found["fund-2"].message
    )
    # Unlinked flows pair up in order: two on the city's side, one on the platform's.
    unlinked = {
        "city": loader.load_string(split.replace(" ^fund-1", ""))[0],
        "platform": loader.load_string(whole.replace(" ^fund-1", "").replace("1000.00", "600.00"))[
            0
        ],
    }
    assert [d.link for d in reconcile(unlinked)] == ["<unlinked 1>"]
    # A book missing: nothing to compare.
    assert reconcile({"city": books["city"]}) == []


def test_xirr_without_a_sign_change_and_flat_flows() -> None:
    on, later = date(2025, 1, 1), date(2026, 1, 1)
    assert xirr([(on, Decimal(1)), (later, Decimal(1))]) is None  # all received
    assert xirr([(on, Decimal("0.5")), (later, Decimal(2))]) is None  # all received, < 1
    assert xirr([(on, Decimal(-1)), (later, Decimal(0))]) is None  # paid, nothing back
    assert xirr([(on, Decimal(0)), (later, Decimal(1))]) is None  # nothing paid
    # In and out on one day: the NPV is 0 at every rate (no slope for Newton); the bisection
    # answers with the bracket's low end, where it first finds the NPV at 0.
    assert xirr([(on, Decimal(1)), (on, Decimal(-1))]) == Decimal("-0.999999")


def test_simple_interest_on_a_one_day_year() -> None:
    # 100 × 1% × 1 day / 1 = 1 (any positive year length is a day count).
    assert (
        simple_interest(Decimal(100), Decimal("0.01"), date(2025, 1, 1), date(2025, 1, 2), 1) == 1
    )


def test_reconciliation_reads_past_other_entries_and_numbers_unlinked_flows() -> None:
    # Entries the mirror does not touch come first (opens, a bank-only transfer): skipped.
    city = BOOKS["city"].replace(
        '2025-03-01 * "委托" ^fund-1',
        '2025-02-01 * "internal"\n  Assets:Bank:City  1.00 CNY\n  Assets:Bank:City  -1.00 CNY\n'
        '2025-03-01 * "委托" ^fund-1',
    )
    books = {
        "city": loader.load_string(city)[0],
        "platform": loader.load_string(BOOKS["platform"])[0],
    }
    (only,) = reconcile(books)
    assert only.link == "fund-1" and "city Assets:Entrusted:Platform 1000.00 ≠" in only.message
    # Unlinked flows are numbered in order, a linked one taking no number: the city posts
    # 100 (unlinked 0), 1,000 ^fund-1, 200 (unlinked 1), 300 (unlinked 2); the platform the
    # three unlinked first and ^fund-1 last. Pairs by number and by link: all agree.
    city_order = [("100.00", ""), ("1000.00", " ^fund-1"), ("200.00", ""), ("300.00", "")]
    platform_order = [("100.00", ""), ("200.00", ""), ("300.00", ""), ("1000.00", " ^fund-1")]

    def flows(account: str, other: str, sign: str, order: list[tuple[str, str]]) -> str:
        text = "".join(f"2025-01-01 open {a} CNY\n" for a in (account, other))
        for amount, link in order:
            text += f'2025-03-01 * "委托"{link}\n  {account}  {sign}{amount} CNY\n  {other}\n'
        return text

    pair = {
        "city": loader.load_string(
            flows("Assets:Entrusted:Platform", "Assets:Bank:City", "", city_order)
        )[0],
        "platform": loader.load_string(
            flows("Liabilities:Entrusted:City", "Assets:Bank:Platform", "-", platform_order)
        )[0],
    }
    assert reconcile(pair) == []
    # The city and fund books alone: the city–platform mirror is skipped, the fund's compared.
    fund_pair = {
        "city": loader.load_string(
            "2025-01-01 open Assets:Investment:Fund CNY\n2025-01-01 open Assets:Bank:City CNY\n"
            '2025-04-01 * "出资" ^cap-1\n  Assets:Investment:Fund  500.00 CNY\n  Assets:Bank:City\n'
        )[0],
        "fund": loader.load_string(
            "2025-01-01 open Equity:Capital:Government CNY\n2025-01-01 open Assets:Bank:Fund CNY\n"
            '2025-04-01 * "出资" ^cap-1\n  Assets:Bank:Fund  400.00 CNY\n  Equity:Capital:Government\n'
        )[0],
    }
    (gap,) = reconcile(fund_pair)
    assert gap.link == "cap-1" and gap.mirror == "政府基金出资 government capital in the fund"
    assert " 500.00 ≠ fund Equity:Capital:Government 400.00 " in gap.message
