"""A fixed corpus of hostile inputs for `jcg post`, and the run that counts the refusals.

Every item must be refused by the command line with exit code 1, a message, no traceback,
and the books byte-identical. The property tests in test_hostile.py explore beyond it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jcg_ledger.books.layout import Ledger
from tests.reliability.harness import books_bytes, entity_event, fund_event, run_cli


def luhn_complete(prefix: str) -> str:
    """Append the Luhn check digit (a bank card number that passes the checksum)."""
    for d in "0123456789":
        digits = prefix + d
        total = 0
        for i, c in enumerate(reversed(digits)):
            n = int(c)
            if i % 2 == 1:
                n = n * 2 - 9 if n > 4 else n * 2
            total += n
        if total % 10 == 0:
            return digits
    raise AssertionError


RESIDENT_ID = "11010519491231002X"  # the GB 11643 example, checksum-valid
MOBILE = "13800138000"
CARD = luhn_complete("622202020011223344")

# Strings no text field may take: Beancount syntax, control and format characters, look-alike
# scripts, spreadsheet formulas, personal data in several disguises, lengths.
NASTY_TEXT: list[str] = [
    '"\n2025-01-01 open Assets:X',
    "x\n2025-01-01 open Assets:X CNY",
    'x\r\n2025-01-01 * "forged"',
    'quote " inside',
    "back\\slash",
    "nul\x00byte",
    "esc \x1b[31m red",
    "bell\x07",
    "tab\tinside",
    "rtl \u202eevil",
    "zero\u200bwidth",
    "line\u2028separator",
    "para\u2029separator",
    "bom\ufeffinside",
    "private \ue000 use",
    "Аcme Tech",  # Cyrillic А before Latin
    "pаypal",  # Cyrillic а inside a Latin word
    "Αlpha",  # Greek Α
    "ＡCME",  # full-width Ａ beside Latin
    "=HYPERLINK(1)",
    "=1+2",
    "+cmd",
    "@SUM(A1)",
    "x" * 201,
    "",
    f"张三 {RESIDENT_ID}",
    f"电话 {MOBILE}",
    "电话 +86 138 0013 8000",
    "电话 138-0013-8000",
    "电话 １３８００１３８０００",
    "电话 1 3 8 0 0 1 3 8 0 0 0",
    f"卡号 {CARD}",
    f"卡号 {CARD[:4]} {CARD[4:8]} {CARD[8:12]} {CARD[12:16]} {CARD[16:]}",
]

# Entity codes are `[A-Z][A-Z0-9-]` ASCII; project codes also take lower case and `._/`.
# (Leading and trailing white space is stripped before validation, so "ACME\n" is "ACME".)
NASTY_CODES: list[Any] = [
    "AC ME",
    "AC\nME",
    "ÀCME",
    "АCME",  # Cyrillic А
    "ＡＣＭＥ",
    "A" * 17,
    "A",
    "-ACME",
    f"A{MOBILE}",
    "ACME\u200b",
    'AC"ME',
    "",
    123,
    None,
    ["ACME"],
    {"x": 1},
]

NASTY_IDS: list[Any] = [
    "",
    "a b",
    "a\nb",
    "x" * 65,
    "\x1b[2Jclear",
    'id"quote',
    MOBILE,
    RESIDENT_ID,
    12,
    None,
    [],
    {},
]

NASTY_AMOUNTS: list[Any] = [
    -1,
    0,
    "-5",
    "0.00",
    "0.001",
    "1e5",
    "1,00",
    "NaN",
    "Infinity",
    "-Infinity",
    "1" * 20,
    10**20,
    "万",
    "亿亿",
    "5万万",
    "¥-3",
    True,
    None,
    [],
    {},
    "",
    " ",
    "１２３abc",
]

NASTY_DATES: list[Any] = [
    "2025-02-30",
    "2025-13-01",
    "0001-01-01",
    "1899-12-31",
    "9999-12-31",
    "2100-01-01",
    "2025-1-1x",
    "",
    None,
    0,
    -1,
    [],
    "2025-02-03T00:00:00\n2025-01-01 open Assets:X",
]

# Raw inputs: (name, bytes). The name's suffix picks the reader, as for a file staff hand in.
RAW: list[tuple[str, bytes]] = [
    ("empty.json", b""),
    ("blank.json", b"   \n\t  "),
    ("bom-only.json", b"\xef\xbb\xbf"),
    ("open-brace.json", b"{"),
    ("missing-value.json", b'{"id":}'),
    ("trailing-comma.json", b'[{"id":"a","type":"project.fund"},]'),
    ("nan.json", b'{"id":"a","type":"project.fund","date":"2025-02-03","amount":NaN}'),
    ("inf.json", b'{"id":"a","type":"project.fund","date":"2025-02-03","amount":Infinity}'),
    ("neg-inf.json", b'{"id":"a","type":"project.fund","date":"2025-02-03","amount":-Infinity}'),
    ("huge-exp.json", b'{"id":"a","type":"project.fund","date":"2025-02-03","amount":1e400}'),
    ("tiny-exp.json", b'{"id":"a","type":"project.fund","date":"2025-02-03","amount":1e-400}'),
    ("long-int.json", b'{"id":"a","type":"project.fund","amount":' + b"9" * 5000 + b"}"),
    ("deep-array.json", b"[" * 100_000),
    ("deep-object.json", b'{"a":' * 100_000),
    ("top-string.json", b'"hello"'),
    ("top-number.json", b"42"),
    ("top-null.json", b"null"),
    ("array-of-numbers.json", b"[1,2,3]"),
    ("array-of-arrays.json", b"[[1],[2]]"),
    ("type-list.json", b'{"id":"a","type":["project.fund"]}'),
    ("type-object.json", b'{"id":"a","type":{"x":1}}'),
    ("type-number.json", b'{"id":"a","type":7}'),
    ("unknown-type.json", b'{"id":"a","type":"money.print","date":"2025-02-03"}'),
    ("extra-field.json", json.dumps({**fund_event("a"), "admin": True}).encode()),
    (
        "missing-amount.json",
        json.dumps({"id": "a", "type": "project.fund", "date": "2025-02-03"}).encode(),
    ),
    ("jsonl-bad-line.jsonl", json.dumps(fund_event("a")).encode() + b"\n{oops\n"),
    ("jsonl-nan-line.jsonl", json.dumps(fund_event("a")).encode() + b'\n{"amount": NaN}\n'),
    ("not-utf8.json", b'{"id":"a","name":"\xff\xfe"}'),
    ("latin1.csv", b"id,type,date,amount\na,project.fund,2025-02-03,\xa3100\n"),
    ("binary.json", bytes(range(256))),
    ("nul.csv", b"id,type,date,amount\na,project.fund,2025-02-03,100\x00\n"),
    ("csv-no-header.csv", b"a,project.fund,2025-02-03,100\n"),
    ("csv-header-only.csv", b"id,type,date,amount\n"),
    ("csv-unclosed-quote.csv", b'id,type,date,amount\n"a,project.fund,2025-02-03,100\n'),
    ("csv-extra-cells.csv", b"id,type,date,amount\na,project.fund,2025-02-03,100,200\n"),
    (
        "csv-huge-cell.csv",
        b"id,type,date,amount\na,project.fund,2025-02-03," + b"9" * 200_000 + b"\n",
    ),
    ("csv-bad-json-cell.csv", b'id,type,date,amount,terms\na,project.fund,2025-02-03,100,"{bad"\n'),
    (
        "csv-injection.csv",
        b'id,type,date,amount,memo\na,project.fund,2025-02-03,100,"x\n2025-01-01 open Assets:X"\n',
    ),
    (
        "csv-formula.csv",
        b"id,type,date,amount,memo\na,project.fund,2025-02-03,100,=cmd|'/c calc'!A0\n",
    ),
    ("csv-float-amount.csv", b"id,type,date,amount\na,project.fund,2025-02-03,1e400\n"),
    ("batch-one-bad.json", json.dumps([fund_event("ok-1"), fund_event("bad", "-1")]).encode()),
    (
        "duplicate-id-other-content.json",
        json.dumps([fund_event("d1"), fund_event("d1", "2.00")]).encode(),
    ),
    ("outside-window.json", json.dumps(fund_event("w1", on="2031-01-01")).encode()),
]


def _with(base: dict[str, Any], key: str, value: Any) -> dict[str, Any]:
    return {**base, key: value}


def corpus() -> list[tuple[str, str, bytes]]:
    """(label, file name, content) of every hostile input."""
    items: list[tuple[str, str, bytes]] = [(f"raw:{n}", n, b) for n, b in RAW]
    ent = entity_event("ACME", 1)
    fund = fund_event("f-x")

    def add(label: str, event: dict[str, Any]) -> None:
        items.append((label, "event.json", json.dumps(event, ensure_ascii=False).encode()))

    for i, text in enumerate(NASTY_TEXT):
        add(f"text:name#{i}", _with(ent, "name", text))
        add(f"text:memo#{i}", _with(fund, "memo", text))
    for i, code in enumerate(NASTY_CODES):
        add(f"code:entity#{i}", _with(ent, "entity", code))
        if code is None or code == "A" * 17:  # a valid (optional) project code
            continue
        add(f"code:project#{i}", _with(fund, "project", code))
    for i, value in enumerate(NASTY_IDS):
        add(f"id#{i}", _with(fund, "id", value))
    for i, amount in enumerate(NASTY_AMOUNTS):
        add(f"amount#{i}", _with(fund, "amount", amount))
    for i, day in enumerate(NASTY_DATES):
        add(f"date#{i}", _with(fund, "date", day))
        if day is not None:  # admitted is optional: null means "not given"
            add(f"admitted#{i}", _with(ent, "admitted", day))
    for i, uscc in enumerate(["91140500MA0K000000", "X" * 18, "9114050", RESIDENT_ID]):
        add(f"uscc#{i}", _with(ent, "uscc", uscc))
    for i, kind in enumerate(["Company", "person", "", None, 1, "company\n"]):
        add(f"enum:kind#{i}", _with(ent, "kind", kind))
    return items


@dataclass
class HostileFigures:
    tried: int = 0
    refused: int = 0
    failures: list[str] = field(default_factory=list)


def run_corpus(ledger: Ledger, work: Path) -> HostileFigures:
    """Post every corpus item through the command line; count the clean refusals."""
    before = books_bytes(ledger)
    figures = HostileFigures()
    for label, name, content in corpus():
        path = work / name
        path.write_bytes(content)
        code, output = run_cli(ledger, "post", str(path))
        figures.tried += 1
        problems = []
        if code != 1:
            problems.append(f"exit {code}")
        if "Traceback" in output:
            problems.append("traceback")
        if "nothing was written" not in output:
            problems.append("no refusal message")
        if books_bytes(ledger) != before:
            problems.append("books changed")
        if problems:
            figures.failures.append(f"{label}: {', '.join(problems)}: {output[-300:]!r}")
        else:
            figures.refused += 1
    return figures
