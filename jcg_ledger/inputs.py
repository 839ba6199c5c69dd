"""Reading events from files finance staff hand in: JSON, JSON Lines or CSV.

Floats never appear: JSON numbers with a fraction are parsed as `Decimal`, and NaN or
Infinity are refused before anything else sees them. A CSV cell holding a JSON array or object
(a buyback's ``tranches``, a project's ``terms``) is parsed as JSON.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import Any

from jcg_ledger.events import EventError, parse_events
from jcg_ledger.events.base import Event

MAX_INPUT_BYTES = 64 * 1024 * 1024


class InputError(ValueError):
    """Input that cannot be read as events at all (names the source and position)."""


def _no_constants(name: str) -> Any:
    raise ValueError(f"不接受 {name} (NaN/Infinity are not amounts)")


def _loads(text: str) -> Any:
    try:
        return json.loads(text, parse_float=Decimal, parse_constant=_no_constants)
    except RecursionError:
        # `[[[[…]]]]` nested deeper than the interpreter's stack: refuse, do not crash.
        raise ValueError("JSON 嵌套过深 JSON nested too deeply") from None


def _records_json(text: str, source: str) -> list[Any]:
    try:
        value = _loads(text)
    except json.JSONDecodeError as whole_error:
        # Not one JSON document: try JSON Lines.
        records = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                records.append(_loads(line))
            except (json.JSONDecodeError, ValueError) as exc:
                if number == 1 and not text.lstrip().startswith("{"):
                    raise InputError(
                        f"{source}: JSON 格式错误 malformed JSON: {whole_error}"
                    ) from None
                raise InputError(
                    f"{source}:{number}: JSON 格式错误 malformed JSON: {exc}"
                ) from None
        return records
    except ValueError as exc:
        raise InputError(f"{source}: {exc}") from None
    return value if isinstance(value, list) else [value]


def _records_csv(text: str, source: str) -> list[Any]:
    reader = csv.DictReader(io.StringIO(text), strict=True)
    try:
        header = reader.fieldnames  # reads the first row: may itself be malformed
    except csv.Error as exc:
        raise InputError(f"{source}:1: CSV 表头格式错误 malformed CSV header: {exc}") from None
    if not header or "type" not in header or "id" not in header:
        raise InputError(
            f"{source}: CSV 须有表头且含 id、type 列 CSV needs a header with id and type"
        )
    records: list[Any] = []
    try:
        for row in reader:
            if None in row:
                raise InputError(
                    f"{source}:{reader.line_num}: CSV 列数多于表头 more cells than headers"
                )
            record: dict[str, Any] = {}
            for key, cell in row.items():
                if cell is None or cell.strip() == "":
                    continue
                value = cell.strip()
                if value[:1] in "[{":
                    try:
                        record[key] = _loads(value)
                    except (json.JSONDecodeError, ValueError) as exc:
                        raise InputError(
                            f"{source}:{reader.line_num}: 列 {key} 的 JSON 错误 bad JSON in {key}: {exc}"
                        ) from None
                else:
                    record[key] = value
            records.append(record)
    except csv.Error as exc:
        raise InputError(f"{source}:{reader.line_num}: CSV 格式错误 malformed CSV: {exc}") from None
    return records


def read_records(data: bytes, source: str) -> list[Any]:
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"{source}: 输入过大 input larger than {MAX_INPUT_BYTES} bytes")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{source}: 须为 UTF-8 编码 input must be UTF-8: {exc}") from None
    stripped = text.lstrip()
    if not stripped:
        raise InputError(f"{source}: 空输入 no events")
    if source.endswith(".csv") or not stripped.startswith(("{", "[")):
        return _records_csv(text, source)
    return _records_json(text, source)


def read_events(data: bytes, source: str) -> list[Event]:
    """Every event of one input, validated; bad ones raise `EventError` (`EventErrors` when
    there are several: every one is named)."""
    records = read_records(data, source)
    if not records:
        raise InputError(f"{source}: 空输入 no events")
    return parse_events(records, source)


__all__ = ["EventError", "InputError", "read_events", "read_records"]
