"""The typed fields every event is made of, and the event base model.

Validation happens at the edge, here: after an event is parsed, the rest of the code sees
`Decimal` amounts, `date` dates and codes that already passed their format and checksum.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from jcg_ledger.identifiers import (
    ENTITY_CODE,
    EVENT_ID,
    PERSON_CODE,
    find_personal_data,
    mixed_script,
    unsafe_character,
    validate_person_code,
    validate_uscc,
)
from jcg_ledger.money import parse_money, parse_percent, parse_quantity, parse_rate

_MONEY_SCHEMA = {
    "anyOf": [
        {"type": "number", "exclusiveMinimum": 0},
        {"type": "string", "pattern": r"^\s*[¥￥]?\s*[0-9][0-9,]*(\.[0-9]+)?\s*[万亿]?元?\s*$"},
    ],
    "description": '元; 万/亿 accepted, e.g. 500000, "500,000.00", "50万", "0.5亿"',
}
_RATE_SCHEMA = {
    "anyOf": [{"type": "number"}, {"type": "string", "pattern": r"^[0-9.]+%?$"}],
    "description": 'fraction (0.03) or percent string ("3%")',
}


# A cell starting with one of these is a formula in Excel or LibreOffice (OWASP's CSV injection
# list: `-2+3+cmd|' /C calc'!A0` runs a command): the reports management opens.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str) -> str:
    """Free text the books will print: no control characters, Beancount quoting, look-alike
    scripts, spreadsheet formulas or personal data."""
    problem = unsafe_character(value) or mixed_script(value)
    if problem:
        raise ValueError(problem)
    if value.startswith(FORMULA_START) or value.lstrip().startswith(FORMULA_START):
        raise ValueError(
            "不得以 = + - @ 制表符或回车开头(表格公式) "
            "may not start with = + - @, a tab or a carriage return (a spreadsheet formula)"
        )
    personal = find_personal_data(value)
    if personal:
        raise ValueError(f"不得含个人信息 personal data not allowed: {personal}")
    return value.strip()


def _no_personal_data(value: str) -> str:
    personal = find_personal_data(value)
    if personal:
        raise ValueError(f"不得含个人信息 personal data not allowed: {personal}")
    return value


def _entity_code(value: str) -> str:
    # fullmatch, not match: `$` also matches before a trailing newline.
    if not ENTITY_CODE.fullmatch(value):
        raise ValueError(f"主体代码格式错误 entity code must match {ENTITY_CODE.pattern}")
    return _no_personal_data(value)


def _event_id(value: str) -> str:
    if not EVENT_ID.fullmatch(value):
        raise ValueError(f"事件编号格式错误 event id must match {EVENT_ID.pattern}")
    return _no_personal_data(value)


# Dates the books can hold: a year outside this range is a typo (or an attack on the yearly
# journal files), never a date of the programme.
MIN_DATE = date(1990, 1, 1)
MAX_DATE = date(2099, 12, 31)


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
DATE_FORMAT_MESSAGE = "日期须写成 YYYY-MM-DD date must be written YYYY-MM-DD, e.g. 2025-01-10"


def _iso_date(value: Any) -> Any:
    """Dates are written YYYY-MM-DD (ASCII digits): "20250110" or a number is not read as a
    timestamp, "2025/1/10" is not guessed."""
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        return value.strip()
    shown = value if isinstance(value, str | int) else type(value).__name__
    raise ValueError(f"{DATE_FORMAT_MESSAGE}, not {shown!r:.40}")


def _book_date(value: date) -> date:
    if not MIN_DATE <= value <= MAX_DATE:
        raise ValueError(f"日期超出范围 date must lie in [{MIN_DATE}, {MAX_DATE}]: {value}")
    return value


def _person(value: str) -> str:
    return validate_person_code(value)


def _uscc(value: str) -> str:
    return validate_uscc(value)


Money = Annotated[Decimal, BeforeValidator(parse_money), WithJsonSchema(_MONEY_SCHEMA)]
Rate = Annotated[Decimal, BeforeValidator(parse_rate), WithJsonSchema(_RATE_SCHEMA)]
Percent = Annotated[
    Decimal,
    BeforeValidator(parse_percent),
    WithJsonSchema({"type": ["number", "string"], "description": "percentage points, 50 = half"}),
]
Quantity = Annotated[
    Decimal,
    BeforeValidator(parse_quantity),
    WithJsonSchema({"type": ["number", "string"], "description": "units, positive"}),
]
Text = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_text)]
# A short label (department, basis kind, level, programme, period): the same protection as Text.
Label = Annotated[str, Field(min_length=1, max_length=32), AfterValidator(_text)]
BookDate = Annotated[
    date,
    BeforeValidator(_iso_date),
    AfterValidator(_book_date),
    WithJsonSchema(
        {"type": "string", "format": "date", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
    ),
]
Code = Annotated[
    str,
    Field(min_length=2, max_length=64),
    AfterValidator(_event_id),
    WithJsonSchema({"type": "string", "pattern": EVENT_ID.pattern, "minLength": 2}),
]
EntityCode = Annotated[
    str,
    AfterValidator(_entity_code),
    WithJsonSchema(
        {"type": "string", "pattern": ENTITY_CODE.pattern, "description": "主体代码 entity code"}
    ),
]
PersonCode = Annotated[
    str,
    AfterValidator(_person),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": PERSON_CODE.pattern,
            "description": "人员代码(化名) pseudonymous person code",
        }
    ),
]
Uscc = Annotated[
    str,
    AfterValidator(_uscc),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$",
            "description": "统一社会信用代码 (GB 32100, checksum verified)",
        }
    ),
]
EventId = Annotated[
    str,
    AfterValidator(_event_id),
    WithJsonSchema(
        {"type": "string", "pattern": EVENT_ID.pattern, "description": "事件编号 event id"}
    ),
]


#: The evidence fields every event may carry (`jcg_ledger.evidence`).
EVIDENCE: tuple[str, ...] = ("doc_no", "bank_ref", "attachments")
MAX_ATTACHMENTS = 20
_BANK_REF = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-_/.]{0,63}")


def _bank_ref(value: str) -> str:
    if not _BANK_REF.fullmatch(value):
        raise ValueError(
            "银行流水号只含字母、数字与 - _ / . bank_ref: letters, digits and - _ / . only "
            "(at most 64)"
        )
    return _no_personal_data(value)


def _attachment(value: str) -> str:
    # Imported here: the evidence module reads files, the models only name them.
    from jcg_ledger.evidence import check_source

    check_source(value)
    return value


BankRef = Annotated[str, AfterValidator(_bank_ref)]
AttachmentPath = Annotated[
    str,
    Field(min_length=1, max_length=4096),
    AfterValidator(_attachment),
    WithJsonSchema({"type": "string", "description": "附件文件路径 path of a file to attach"}),
]


class Event(BaseModel):
    """Fields common to every event: the client's id (idempotency key), type and date."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    # The books each type writes to, for `jcg explain` and the write path's lock scope.
    books: ClassVar[tuple[str, ...]] = ()
    title_zh: ClassVar[str] = ""

    id: EventId
    type: str
    date: BookDate
    memo: Text | None = Field(default=None, description="摘要 narration, optional")
    doc_no: Text | None = Field(
        default=None,
        description="文号 number of the decision or list it comes from (transaction metadata)",
    )
    bank_ref: BankRef | None = Field(
        default=None,
        description="银行流水号 the bank's transaction id (transaction metadata)",
    )
    attachments: tuple[AttachmentPath, ...] | None = Field(
        default=None,
        max_length=MAX_ATTACHMENTS,
        description="附件 paths of files (PDF, scans) kept in the book's documents folder",
    )

    def digest(self) -> str:
        """A content hash of the event as validated: the same event always hashes the same."""
        payload = self.model_dump(mode="json", exclude_none=True, by_alias=True)
        if self.attachments:
            # The files' content, not where they lay on the operator's machine.
            from jcg_ledger.evidence import attachment

            payload["attachments"] = [attachment(p).name for p in self.attachments]
        text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def fields(self) -> dict[str, Any]:
        return self.model_dump(
            exclude=set(EVIDENCE) | {"id", "type", "date", "memo"},
            exclude_none=True,
            by_alias=True,
        )
