"""Codes and the personal data the books must never hold.

* USCC (统一社会信用代码, GB 32100-2015): 18 symbols of ``0-9A-HJ-NPQRTUWXY``, the last a
  check symbol over the first 17 with weights 3^(i-1) mod 31.
* A person is a pseudonymous code: a resident ID number (身份证号), a mobile number, a bank
  card number or a Chinese name is refused wherever it appears in an event.
"""

from __future__ import annotations

import re
import unicodedata

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]
_RID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_RID_CHECK = "10X98765432"

ENTITY_CODE = re.compile(r"^[A-Z][A-Z0-9-]{0,14}[A-Z0-9]$")
PERSON_CODE = re.compile(r"^[A-Z][A-Z0-9-]{1,14}[A-Z0-9]$")
EVENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$")

_RESIDENT_ID = re.compile(
    r"(?<![0-9])[1-9]\d{5}(19|20)\d{2}(0[1-9]|1[0-2])\d{2}\d{3}[0-9Xx](?![0-9])"
)
_MOBILE = re.compile(r"(?<![0-9])(\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?![0-9])")
_DIGIT_RUN = re.compile(r"(?<![0-9])\d(?:[ -]?\d){15,18}(?![0-9])")
# China UnionPay (银联) card numbers: issuer prefix 62, 16 to 19 digits. Refused whatever their
# Luhn digit: a number with one digit mistyped (or altered on purpose) still identifies the card.
_UNIONPAY = re.compile(r"62\d{14,17}")
_CJK = re.compile(r"[\u3400-\u9fff]")


class IdentifierError(ValueError):
    """A code that fails its format or checksum, or personal data where none may be."""


def normalise_uscc(text: str) -> str:
    return text.replace(" ", "").replace("-", "").upper()


def uscc_check_symbol(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def validate_uscc(text: str) -> str:
    """Return the normalised USCC or raise `IdentifierError` naming what is wrong."""
    code = normalise_uscc(text)
    if len(code) != 18:
        raise IdentifierError(f"统一社会信用代码须为18位 USCC must have 18 symbols: {text!r}")
    bad = [c for c in code if c not in USCC_ALPHABET]
    if bad:
        raise IdentifierError(
            f"统一社会信用代码含非法字符 USCC has invalid symbols {bad}: {text!r}"
        )
    if not code[2:8].isdigit():
        raise IdentifierError(f"统一社会信用代码第3-8位须为行政区划代码 positions 3-8: {text!r}")
    expected = uscc_check_symbol(code[:17])
    if code[17] != expected:
        raise IdentifierError(
            f"统一社会信用代码校验位错误 USCC check symbol is {code[17]}, expected {expected}: {text!r}"
        )
    return code


def is_resident_id(text: str) -> bool:
    """A checksum-valid 18-digit resident ID number (GB 11643)."""
    if len(text) != 18 or not text[:17].isdigit():
        return False
    total = sum(int(c) * w for c, w in zip(text[:17], _RID_WEIGHTS, strict=True))
    return _RID_CHECK[total % 11] == text[17].upper()


def _luhn(digits: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _ascii_digits(text: str) -> str:
    """Fold compatibility forms (full-width ``１３８``) and every script's decimal digits to ASCII.

    Without this a mobile number typed in full-width or Arabic-Indic digits would pass the
    ASCII patterns below and land in the books.
    """
    folded = unicodedata.normalize("NFKC", text)
    return "".join(
        str(unicodedata.decimal(ch))
        if not ch.isascii() and unicodedata.decimal(ch, None) is not None
        else ch
        for ch in folded
    )


# Separators people put inside a number ("138 0013 8000", "138.0013.8000", "138_0013_8000").
_DIGIT_SEPARATORS = re.compile(r"(?<=\d)[\s._\-/·]+(?=\d)")


def find_personal_data(text: str) -> str | None:
    """Name the kind of personal data in ``text``, or None.

    Resident ID numbers (checksum-valid), mobile numbers and bank card numbers (16-19 digits,
    Luhn-valid, or UnionPay's ``62…`` whatever the check digit) are refused anywhere: the books
    are public-money records read by many people.
    Digits are folded to ASCII first, and the text is checked a second time with separators
    between digits removed, so spacing or punctuation cannot smuggle a number through.
    """
    folded = _ascii_digits(text)
    squeezed = _DIGIT_SEPARATORS.sub("", folded)
    for variant in (folded, squeezed) if squeezed != folded else (folded,):
        found = _find_personal_data(variant)
        if found:
            return found
    return None


def _find_personal_data(text: str) -> str | None:
    for m in _RESIDENT_ID.finditer(text):
        if is_resident_id(m.group(0)):
            return "身份证号 resident ID number"
    if _MOBILE.search(text):
        return "手机号 mobile number"
    for m in _DIGIT_RUN.finditer(text):
        digits = re.sub(r"[ -]", "", m.group(0))
        if 16 <= len(digits) <= 19 and (_luhn(digits) or _UNIONPAY.fullmatch(digits)):
            return "银行卡号 bank card number"
    return None


def unsafe_character(text: str) -> str | None:
    """Describe the first character a ledger text may not hold, or None.

    Control and format characters (newlines, bidi overrides, zero-width joiners) could hide or
    reorder what an auditor reads; quotes and backslashes are Beancount string syntax.
    """
    for ch in text:
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            return f"控制字符 control character U+{ord(ch):04X}"
        if ch in '"\\':
            return f"不允许的字符 character {ch!r} is not allowed"
    return None


# Scripts whose letters look like Latin ones (а/a, ο/o, Ｉ/I): mixing them in one word is how a
# forged name imitates a real one. CJK beside Latin ("晋城ABC科技") is ordinary and allowed.
_CONFUSABLE_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK", "FULLWIDTH LATIN")
_WORD = re.compile(r"\w+")


def _script(ch: str) -> str | None:
    name = unicodedata.name(ch, "")
    if name.startswith("FULLWIDTH LATIN"):
        return "FULLWIDTH LATIN"
    for script in _CONFUSABLE_SCRIPTS:
        if name.startswith(script + " "):
            return script
    return None


def mixed_script(text: str) -> str | None:
    """Describe a word that mixes look-alike scripts (Latin with Cyrillic or Greek), or None."""
    for word in _WORD.findall(text):
        scripts = {s for s in map(_script, word) if s}
        if len(scripts) > 1:
            return f"混用易混淆字母 word {word!r} mixes scripts {', '.join(sorted(scripts))}"
    return None


def validate_person_code(code: str) -> str:
    """A pseudonymous person code such as ``P-0001``: never an ID number or a name."""
    if is_resident_id(code.upper()) or re.fullmatch(r"\d{15}|\d{17}[\dXx]", code):
        raise IdentifierError(
            "人员代码不得为身份证号 a person code may not be a resident ID number"
        )
    if _CJK.search(code):
        raise IdentifierError("人员代码不得为姓名 a person code may not be a name")
    if not PERSON_CODE.fullmatch(code):
        raise IdentifierError(
            f"人员代码格式错误 person code must match {PERSON_CODE.pattern}: {code!r}"
        )
    personal = find_personal_data(code)
    if personal:
        raise IdentifierError(f"人员代码不得含个人信息 a person code may not hold a {personal}")
    if not any(c.isdigit() for c in code):
        # A code of letters only reads like a name in pinyin (ZHANGSAN); codes carry a number.
        raise IdentifierError("人员代码须含数字(疑似姓名) a person code must contain a digit")
    return code
