"""Money parsing, USCC checksum, person codes and personal data (computed by hand)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jcg_ledger.identifiers import (
    IdentifierError,
    find_personal_data,
    is_resident_id,
    mixed_script,
    unsafe_character,
    validate_person_code,
    validate_uscc,
)
from jcg_ledger.money import MoneyError, parse_money, parse_percent, parse_rate, quantize


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (500000, "500000.00"),
        ("500,000.00", "500000.00"),
        ("50万", "500000.00"),  # 50 × 10,000
        ("0.5亿", "50000000.00"),  # 0.5 × 100,000,000
        ("1.2万元", "12000.00"),
        ("¥ 3,000", "3000.00"),
        (Decimal("0.01"), "0.01"),
    ],
)
def test_money_accepts_what_staff_write(text: object, expected: str) -> None:
    assert parse_money(text) == Decimal(expected)


@pytest.mark.parametrize(
    "bad", [-1, 0, "-5万", "abc", "1e5", "NaN", "Infinity", 1.5, True, "1.001", "10万万", "", None]
)
def test_money_refuses(bad: object) -> None:
    with pytest.raises(MoneyError):
        parse_money(bad)


def test_rates_and_percent() -> None:
    assert parse_rate("3%") == Decimal("0.03")
    assert parse_rate("0.0345") == Decimal("0.0345")
    assert parse_percent(40) == Decimal("0.4")
    with pytest.raises(MoneyError):
        parse_rate("120%")


def test_quantize_is_half_up() -> None:
    assert quantize(Decimal("0.005")) == Decimal("0.01")
    assert quantize(Decimal("2.675")) == Decimal("2.68")


def test_uscc_checksum_reference_values() -> None:
    # REFERENCE.md: two valid codes, one invalid check symbol.
    assert validate_uscc("91110000600037341L") == "91110000600037341L"
    assert validate_uscc("11140500012420117H") == "11140500012420117H"
    assert validate_uscc("9111 0000-6000 37341l") == "91110000600037341L"  # normalised
    with pytest.raises(IdentifierError, match="expected L"):
        validate_uscc("91110000600037341X")
    with pytest.raises(IdentifierError, match="18"):
        validate_uscc("9111000060003734")
    with pytest.raises(IdentifierError, match="invalid symbols"):
        validate_uscc("9111000060003734OL")  # O is not in the alphabet, never mapped to 0


def test_person_codes() -> None:
    assert validate_person_code("P-0001") == "P-0001"
    for bad in ("11010519491231002X", "张三", "ZHANGSAN", "p-1"):
        with pytest.raises(IdentifierError):
            validate_person_code(bad)


def test_personal_data_detection() -> None:
    # 11010519491231002X is the GB 11643 sample: weights sum mod 11 = 2 → check 'X'.
    assert is_resident_id("11010519491231002X")
    assert not is_resident_id("110105194912310021")
    assert find_personal_data("联系人 11010519491231002X") is not None
    assert find_personal_data("电话 13912345678") is not None
    assert find_personal_data("卡号 4111111111111111") is not None  # Luhn-valid test card
    assert find_personal_data("合同金额 3000000 元") is None


def test_uscc_positions_three_to_eight_are_a_region_code() -> None:
    # GB 32100 weights 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28, check = (31 − Σ mod 31):
    # 91110000A0003734 0: 9 + 3 + 9 + 27 + 10×20 + 3×8 + 7×24 + 3×10 + 4×30 = 590 ≡ 1 → 30 = Y.
    # A letter in the organisation code (position 9) is fine.
    assert validate_uscc("91110000A00037340Y") == "91110000A00037340Y"
    # 91A1000060003734 0: 9 + 3 + 10×9 + 27 + 6×20 + 24 + 168 + 30 + 120 = 591 ≡ 2 → 29 = X:
    # a valid check symbol, but position 3 is not a digit.
    with pytest.raises(
        IdentifierError, match=r"第3-8位须为行政区划代码 positions 3-8: '91A10000600037340X'"
    ):
        validate_uscc("91A10000600037340X")


def test_a_card_number_with_doubled_digits_above_four() -> None:
    # 7000 0000 0000 0005: the leading 7 is doubled (16th from the right): 14 → 1 + 4 = 5;
    # with the last 5 the Luhn sum is 10 ≡ 0 — a valid card number.
    assert find_personal_data("卡号 7000 0000 0000 0005") == "银行卡号 bank card number"
    assert find_personal_data("卡号 7000 0000 0000 0004") is None


@pytest.mark.parametrize(
    ("ch", "code"),
    [
        ("\x00", "0000"),  # Cc
        ("\u200b", "200B"),  # Cf: zero-width space
        ("\ud800", "D800"),  # Cs: a lone surrogate
        ("\ue000", "E000"),  # Co: private use
        ("\u0378", "0378"),  # Cn: unassigned
        ("\u2028", "2028"),  # Zl
        ("\u2029", "2029"),  # Zp
    ],
)
def test_control_and_format_characters_are_refused(ch: str, code: str) -> None:
    assert unsafe_character(f"晋城{ch}科技") == f"控制字符 control character U+{code}"


def test_quotes_backslashes_and_look_alike_scripts() -> None:
    assert unsafe_character("晋城ABC科技 100.00 元") is None
    assert unsafe_character('a"b') == "不允许的字符 character '\"' is not allowed"
    assert unsafe_character("a\\b") == "不允许的字符 character '\\\\' is not allowed"
    assert mixed_script("晋城ABC科技 Ltd.") is None
    # Cyrillic а (U+0430) in a Latin word; Greek Α (U+0391); fullwidth Ｉ (U+FF29).
    assert (
        mixed_script("P\u0430ypal") == "混用易混淆字母 word 'Pаypal' mixes scripts CYRILLIC, LATIN"
    )
    assert mixed_script("\u0391pple 1") == "混用易混淆字母 word 'Αpple' mixes scripts GREEK, LATIN"
    assert (
        mixed_script("\uff29BM")
        == "混用易混淆字母 word 'ＩBM' mixes scripts FULLWIDTH LATIN, LATIN"
    )
    assert mixed_script("\uff29\uff22\uff2d 123") is None  # fullwidth alone


def test_personal_data_however_it_is_written() -> None:
    assert find_personal_data("联系人 11010519491231002X") == "身份证号 resident ID number"
    # Arabic-Indic digits (NFKC leaves them) are folded to ASCII: a mobile number.
    assert find_personal_data(
        "电话 \u0661\u0663\u0668\u0660\u0660\u0661\u0663\u0668\u0660\u0660\u0660"
    ) == ("手机号 mobile number")
    # Dots between the groups: found once the separators are squeezed out.
    assert find_personal_data("电话 138.0013.8000") == "手机号 mobile number"
    assert find_personal_data("电话 138.0013.800") is None  # ten digits: not a mobile number
    # A UnionPay number of 19 digits (62 + 17), whatever its check digit.
    assert find_personal_data("卡 6212345678901234567") == "银行卡号 bank card number"


def test_person_code_refusals_name_the_reason() -> None:
    with pytest.raises(
        IdentifierError, match=r"^人员代码不得为姓名 a person code may not be a name$"
    ):
        validate_person_code("P-张三")
    with pytest.raises(
        IdentifierError, match=r"^人员代码须含数字\(疑似姓名\) a person code must contain a digit$"
    ):
        validate_person_code("ZHANGSAN")


def test_letters_without_a_unicode_name_and_more_digits_after_a_card() -> None:
    # Tangut U+17000 is a word character without a name in Python's Unicode database.
    assert mixed_script("\U00017000\U00017001 a") is None
    assert unsafe_character("XX 晋城") is None  # an X is a letter like any other
    # A UnionPay number of 19 digits in groups, followed by a lone digit: the groups are read
    # as one card number (6222 0000 0000 0000 123), before the digits are run together.
    assert find_personal_data("卡号 6222 0000 0000 0000 1 2 3 4") == "银行卡号 bank card number"
