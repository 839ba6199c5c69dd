"""Personal data: resident ID numbers, mobile numbers and bank card numbers are refused in any
field, narration or code; a person appears only by pseudonymous code; no event type carries a
person's name."""

from __future__ import annotations

from typing import Any

import pytest

from jcg_ledger.events import MODELS, EventError, parse_event, type_name
from jcg_ledger.identifiers import IdentifierError, find_personal_data, validate_person_code
from tests.reliability.hostile import CARD, MOBILE, RESIDENT_ID

DISGUISES = [
    RESIDENT_ID,
    RESIDENT_ID.lower(),
    f"身份证{RESIDENT_ID}号",
    MOBILE,
    "+86 138 0013 8000",
    "+86-138-0013-8000",
    "138.0013.8000",
    "１３８００１３８０００",  # full-width digits
    "١٣٨٠٠١٣٨٠٠٠",  # Arabic-Indic digits
    CARD,
    " ".join(CARD[i : i + 4] for i in range(0, len(CARD), 4)),
]
HARMLESS = ["2025-01-06", "合同编号 2025-013", "金额 3000000 元", "ACME-2025", "第12期", "0.5亿"]


@pytest.mark.parametrize("text", DISGUISES)
def test_detected_in_every_disguise(text: str) -> None:
    assert find_personal_data(text) is not None
    assert find_personal_data(f"备注 {text} 完") is not None


@pytest.mark.parametrize("text", HARMLESS)
def test_ordinary_numbers_pass(text: str) -> None:
    assert find_personal_data(text) is None


def test_wrong_checksum_id_is_not_an_id() -> None:
    assert find_personal_data(RESIDENT_ID[:-1] + "1") is None


BASES: dict[str, dict[str, Any]] = {
    "entity.register": {"entity": "ACME", "kind": "company", "name": "某公司"},
    "subsidy.clawback": {"approval": "a-1", "amount": "1.00", "reason": "原因"},
    "fund.fee": {"amount": "1.00", "period": "2025-Q1"},
    "project.fund": {"amount": "1.00"},
    "subsidy.approve": {"entity": "ACME", "measure": "m1", "subject": "平台"},
}


@pytest.mark.parametrize("etype", sorted(BASES))
@pytest.mark.parametrize("text", [RESIDENT_ID, MOBILE, CARD])
def test_refused_in_every_text_field_and_memo(etype: str, text: str) -> None:
    base = {"id": "ev-1", "type": etype, "date": "2025-02-03", **BASES[etype]}
    parse_event(base)  # the base itself is valid
    for key, value in [*BASES[etype].items(), ("memo", None)]:
        if key in ("amount", "kind"):
            continue
        bad = f"备注 {text}" if value is None or not str(value).isascii() else f"A{text}"
        with pytest.raises(EventError) as caught:
            parse_event({**base, key: bad})
        assert caught.value.field == key


@pytest.mark.parametrize(
    "code", [RESIDENT_ID, "110105194912310", "P13800138000", "张三", "ZHANGSAN"]
)
def test_person_codes_are_pseudonyms(code: str) -> None:
    with pytest.raises(IdentifierError):
        validate_person_code(code)
    assert validate_person_code("P-0001") == "P-0001"


def test_no_event_type_carries_a_persons_name() -> None:
    person_fields = {"name", "person_name", "full_name", "id_number", "phone", "mobile", "card"}
    for model in MODELS:
        names = set(model.model_fields)
        if type_name(model) == "entity.register":
            names.discard("name")  # an entity's (company's) name
        assert not names & person_fields, type_name(model)
    person = next(m for m in MODELS if type_name(m) == "person.register")
    assert person.model_fields["person"].annotation is str  # a code, validated as pseudonym
