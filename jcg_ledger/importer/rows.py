"""From a sheet's rows to raw events: the header row, the columns, each row's cells.

The header row is the first of the sheet's top rows where a template finds its columns (the
rows above it are titles); the template is the one whose headers match best, unless named.
Below it, blank rows, a 合计/小计/总计 row and rows with nothing in the template's columns (notes,
signatures) are skipped. A column the template does not know and does not ignore is reported.
Each problem names the row as the sheet shows it and the column, so staff can find the cell.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from openpyxl.utils import get_column_letter

from jcg_ledger.events.base import DATE_FORMAT_MESSAGE
from jcg_ledger.importer.read import Cell, Row, Sheet
from jcg_ledger.importer.templates import (
    ColumnSpec,
    Template,
    normalise_header,
    split_unit,
)
from jcg_ledger.money import CENT
from jcg_ledger.policy import ByLevel, MultiBasePercent, Policy

HEADER_SEARCH_ROWS = 30
TOTAL_LABELS = ("合计", "总计", "小计", "共计")
EMPTY_MARKS = ("-", "—", "--", "/", "无")
WAN = Decimal(10_000)

ENTITY_KINDS = {
    "企业": "company",
    "公司": "company",
    "事业单位": "institution",
    "科研机构": "institution",
    "研发机构": "institution",
    "高校": "institution",
    "团队": "team",
    "孵化器": "incubator",
    "众创空间": "makerspace",
    "投资机构": "investor",
    "银行": "bank",
}
TRUE = ("是", "Y", "YES", "TRUE", "√", "✓", "1")
FALSE = ("否", "N", "NO", "FALSE", "×", "✗", "0")


@dataclass(frozen=True)
class Problem:
    """One bad row (or the header): the row as the sheet shows it, the column, rule, message."""

    row: int | None
    column: str
    rule: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "rule": self.rule, "message": self.message}


@dataclass(frozen=True)
class Mapped:
    index: int  # 0-based cell index
    spec: ColumnSpec
    header: str  # as the sheet writes it
    unit: str | None  # 万元 / 元 from the header

    @property
    def label(self) -> str:
        return f"{get_column_letter(self.index + 1)} {self.header}"


@dataclass(frozen=True)
class Layout:
    template: Template
    header_row: int
    position: int  # index of the header row in sheet.rows
    columns: tuple[Mapped, ...]
    problems: tuple[Problem, ...]

    def label(self, field: str) -> str:
        found = next((c for c in self.columns if c.spec.field == field), None)
        return found.label if found else "-"


@dataclass
class ListRow:
    """One row of the list, its cells read by field (not yet an event)."""

    number: int
    values: dict[str, Any] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)  # field -> column label


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, Decimal):
        return format(cell.normalize(), "f") if cell == cell.to_integral() else str(cell)
    if isinstance(cell, date):
        return cell.isoformat()
    return cell.strip()


def _score(template: Template, row: Row) -> tuple[int, list[str]]:
    """How many of the row's cells are the template's headers; the required ones missing."""
    known = {normalise_header(h) for c in template.columns for h in c.headers}
    found: set[str] = set()
    for cell in row.cells:
        if isinstance(cell, str) and cell.strip():
            base, _ = split_unit(cell)
            if base in known:
                found.add(base)
    missing = [
        c.headers[0]
        for c in template.columns
        if c.required and not any(normalise_header(h) in found for h in c.headers)
    ]
    if template.event in ("subsidy.approve", "subsidy.pay"):
        entity = [c for c in template.columns if c.kind in ("entity-name", "uscc")]
        if not any(normalise_header(h) in found for c in entity for h in c.headers):
            missing.append("企业名称/统一社会信用代码")
    return len(found), missing


def find_layout(sheet: Sheet, templates: Mapping[str, Template], name: str | None) -> Layout:
    """The template and header row of a sheet; `LayoutError` when none fits."""
    if name is not None and name not in templates:
        raise LayoutError(
            f"未知导入模板 unknown template {name!r}; choose from {', '.join(sorted(templates))}"
        )
    candidates = [templates[name]] if name is not None else list(templates.values())
    best: list[tuple[int, Template, int]] = []
    near: tuple[int, Template, list[str]] | None = None
    for position, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        for template in candidates:
            score, missing = _score(template, row)
            if score >= 2 and not missing:
                best.append((score, template, position))
            elif score >= 2 and (near is None or score > near[0]):
                near = (score, template, missing)
        if best:
            break  # the first row some template reads as its header
    if not best:
        if near is not None:
            raise LayoutError(
                f"{sheet.source}: 找不到表头 no header row: 模板 {near[1].name} 缺少列 "
                f"missing columns {', '.join(near[2])}"
            )
        raise LayoutError(
            f"{sheet.source}: 找不到可识别的表头 no header row any template reads "
            f"(templates: {', '.join(sorted(templates))}; use --template)"
        )
    best.sort(key=lambda b: -b[0])
    if len(best) > 1 and best[0][0] == best[1][0]:
        raise LayoutError(
            f"{sheet.source}: 无法判断模板 cannot tell the template ({best[0][1].name} or "
            f"{best[1][1].name}): 请用 --template"
        )
    _, template, position = best[0]
    return _layout(template, sheet.rows[position], position)


class LayoutError(ValueError):
    """A sheet no template reads."""


def _layout(template: Template, header: Row, position: int) -> Layout:
    by_header = {normalise_header(h): c for c in template.columns for h in c.headers}
    ignored = {normalise_header(h) for h in template.ignore}
    columns: list[Mapped] = []
    problems: list[Problem] = []
    seen: dict[str, Mapped] = {}
    for index, cell in enumerate(header.cells):
        text = _text(cell)
        if not text:
            continue
        base, unit = split_unit(text)
        spec = by_header.get(base)
        if spec is None:
            if base in ignored or normalise_header(text) in ignored:
                continue
            problems.append(
                Problem(
                    header.number,
                    f"{get_column_letter(index + 1)} {text}",
                    "unknown-column",
                    f"模板 {template.name} 不认识此列 the template does not read this column "
                    f"(在 ledger/import/{template.name}.toml 中加入 ignore 或 columns)",
                )
            )
            continue
        mapped = Mapped(index, spec, text, unit)
        if spec.field in seen:
            if normalise_header(seen[spec.field].header) == normalise_header(text):
                continue  # a header cell merged across columns
            problems.append(
                Problem(
                    header.number,
                    mapped.label,
                    "duplicate-column",
                    f"与 {seen[spec.field].label} 同为 {spec.field} both columns fill {spec.field}",
                )
            )
            continue
        if spec.kind != "money" and unit is not None:
            problems.append(
                Problem(header.number, mapped.label, "unit", f"此列不是金额 not an amount: {unit}")
            )
        seen[spec.field] = mapped
        columns.append(mapped)
    return Layout(template, header.number, position, tuple(columns), tuple(problems))


def _is_total(row: Row) -> bool:
    return any(
        isinstance(c, str) and normalise_header(c).rstrip(":").startswith(TOTAL_LABELS)
        for c in row.cells
    )


class CellError(ValueError):
    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message


def _money(cell: Cell, unit: str | None) -> str:
    factor = WAN if unit == "万元" else Decimal(1)
    if isinstance(cell, Decimal):
        amount = cell
    else:
        text = _text(cell).replace(",", "").replace("，", "").replace("¥", "").replace("￥", "")
        if text.endswith(("万元", "万")):
            if unit == "元":
                raise CellError("unit", f"元 列中写了万元 an amount in 万 in a 元 column: {text}")
            factor = WAN
            text = text.removesuffix("元").removesuffix("万")
        elif text.endswith("元"):
            if unit == "万元":
                raise CellError("unit", f"万元 列中写了元 an amount in 元 in a 万元 column: {text}")
            text = text[:-1]
        if not re.fullmatch(r"[+-]?[0-9]+(\.[0-9]+)?", text):
            raise CellError("money", f"不是金额 not an amount: {_text(cell)!r}")
        try:
            amount = Decimal(text)
        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
            raise CellError("money", f"不是金额 not an amount: {text!r}") from None
    yuan = amount * factor
    if yuan != yuan.quantize(CENT):
        raise CellError(
            "money",
            f"金额精确到分 an amount must be whole 分: {_text(cell)} "
            f"{unit or '元'} = {yuan.normalize():f} 元",
        )
    return format(yuan.quantize(CENT), "f")


_DATE = re.compile(r"([0-9]{4})[-/.年]([0-9]{1,2})[-/.月]([0-9]{1,2})日?")


def _date(cell: Cell) -> str:
    if isinstance(cell, date):
        return cell.isoformat()
    text = _text(cell)
    m = _DATE.fullmatch(text)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            pass
    raise CellError(
        "date", f"{DATE_FORMAT_MESSAGE} (或 2025/1/10、2025年1月10日), not {text!r:.40}"
    )


def _int(cell: Cell) -> int:
    text = _text(cell)
    if not re.fullmatch(r"[0-9]{1,6}", text):
        raise CellError("int", f"须为整数 must be a whole number: {text!r:.40}")
    return int(text)


def _bool(cell: Cell) -> bool:
    text = _text(cell).upper()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise CellError("bool", f"须为 是/否 must be 是 or 否: {text!r:.40}")


def _measure(cell: Cell, policy: Policy) -> str:
    text = _text(cell)
    for measure in policy.measures:
        if text == measure.code or normalise_header(text) == normalise_header(measure.name_zh):
            return measure.code
    raise CellError(
        "unknown-measure",
        f"未知措施 unknown measure {text!r:.60} (代码或中文名称见 jcg measures)",
    )


def _level(text: str, measure: str | None, policy: Policy) -> str:
    if measure is None:
        return text
    try:
        formula = policy.subsidy(measure).formula
    except KeyError:
        return text
    if isinstance(formula, ByLevel):
        for code, grade in formula.levels.items():
            if text in (code, grade.name_zh):
                return code
    return text


def _base_kind(text: str, measure: str | None, policy: Policy) -> str:
    """A basis kind by its code or its Chinese label (技术交易额 → transaction)."""
    if measure is None:
        return text
    try:
        formula = policy.subsidy(measure).formula
    except KeyError:
        return text
    if isinstance(formula, MultiBasePercent):
        key = normalise_header(text)
        if key in formula.bases:
            return key
        # 技术入股 names 技术入股作价: a label that contains the cell, if only one does.
        found = [c for c, b in formula.bases.items() if key and key in normalise_header(b.label_zh)]
        if len(found) == 1:
            return found[0]
    return text


def read_row(row: Row, layout: Layout, policy: Policy) -> ListRow | list[Problem] | None:
    """A data row's values by field; None for a row to skip; its problems otherwise."""
    cells = row.cells
    present = {
        c.spec.field: cells[c.index]
        for c in layout.columns
        if c.index < len(cells) and _text(cells[c.index]) not in ("", *EMPTY_MARKS)
    }
    if not present or _is_total(row):
        return None
    out = ListRow(row.number)
    problems: list[Problem] = []
    for column in layout.columns:
        if column.spec.field not in present:
            continue
        out.labels[column.spec.field] = column.label
        cell = present[column.spec.field]
        try:
            out.values[column.spec.field] = _convert(column, cell, policy)
        except CellError as exc:
            problems.append(Problem(row.number, column.label, exc.rule, exc.message))
    for spec in layout.template.columns:
        if spec.required and spec.field not in present:
            problems.append(
                Problem(
                    row.number,
                    layout.label(spec.field),
                    "missing",
                    f"缺少必填项 {spec.headers[0]} missing required cell",
                )
            )
    if "level" in out.values:
        out.values["level"] = _level(out.values["level"], out.values.get("measure"), policy)
    if "base_kind" in out.values:
        out.values["base_kind"] = _base_kind(
            out.values["base_kind"], out.values.get("measure"), policy
        )
    return problems or out


def _convert(column: Mapped, cell: Cell, policy: Policy) -> Any:
    kind = column.spec.kind
    if kind == "money":
        return _money(cell, column.unit)
    if kind == "date":
        return _date(cell)
    if kind == "int":
        return _int(cell)
    if kind == "bool":
        return _bool(cell)
    if kind == "measure":
        return _measure(cell, policy)
    if kind == "entity-kind":
        text = _text(cell)
        return ENTITY_KINDS.get(text, text)
    return _text(cell)


def derive_id(prefix: str, raw: Mapping[str, Any], seen: dict[str, int]) -> str:
    """An event id from the row's content: the same row imported again gets the same id (and
    posts nothing new); a second identical row of one list gets ``-2``."""
    payload = json.dumps(raw, sort_keys=True, ensure_ascii=False, default=str)
    base = f"{prefix}-{hashlib.sha256(payload.encode()).hexdigest()[:12]}"
    seen[base] = seen.get(base, 0) + 1
    return base if seen[base] == 1 else f"{base}-{seen[base]}"
