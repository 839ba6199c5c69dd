"""Read the policy data file (TOML) into a validated `Policy`."""

from __future__ import annotations

import re
import tomllib
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from jcg_ledger.policy.model import Policy

__all__ = [
    "PolicyFileError",
    "default_policy",
    "default_policy_text",
    "load_policy",
    "load_policy_text",
    "render_policy_text",
]

# The one line of [policy] that carries the effective date.
_EFFECTIVE_DATE_LINE = re.compile(r"^effective_date[ \t]*=[^\n]*$", re.MULTILINE)


# Chinese beside pydantic's English for the errors a hand-edited file most often has.
_ERROR_ZH = {
    "extra_forbidden": "未知字段",
    "missing": "缺少字段",
    "union_tag_not_found": "缺少 kind",
    "union_tag_invalid": "未知的 kind",
    "literal_error": "取值不在允许范围内",
    "string_pattern_mismatch": "格式不符",
    "date_type": "须写成 TOML 日期(如 2025-01-01)",
    "int_type": "须为整数",
    "bool_type": "须为 true/false",
    "string_type": "须为字符串",
}


class PolicyFileError(ValueError):
    """The policy file cannot be read or does not describe a valid policy."""


def load_policy(path: Path) -> Policy:
    """Read and validate the policy file at ``path``; `PolicyFileError` on any failure."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyFileError(
            f"无法读取政策文件 / cannot read the policy file {path}: {exc}"
        ) from exc
    return load_policy_text(text, source=str(path))


def load_policy_text(text: str, source: str = "<policy text>") -> Policy:
    """Parse and validate policy TOML given as text; ``source`` names it in errors."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyFileError(
            f"政策文件不是有效的 TOML / the policy file is not valid TOML ({source}): {exc}"
        ) from exc
    try:
        return Policy.model_validate(data)
    except ValidationError as exc:
        lines = [f"政策文件无效 / invalid policy file ({source}):"]
        for err in exc.errors():
            message = err["msg"].removeprefix("Value error, ")
            zh = _ERROR_ZH.get(err["type"])
            if zh is not None:
                message = f"{zh} / {message}"
            lines.append(f"  - {_location(data, err['loc'])}: {message}")
        raise PolicyFileError("\n".join(lines)) from exc


def default_policy_text() -> str:
    """The text of the packaged default policy file, ``jcg_ledger/data/policy.toml``."""
    return resources.files("jcg_ledger").joinpath("data", "policy.toml").read_text(encoding="utf-8")


def default_policy() -> Policy:
    """The packaged default policy, validated."""
    return load_policy_text(default_policy_text(), source="jcg_ledger/data/policy.toml")


def render_policy_text(effective_date: date) -> str:
    """The default policy text with its ``effective_date`` line set to ``effective_date``.

    Only that one line changes, so the file's comments survive; the result is parsed and
    validated to make sure the date took.
    """
    text = default_policy_text()
    matches = _EFFECTIVE_DATE_LINE.findall(text)
    if len(matches) != 1:
        raise PolicyFileError(
            "默认政策文件中 effective_date 行不唯一 / the default policy file must contain "
            f"exactly one effective_date line, found {len(matches)}"
        )
    rendered = _EFFECTIVE_DATE_LINE.sub(f"effective_date = {effective_date.isoformat()}", text)
    policy = load_policy_text(rendered, source="rendered policy")
    if policy.effective_date != effective_date:
        raise PolicyFileError(
            f"生效日期未能写入 / the effective date did not take: {policy.effective_date}"
        )
    return rendered


def _location(data: dict[str, Any], loc: tuple[int | str, ...]) -> str:
    """A readable error location: list items named by their code, union tags left out."""
    parts: list[str] = []
    node: Any = data
    for key in loc:
        if isinstance(node, dict) and key not in node and key == node.get("kind"):
            continue  # the tag pydantic adds for a discriminated union
        if isinstance(key, int) and isinstance(node, list) and 0 <= key < len(node):
            node = node[key]
            name = node.get("code") or node.get("from") if isinstance(node, dict) else None
            parts.append(f"[{name if name is not None else key}]")
            continue
        node = node.get(key) if isinstance(node, dict) else None
        parts.append(f"[{key}]" if isinstance(key, int) else f".{key}")
    return "".join(parts).lstrip(".") or "<root>"
