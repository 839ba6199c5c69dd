"""`jcg import`: departments' lists (xlsx, GBK/UTF-8 CSV) posted through the write path.

Figures by hand from the policy (MEASURES.md):
  platform-provincial (newly approved): fixed 500,000.
  tech-transaction: 20% of the transaction amount, 10% of technology contributed as equity;
    200万 transaction → 400,000; 150.5万 equity → 150,500.
  contest-shanxi 二等奖 (second prize): 30,000.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner, Result

from jcg_ledger.books.layout import Ledger
from jcg_ledger.cli import main
from jcg_ledger.post import load_state
from tests.conftest import as_json, funding, post_raw, snapshot
from tests.staff.lists import csv_bytes, registry, uscc, xlsx

D = Decimal
HEADER = (
    "序号",
    "企业名称",
    "统一社会信用代码",
    "支持措施",
    "支持对象",
    "是否新获批",
    "基数类型",
    "获奖等级",
    "计算基数(万元)",
    "核定金额(万元)",
    "文号",
    "核定日期",
    "备注",
)
DOC = "晋科发〔2025〕12号"


def approval_list(path: Path) -> Path:
    """Title row, 文号 merged down rows 3-5, a blank row and a 合计 row, amounts in 万元."""
    rows = [
        # row 3: the platform, by USCC and name, 50万 (= the fixed 500,000)
        (
            1,
            "晋城先进材料实验室",
            uscc("JC-LAB"),
            "省级科技创新平台",
            "光电实验室",
            "是",
            None,
            None,
            None,
            50,
            DOC,
            "2025-03-01",
            "新认定",
        ),
        # row 4: 35万 asked, 20% × 200万 = 400,000 computed: differs, below, posts 350,000
        (
            2,
            "晋城光子科技有限公司",
            uscc("JC-PHOTON"),
            "tech-transaction",
            "技术合同-2025-01",
            None,
            "技术交易",
            None,
            200,
            35,
            None,
            "2025/3/1",
            None,
        ),
        # row 5: by name only; no amount: the computed 10% × 150.5万 = 150,500
        (
            3,
            "晋城氢能装备有限公司",
            None,
            "技术交易",
            "技术入股-氢能",
            None,
            "技术入股",
            None,
            150.5,
            None,
            None,
            "2025年3月1日",
            None,
        ),
        (None,) * 13,  # row 6: blank
        # row 7: 二等奖 → 30,000
        (
            4,
            "光电创新创业团队",
            uscc("JC-TEAM"),
            "contest-shanxi",
            "光电项目",
            None,
            None,
            "二等奖",
            None,
            3,
            "晋科发〔2025〕13号",
            "2025-03-02",
            None,
        ),
        ("合计", None, None, None, None, None, None, None, 350.5, 88, None, None, None),  # row 8
    ]
    return xlsx(path, "2025年第一批晋创谷补贴拟支持名单", HEADER, rows, merges=["K3:K5"])


def _journal(ledger: Ledger) -> str:
    return ledger.journal("city", 2025).read_text("utf-8")


def test_dry_run_shows_the_computed_entitlement_beside_the_list(
    ledger: Ledger, cli: Callable[..., Result], tmp_path: Path
) -> None:
    post_raw(ledger, registry())
    before = snapshot(ledger)
    run = cli("import", str(approval_list(tmp_path / "list.xlsx")), "--dry-run", "--json")
    assert run.exit_code == 0, run.output
    rows = {r["row"]: r for r in as_json(run)["rows"]}
    assert set(rows) == {3, 4, 5, 7}  # title, header, blank and 合计 rows skipped
    assert (rows[3]["list_amount"], rows[3]["computed"], rows[3]["status"]) == (
        "500000.00",
        "500000.00",
        "ok",
    )
    assert (rows[4]["list_amount"], rows[4]["computed"], rows[4]["status"]) == (
        "350000.00",
        "400000.00",
        "differs",
    )
    assert (rows[5]["list_amount"], rows[5]["computed"]) == (None, "150500.00")
    assert rows[7]["computed"] == "30000.00"
    assert snapshot(ledger) == before


def test_dry_run_table_flags_differences(
    ledger: Ledger, cli: Callable[..., Result], tmp_path: Path
) -> None:
    post_raw(ledger, registry())
    run = cli("import", str(approval_list(tmp_path / "list.xlsx")), "--dry-run")
    assert run.exit_code == 0, run.output
    assert "400,000.00" in run.stdout and "350,000.00" in run.stdout
    assert "≠ 不符" in run.stdout
    assert "1 行金额与计算不符 rows differ" in run.stderr
    assert "…" not in run.stdout


def test_import_posts_every_row_once_with_the_doc_no(
    ledger: Ledger, cli: Callable[..., Result], tmp_path: Path
) -> None:
    post_raw(ledger, registry())
    listing = approval_list(tmp_path / "list.xlsx")
    run = cli("import", str(listing))
    assert run.exit_code == 0, run.output
    assert "已导入 imported 4 笔事件 events" in run.stdout
    state, _ = load_state(ledger)
    amounts = {(a.fact.entity, a.fact.measure): a.amount for a in state.subsidies.awards.values()}
    assert amounts == {
        ("JC-LAB", "platform-provincial"): D("500000.00"),
        ("JC-PHOTON", "tech-transaction"): D("350000.00"),
        ("JC-HYDRO", "tech-transaction"): D("150500.00"),
        ("JC-TEAM", "contest-shanxi"): D("30000.00"),
    }
    journal = _journal(ledger)
    # 文号 merged down rows 3-5 belongs to each of them; row 7 has its own.
    assert journal.count(f'doc_no: "{DOC}"') == 3
    assert journal.count('doc_no: "晋科发〔2025〕13号"') == 1
    # Importing the same list again posts nothing new and writes nothing.
    before = snapshot(ledger)
    again = cli("import", str(listing))
    assert again.exit_code == 0, again.output
    assert "已导入 imported 0 笔事件 events, 4 笔已存在 already posted" in again.stdout
    assert snapshot(ledger) == before


def test_gbk_csv_payment_list_pays_the_approvals(
    ledger: Ledger, cli: Callable[..., Result], tmp_path: Path
) -> None:
    post_raw(ledger, [*funding((2025,)), *registry()])  # the payments need cash and lines
    assert cli("import", str(approval_list(tmp_path / "list.xlsx"))).exit_code == 0
    payments = tmp_path / "拨付清单.csv"
    payments.write_bytes(
        csv_bytes(
            [
                ["2025年3月补贴拨付清单"],
                [
                    "序号",
                    "收款单位",
                    "统一社会信用代码",
                    "支持措施",
                    "拨付金额(万元)",
                    "拨付文号",
                    "拨付日期",
                    "备注",
                ],
                [
                    1,
                    "晋城先进材料实验室",
                    uscc("JC-LAB"),
                    "platform-provincial",
                    50,
                    "晋财发〔2025〕3号",
                    "2025-03-20",
                    "",
                ],
                [
                    2,
                    "晋城光子科技有限公司",
                    "",
                    "技术交易",
                    20,
                    "晋财发〔2025〕3号",
                    "2025-03-20",
                    "首笔",
                ],
                ["合计", "", "", "", 70, "", "", ""],
            ],
            "gbk",
        )
    )
    run = cli("import", str(payments))
    assert run.exit_code == 0, run.output
    assert "gb18030" in run.stderr and "subsidy-payment" in run.stderr
    state, _ = load_state(ledger)
    outstanding = {a.fact.entity: a.outstanding for a in state.subsidies.awards.values()}
    # 500,000 - 500,000; 350,000 - 200,000
    assert outstanding["JC-LAB"] == D(0)
    assert outstanding["JC-PHOTON"] == D("150000.00")
    assert _journal(ledger).count('doc_no: "晋财发〔2025〕3号"') == 2


def test_utf8_bom_registry_list(ledger: Ledger, cli: Callable[..., Result], tmp_path: Path) -> None:
    listing = tmp_path / "入园名单.csv"
    listing.write_bytes(
        csv_bytes(
            [
                [
                    "序号",
                    "企业名称",
                    "统一社会信用代码",
                    "主体类型",
                    "入园日期",
                    "实缴注册资本(万元)",
                ],
                [1, "晋城量子信息科技有限公司", uscc("JC-LAB"), "企业", "2025-01-10", 200],
            ],
            "utf-8-sig",
        )
    )
    run = cli("import", str(listing))
    assert run.exit_code == 0, run.output
    state, _ = load_state(ledger)
    (record,) = state.core.entities.values()
    code = "E-" + uscc("JC-LAB")[-10:]
    assert (record.code, record.name, record.kind) == (code, "晋城量子信息科技有限公司", "company")
    assert record.paid_in_capital == D("2000000")
    assert record.admitted is not None and record.admitted.isoformat() == "2025-01-10"


def test_every_bad_row_is_reported_and_nothing_is_written(
    ledger: Ledger, cli: Callable[..., Result], tmp_path: Path
) -> None:
    post_raw(ledger, registry())
    header = (*HEADER[:-1], "联络人岗位")  # an unknown column instead of 备注
    rows = [
        # row 3: fine
        (
            1,
            "晋城先进材料实验室",
            uscc("JC-LAB"),
            "省级科技创新平台",
            "光电实验室",
            "是",
            None,
            None,
            None,
            50,
            DOC,
            "2025-03-01",
            None,
        ),
        # row 4: not in the books
        (
            2,
            "晋城无名科技有限公司",
            None,
            "技术交易",
            "合同A",
            None,
            "技术交易",
            None,
            100,
            20,
            DOC,
            "2025-03-01",
            None,
        ),
        # row 5: a date written 20250110
        (
            3,
            "晋城光子科技有限公司",
            uscc("JC-PHOTON"),
            "技术交易",
            "合同B",
            None,
            "技术交易",
            None,
            100,
            20,
            DOC,
            "20250110",
            None,
        ),
        # row 6: 60万 asked, 20% × 100万 = 200,000 computed
        (
            4,
            "晋城氢能装备有限公司",
            uscc("JC-HYDRO"),
            "技术交易",
            "合同C",
            None,
            "技术交易",
            None,
            100,
            60,
            DOC,
            "2025-03-01",
            None,
        ),
        # row 7: full-width digits
        (
            5,
            "光电创新创业团队",
            uscc("JC-TEAM"),
            "contest-shanxi",
            "项目",
            None,
            None,
            "三等奖",
            None,
            "３",
            DOC,
            "2025-03-01",
            None,
        ),
    ]
    listing = xlsx(tmp_path / "bad.xlsx", "拟支持名单", header, rows)
    before = snapshot(ledger)
    run = cli("import", str(listing), "--json")
    assert run.exit_code == 1
    result = as_json(run)
    found = {(e["row"], e["column"].split(" ")[0], e["rule"]) for e in result["errors"]}
    assert found == {
        (2, "M", "unknown-column"),
        (4, "B", "unknown-entity"),
        (5, "L", "date"),
        (6, "J", "entitlement"),
        (7, "J", "money"),
    }
    date_message = next(e["message"] for e in result["errors"] if e["rule"] == "date")
    assert "YYYY-MM-DD" in date_message and "20250110" in date_message
    assert snapshot(ledger) == before
    text = cli("import", str(listing))
    assert "拒绝 refused: 5 个问题 problems" in text.stderr
    assert "行 row 6 · 列 column J 核定金额(万元) · 规则 rule entitlement" in text.stderr
    assert snapshot(ledger) == before
    # The dry run shows every row, those that do not become events too.
    dry = CliRunner().invoke(
        main,
        ["--ledger", str(ledger.root), "import", str(listing), "--dry-run"],
        env={"COLUMNS": "200"},
    )
    assert dry.exit_code == 1
    table = dry.stdout
    assert "晋城无名科技有限公司" in table and "unknown-entity" in table
    assert "200,000.00" in table  # row 6: 20% × 100万 computed beside the 60万 asked
    assert snapshot(ledger) == before


def test_a_citys_own_template(ledger: Ledger, cli: Callable[..., Result], tmp_path: Path) -> None:
    post_raw(ledger, registry())
    folder = ledger.root / "import"
    folder.mkdir()
    shipped = (
        Path(__file__).parents[2] / "jcg_ledger/data/import/subsidy-approval.toml"
    ).read_text("utf-8")
    (folder / "subsidy-approval.toml").write_text(
        shipped.replace('"核定金额", "拟支持金额"', '"核定金额", "奖补金额", "拟支持金额"'), "utf-8"
    )
    listing = xlsx(
        tmp_path / "list.xlsx",
        "名单",
        ("企业名称", "支持措施", "支持对象", "是否新获批", "奖补金额(元)", "核定日期"),
        [("晋城先进材料实验室", "platform-provincial", "光电实验室", "是", 500000, "2025-03-01")],
    )
    run = cli("import", str(listing), "--dry-run", "--json")
    assert run.exit_code == 0, run.output
    (row,) = as_json(run)["rows"]
    assert (row["list_amount"], row["computed"]) == ("500000.00", "500000.00")


def test_no_header_says_what_is_missing(
    ledger: Ledger, cli: Callable[..., Result], tmp_path: Path
) -> None:
    listing = xlsx(tmp_path / "x.xlsx", "名单", ("企业名称", "金额"), [("a", "1")])
    run = cli("import", str(listing))
    assert run.exit_code == 1
    assert "找不到可识别的表头 no header row any template reads" in run.stderr
    registry_list = xlsx(
        tmp_path / "y.xlsx", "名单", ("企业名称", "统一社会信用代码"), [("晋城某公司", "9114")]
    )
    run = cli("import", str(registry_list))
    assert run.exit_code == 1
    assert "行 row 3 · 列 column B 统一社会信用代码 · 规则 rule uscc" in run.stderr
