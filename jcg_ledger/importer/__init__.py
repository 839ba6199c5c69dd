"""`jcg import`: the departments' lists (xlsx, CSV) posted as events through the write path.

`read` reads a sheet, `templates` says how a list's columns map to event fields, `rows` finds
the header and reads each row, `match` finds entities and approvals in the books, `plan`
turns rows into events, previews them and posts them all or none.
"""

from __future__ import annotations

from jcg_ledger.importer.plan import (
    ImportErrors,
    ImportPlan,
    RowPreview,
    import_list,
    plan_import,
    preview,
)
from jcg_ledger.importer.read import ReadError
from jcg_ledger.importer.rows import LayoutError, Problem
from jcg_ledger.importer.templates import TemplateError

__all__ = [
    "ImportErrors",
    "ImportPlan",
    "LayoutError",
    "Problem",
    "ReadError",
    "RowPreview",
    "TemplateError",
    "import_list",
    "plan_import",
    "preview",
]
