"""Money parsing, USCC checksum, person codes and personal data (computed by hand)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jcg_ledger.identifiers import (
    IdentifierError,
    find_personal_data,
    is_resident_id,
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
