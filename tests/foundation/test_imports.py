"""Every module of the core packages imports first, on its own: no import cycle hides behind
the order in which other modules happen to be imported (the rules and the state import each
other's types; a rule module imported first used to fail). The presentation packages (Fava,
reports, demo, command line) sit on top of these and are imported by every other test."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import jcg_ledger

SCRIPT = r"""
import importlib, sys
failed = []
for name in sys.argv[1:]:
    for loaded in [m for m in sys.modules if m == "jcg_ledger" or m.startswith("jcg_ledger.")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except Exception as exc:
        failed.append(f"{name}: {type(exc).__name__}: {exc}")
print("\n".join(failed))
"""


CORE = ("rules", "state", "cache", "plugins", "books", "audit", "policy", "events", "render")


def modules() -> list[str]:
    root = Path(jcg_ledger.__file__).parent
    names = []
    for path in sorted(root.rglob("*.py")):
        if path.name.endswith("_test.py") or path.relative_to(root).parts[0] not in CORE:
            continue
        parts = path.relative_to(root.parent).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_every_module_imports_first() -> None:
    names = modules()
    assert "jcg_ledger.rules.eligibility" in names and "jcg_ledger.cache.records" in names
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, *names], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "", done.stdout
