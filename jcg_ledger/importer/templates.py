"""Import templates: how a department's list maps onto events. Templates are data.

The package ships ``jcg_ledger/data/import/*.toml``; a city adds or overrides one with a file
of the same layout in ``ledger/import/`` (a file there with a shipped template's name replaces
it). A template names the event type it makes, each column it reads (every header the
departments use for it, the event field it fills, how its cells read) and the columns it
ignores::

    name = "subsidy-payment"
    event = "subsidy.pay"
    ignore = ["序号", "备注"]

    [[columns]]
    field = "amount"
    headers = ["拨付金额"]          # "拨付金额(万元)" reads 万元, "拨付金额" or "(元)" reads 元
    kind = "money"
    required = true

Headers match after spaces are removed and full-width brackets folded to ASCII ones.
"""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from jcg_ledger.books.layout import Ledger

# How a column's cells read:
#   text, int, bool (是/否), date, money (元, or 万元 when the header says so),
#   entity-name / uscc (matched against the registry), measure (code or Chinese name),
#   level (a measure's level code or its Chinese name), entity-kind (企业/事业单位…).
Kind = Literal[
    "text", "int", "bool", "date", "money", "entity-name", "uscc", "measure", "level", "entity-kind"
]
EventType = Literal["subsidy.approve", "subsidy.pay", "entity.register"]


class ColumnSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    field: Annotated[str, Field(pattern=r"^[a-z_]+$")]
    headers: Annotated[tuple[str, ...], Field(min_length=1)]
    kind: Kind = "text"
    required: bool = False
    description: str = ""


class Template(BaseModel):
    """One kind of list (公示名单, 拨付清单, 入园企业名单…) and the event each row becomes."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$")]
    title_zh: str
    title_en: str
    event: EventType
    id_prefix: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]{0,11}$")]
    ignore: tuple[str, ...] = ()
    columns: Annotated[tuple[ColumnSpec, ...], Field(min_length=1)]
    defaults: dict[str, str | bool | int] = Field(default_factory=dict)
    source: str = ""  # where it was read from (set by the loader)

    @model_validator(mode="after")
    def _unique(self) -> Template:
        seen: set[str] = set()
        for column in self.columns:
            for header in column.headers:
                key = normalise_header(header)
                if key in seen:
                    raise ValueError(f"表头重复 header {header!r} is named twice")
                seen.add(key)
        return self

    def column(self, field: str) -> ColumnSpec | None:
        return next((c for c in self.columns if c.field == field), None)


class TemplateError(ValueError):
    """A template file that does not load, or a template name that is unknown."""


_SPACES = re.compile(r"\s+")
_BRACKETS = str.maketrans(
    {"\uff08": "(", "\uff09": ")", "\u3010": "[", "\u3011": "]", "\uff3b": "[", "\uff3d": "]"}
)
# A unit written after a header: 核定金额(万元), 核定金额(元), 核定金额/万元.
_UNIT = re.compile(r"^(?P<base>.+?)(?:\((?P<u1>万元|元)\)|/(?P<u2>万元|元)|(?P<u3>万元))$")


def normalise_header(text: str) -> str:
    """``"核定金额 (万元)"`` → ``"核定金额(万元)"``: spaces and newlines out, brackets ASCII."""
    return _SPACES.sub("", text).translate(_BRACKETS)


def split_unit(header: str) -> tuple[str, str | None]:
    """``"核定金额(万元)"`` → ``("核定金额", "万元")``; a header without a unit → (it, None)."""
    key = normalise_header(header)
    m = _UNIT.match(key)
    if not m:
        return key, None
    return m.group("base"), m.group("u1") or m.group("u2") or m.group("u3")


def _load_file(path: Path, text: str) -> Template:
    try:
        raw = tomllib.loads(text)
        template = Template.model_validate({**raw, "source": str(path)})
    except (tomllib.TOMLDecodeError, ValidationError) as exc:
        raise TemplateError(f"导入模板无效 import template {path}: {exc}") from None
    if template.name != path.stem:
        raise TemplateError(
            f"导入模板名须与文件名一致 template name {template.name!r} must match {path.name}"
        )
    return template


def shipped() -> dict[str, Template]:
    """The templates in the package."""
    out: dict[str, Template] = {}
    folder = resources.files("jcg_ledger") / "data" / "import"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            path = Path(entry.name)
            out[path.stem] = _load_file(
                Path(f"<jcg_ledger>/data/import/{entry.name}"), entry.read_text("utf-8")
            )
    return out


def load_templates(ledger: Ledger | None) -> dict[str, Template]:
    """Every template: the package's, then the city's own (``ledger/import/*.toml``)."""
    templates = shipped()
    if ledger is not None:
        folder = ledger.root / "import"
        if folder.is_dir():
            for path in sorted(folder.glob("*.toml")):
                templates[path.stem] = _load_file(path, path.read_text("utf-8"))
    return templates
