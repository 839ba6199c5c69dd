"""Input that must not land (issue 12, part 4): UnionPay card numbers whatever their check digit,
personal data in the operator's name, spreadsheet formulas (in events and, defensively, in the
report writers), symbolically linked book files, and a ledger folder that cannot be written.

Every refusal leaves the books byte-identical. The unwritable folder is real, not mocked: the
tests run as root, whom permission bits do not stop, so the whole ledger is made read-only by a
read-only bind mount in a private mount namespace (``unshare -m``; EROFS), and "only the root
folder read-only" by the immutable attribute on it (``chattr +i``; EPERM even for root). Each
test is skipped where the sandbox does not allow that (not root, no ``unshare``/``chattr``).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import Result
from openpyxl import load_workbook

from jcg_ledger.books.layout import Ledger
from jcg_ledger.events import EventError, parse_event
from jcg_ledger.identifiers import find_personal_data
from jcg_ledger.reports.base import Column, Report, Table
from jcg_ledger.reports.output import to_csv, to_xlsx
from tests.conftest import entity, snapshot
from tests.reliability.harness import JCG, env
from tests.reliability.hostile import CARD, MOBILE, RESIDENT_ID, luhn_complete


def bad_luhn(prefix: str) -> str:
    """``prefix`` and a check digit that is wrong: a mistyped (or altered) card number."""
    good = luhn_complete(prefix)
    return good[:-1] + str((int(good[-1]) + 1) % 10)


UNIONPAY_BAD_LUHN = bad_luhn(CARD[:-1])  # 19 digits
UNIONPAY_16 = bad_luhn("622202020011223")


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        n = int(c)
        if i % 2 == 1:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


# --- bank card numbers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        UNIONPAY_BAD_LUHN,
        UNIONPAY_16,
        bad_luhn("622848001234567"),  # 16 digits
        bad_luhn("62170012345678901"),  # 18
        " ".join(UNIONPAY_BAD_LUHN[i : i + 4] for i in range(0, len(UNIONPAY_BAD_LUHN), 4)),
        "-".join(UNIONPAY_BAD_LUHN[i : i + 4] for i in range(0, len(UNIONPAY_BAD_LUHN), 4)),
        "".join(chr(ord(c) + 0xFEE0) for c in UNIONPAY_16),  # full-width digits
    ],
)
def test_unionpay_numbers_refused_whatever_the_check_digit(number: str) -> None:
    digits = "".join(str(int(c)) for c in number if c.isdigit())
    assert not _luhn_ok(digits)  # today only Luhn-valid ones are caught
    assert find_personal_data(number) == "银行卡号 bank card number"
    assert find_personal_data(f"收款卡号 {number} 请核对") == "银行卡号 bank card number"


@pytest.mark.parametrize(
    "text",
    [
        "6222020200112",  # 13 digits: too short for a card
        "62220202001122334455",  # 20 digits: too long
        "4111111111111112",  # 16 digits, not UnionPay, Luhn-invalid: an ordinary number
        "合同编号 2025-0620-0001",
    ],
)
def test_other_numbers_still_pass(text: str) -> None:
    assert find_personal_data(text) is None


@pytest.mark.parametrize("field", ["name", "memo"])
def test_unionpay_refused_in_a_post_books_unchanged(
    ledger: Ledger, cli: Callable[..., Result], tmp_path: Path, field: str
) -> None:
    before = snapshot(ledger)
    event = entity("ACME", **{field: f"开户行 {UNIONPAY_BAD_LUHN}"})
    path = tmp_path / "e.json"
    path.write_text(json.dumps(event, ensure_ascii=False), "utf-8")
    result = cli("post", "--json", str(path))
    assert result.exit_code == 1
    refusal = json.loads(result.output)
    assert (refusal["event"], refusal["field"]) == ("reg-ACME", field)
    assert "银行卡号" in refusal["message"]
    assert snapshot(ledger) == before


# --- the operator's name --------------------------------------------------------------------


@pytest.mark.parametrize(
    "by", [MOBILE, f"王 {RESIDENT_ID}", UNIONPAY_BAD_LUHN, "=cmd|' /C calc'!A0"]
)
def test_by_with_personal_data_refused_log_free_of_it(
    ledger: Ledger, cli: Callable[..., Result], tmp_path: Path, by: str
) -> None:
    path = tmp_path / "e.json"
    path.write_text(json.dumps(entity("ACME")), "utf-8")
    before = snapshot(ledger)
    result = cli("post", "--by", by, str(path))
    assert result.exit_code == 2
    assert "--by" in result.output
    assert snapshot(ledger) == before
    assert not ledger.audit_path.exists() or by not in ledger.audit_path.read_text("utf-8")
    # The same for the other commands that record an operator.
    for args in (
        ["close", "2025-01", "--by", by],
        ["audit", "accept", "--reason", "x", "--by", by],
    ):
        assert cli(*args).exit_code == 2
        assert snapshot(ledger) == before


def test_operator_from_the_environment_checked_too(
    ledger: Ledger, cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "e.json"
    path.write_text(json.dumps(entity("ACME")), "utf-8")
    before = snapshot(ledger)
    monkeypatch.setenv("JCG_OPERATOR", f"出纳 {MOBILE}")
    result = cli("post", str(path))
    assert result.exit_code == 2
    assert "JCG_OPERATOR" in result.output
    assert snapshot(ledger) == before


def test_a_plain_operator_name_is_recorded(
    ledger: Ledger, cli: Callable[..., Result], tmp_path: Path
) -> None:
    path = tmp_path / "e.json"
    path.write_text(json.dumps(entity("ACME")), "utf-8")
    assert cli("post", "--by", "财务科-01", str(path)).exit_code == 0
    record = json.loads(ledger.audit_path.read_text("utf-8").splitlines()[-1])
    assert record["by"] == "财务科-01"


# --- spreadsheet formulas -------------------------------------------------------------------

FORMULAS = [
    "-2+3+cmd|' /C calc'!A0",
    "-1",
    "\t=1+2",
    "\r=1+2",
    "\t-2+3",
    "=HYPERLINK(1)",
    "+cmd",
    "@SUM(A1)",
]


@pytest.mark.parametrize("name", FORMULAS)
def test_formula_names_refused(name: str) -> None:
    with pytest.raises(EventError) as caught:
        parse_event(entity("ACME", name=name))
    assert caught.value.field == "name"


def test_formula_name_refused_by_the_cli_books_unchanged(
    ledger: Ledger, cli: Callable[..., Result], tmp_path: Path
) -> None:
    path = tmp_path / "e.json"
    path.write_text(json.dumps(entity("ACME", name=FORMULAS[0])), "utf-8")
    before = snapshot(ledger)
    result = cli("post", "--json", str(path))
    assert result.exit_code == 1
    assert json.loads(result.output)["field"] == "name"
    assert snapshot(ledger) == before


def test_a_dash_inside_a_name_is_fine() -> None:
    assert parse_event(entity("ACME", name="晋城-ABC 科技")).model_dump()["name"] == "晋城-ABC 科技"


def _report(text: str) -> Report:
    table = Table(
        "t",
        "表",
        "Table",
        [Column("name", "名称", "Name"), Column("amount", "金额", "Amount", "money")],
        [
            {"name": text, "amount": Decimal("-1200.50")},
            {"name": "-1,200.50", "amount": Decimal("3")},
            {"name": "晋城科技", "amount": Decimal("4")},
        ],
    )
    return Report("r", "报表", "Report", date(2025, 12, 31), [table], {"备注 note": text})


@pytest.mark.parametrize("text", [f for f in FORMULAS if f != "-1"])
def test_csv_writer_neutralises_formula_cells(text: str) -> None:
    rows = list(__import__("csv").reader(io.StringIO(to_csv(_report(text)))))
    assert rows[2] == ["'" + text, "-1200.50"]  # the text as text; the number as it was
    assert rows[3] == ["-1,200.50", "3"]  # a plain signed number is data, not a formula
    assert rows[4] == ["晋城科技", "4"]


@pytest.mark.parametrize("text", [f for f in FORMULAS if f != "-1"])
def test_xlsx_writer_stores_formula_cells_as_text(text: str, tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    to_xlsx(_report(text), path)
    book = load_workbook(path)
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]  # no formula anywhere
    sheet = book["表"]
    assert sheet["A2"].value == text and sheet["A2"].data_type == "s"
    assert sheet["A2"].quotePrefix
    assert sheet["B2"].value == -1200.5
    note = book["说明 About"]["B3"]
    assert note.value == text and note.data_type == "s" and note.quotePrefix


# --- symbolic links -------------------------------------------------------------------------

LINKABLE = [
    "policy.toml",
    "audit.log",
    "city/main.beancount",
    "city/accounts.beancount",
    "city/journal/2025.beancount",
    "platform/journal/2025.beancount",
    "city/journal",
]


@pytest.fixture
def posted(ledger: Ledger, cli: Callable[..., Result], tmp_path: Path) -> Ledger:
    """Books with one post (so the log and a city journal exist), and a second event ready."""
    first = tmp_path / "first.json"
    first.write_text(json.dumps(entity("ACME")), "utf-8")
    assert cli("post", str(first)).exit_code == 0
    (tmp_path / "second.json").write_text(json.dumps(entity("BETA", index=2)), "utf-8")
    return ledger


def _link(ledger: Ledger, name: str, elsewhere: Path) -> None:
    """Move the file (or folder) away and leave a symbolic link to it in its place."""
    target = ledger.root / name
    moved = elsewhere / name.replace("/", "_")
    shutil.move(target, moved)
    target.symlink_to(moved, target_is_directory=moved.is_dir())


@pytest.mark.parametrize("name", LINKABLE)
def test_symlinked_book_file_refused(
    posted: Ledger, cli: Callable[..., Result], tmp_path: Path, name: str
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    if not (posted.root / name).exists():
        (posted.root / name).write_text(";; 空 empty\n", "utf-8")
    _link(posted, name, elsewhere)
    before = snapshot(posted)
    outside = {p.name: p.read_bytes() for p in elsewhere.rglob("*") if p.is_file()}

    result = cli("post", str(tmp_path / "second.json"))
    assert result.exit_code == 2
    assert "符号链接" in result.output and name in result.output
    assert snapshot(posted) == before
    assert (posted.root / name).is_symlink()  # not replaced by a file
    assert {p.name: p.read_bytes() for p in elsewhere.rglob("*") if p.is_file()} == outside

    checked = cli("check", "--json")
    assert checked.exit_code == 1
    errors = [line for lines in json.loads(checked.output)["errors"].values() for line in lines]
    assert any(line.startswith(f"{name}: [symlink]") for line in errors)

    assert cli("report", "subsidies").exit_code == 2  # the loader does not follow it either
    assert snapshot(posted) == before


# --- a ledger folder that cannot be written ---------------------------------------------------


def _work_dir_files(ledger: Ledger) -> dict[str, bytes]:
    return {
        str(p.relative_to(ledger.work_dir)): p.read_bytes()
        for p in sorted(ledger.work_dir.rglob("*"))
        if p.is_file()
    }


def _run(args: list[str], **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, env=env(**extra), timeout=300)


def _assert_clear_refusal(proc: subprocess.CompletedProcess[str]) -> None:
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert "nothing was written" in proc.stderr


@pytest.fixture
def immutable_root(posted: Ledger) -> Iterator[Ledger]:
    """The ledger's root folder immutable (chattr +i): no entry of it can be created, renamed
    or removed, even by root; its sub-folders (the books, .jcg) stay writable."""
    if os.geteuid() != 0 or not shutil.which("chattr"):
        pytest.skip("needs root and chattr")
    made = subprocess.run(["chattr", "+i", str(posted.root)], capture_output=True)
    if made.returncode != 0:
        pytest.skip(f"chattr +i not supported here: {made.stderr!r}")
    try:
        yield posted
    finally:
        subprocess.run(["chattr", "-i", str(posted.root)], check=True)


def test_only_the_root_read_only_leaves_nothing_behind(
    immutable_root: Ledger, tmp_path: Path
) -> None:
    ledger = immutable_root
    before, work = snapshot(ledger), _work_dir_files(ledger)
    proc = _run([JCG, "--ledger", str(ledger.root), "post", str(tmp_path / "second.json")])
    _assert_clear_refusal(proc)
    assert "cannot be written" in proc.stderr
    assert snapshot(ledger) == before
    assert not (ledger.work_dir / "commit.json").exists()
    assert _work_dir_files(ledger) == work  # no commit journal, no stage left behind


def test_read_only_mount_refused_cleanly(posted: Ledger, tmp_path: Path) -> None:
    if os.geteuid() != 0 or not shutil.which("unshare"):
        pytest.skip("needs root and unshare")
    probe = _run(["unshare", "-m", "sh", "-c", f"mount --bind {tmp_path} {tmp_path}"])
    if probe.returncode != 0:
        pytest.skip(f"cannot mount here: {probe.stderr}")
    before, work = snapshot(posted), _work_dir_files(posted)
    root = str(posted.root)
    script = (
        f"mount --make-rprivate / && mount --bind {root} {root} && "
        f"mount -o remount,bind,ro {root} && exec {JCG} --ledger {root} post "
        f"{tmp_path / 'second.json'}"
    )
    proc = _run(["unshare", "-m", "sh", "-c", script])
    _assert_clear_refusal(proc)
    assert "Read-only file system" in proc.stderr
    assert snapshot(posted) == before
    assert _work_dir_files(posted) == work
