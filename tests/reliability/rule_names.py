"""Every rule code the code can give, collected from the source (not from a list kept by hand).

A rule code is the first argument of ``Violation(...)`` / ``warning(...)``, the second of
``Refusal(...)`` and the third of ``PostError(...)`` and ``EventError(...)``, anywhere under ``jcg_ledger/``: a string
literal, a module constant (``RULE``, ``fund_capital.CALL``) or a local name bound to one of
those. A code built at run time (``PREFIX + level``) is collected as its prefix followed by
``*``. So a new rule added anywhere shows up here, and the parity test's meta-test fails until
it has a case (or an exemption saying why not).
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "jcg_ledger"

# callee name -> index of the rule code among the positional arguments
CALLS = {"Violation": 0, "warning": 0, "Refusal": 1, "PostError": 2, "EventError": 2}

# The code of an event pydantic refuses is pydantic's error type (``missing``,
# ``extra_forbidden``…), read from its error at run time: collected as this one name.
PYDANTIC = "pydantic:<error type>"


def _constants(tree: ast.Module) -> dict[str, str]:
    found: dict[str, str] = {}
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            found[node.targets[0].id] = node.value.value
    return found


def _modules() -> dict[Path, ast.Module]:
    return {
        path: ast.parse(path.read_text("utf-8"))
        for path in sorted(ROOT.rglob("*.py"))
        if not path.name.endswith("_test.py")
    }


def _callee(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def _calls(tree: ast.Module) -> list[tuple[ast.FunctionDef | None, ast.Call]]:
    """Every call with the function it is in (None at module level)."""
    out: list[tuple[ast.FunctionDef | None, ast.Call]] = []

    def visit(node: ast.AST, function: ast.FunctionDef | None) -> None:
        for child in ast.iter_child_nodes(node):
            inner = child if isinstance(child, ast.FunctionDef) else function
            if isinstance(child, ast.Call):
                out.append((function, child))
            visit(child, inner)

    visit(tree, None)
    return out


def _site(
    call: ast.Call, module: str, constants: dict[str, dict[str, str]]
) -> Callable[[int], list[str]]:
    """The codes a call passes at a position: literals and constants only."""

    def at(index: int) -> list[str]:
        if index >= len(call.args):
            return []
        expr = call.args[index]
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            return [expr.value]
        if isinstance(expr, ast.Name) and expr.id in constants.get(module, {}):
            return [constants[module][expr.id]]
        if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name):
            table = constants.get(expr.value.id, {})
            return [table[expr.attr]] if expr.attr in table else []
        return []

    return at


@dataclass
class _Module:
    """One module's view of rule codes: its constants, imported constants, local bindings."""

    path: Path
    tree: ast.Module
    constants: dict[str, dict[str, str]]  # every module's constants, by module name
    sites: dict[str, list[Callable[[int], list[str]]]]
    local: dict[str, str] = field(default_factory=dict)
    imported: dict[str, str] = field(default_factory=dict)
    assigned: dict[str, list[ast.expr]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.local = self.constants.get(self.path.stem, {})
        for node in ast.walk(self.tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                source = self.constants.get(node.module.rsplit(".", 1)[-1], {})
                for alias in node.names:
                    if alias.name in source:
                        self.imported[alias.asname or alias.name] = source[alias.name]
            elif isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        self.assigned.setdefault(target.id, []).append(node.value)

    def resolve(self, expr: ast.expr, depth: int = 0) -> list[str]:
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            return [expr.value]
        if isinstance(expr, ast.Name):
            if expr.id in self.local:
                return [self.local[expr.id]]
            if expr.id in self.imported:
                return [self.imported[expr.id]]
            if depth < 3 and expr.id in self.assigned:
                return [r for v in self.assigned[expr.id] for r in self.resolve(v, depth + 1)]
            return []
        if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name):
            table = self.constants.get(expr.value.id, {})
            if expr.attr in table:
                return [table[expr.attr]]
            if expr.attr == "rule":  # `closed.rule`: a violation passed on, found at its source
                return [PASSED_ON]
            return []
        if isinstance(expr, ast.IfExp):
            return self.resolve(expr.body, depth) + self.resolve(expr.orelse, depth)
        if isinstance(expr, ast.Subscript) and self.path.parent.name == "events":
            return [PYDANTIC]
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
            return [prefix + "*" for prefix in self.resolve(expr.left, depth)]
        return []

    def codes(self, call: ast.Call, index: int, function: ast.FunctionDef | None) -> list[str]:
        expr = call.args[index]
        codes = self.resolve(expr)
        if codes or function is None or not isinstance(expr, ast.Name):
            return codes
        params = [a.arg for a in function.args.args]
        if expr.id not in params:
            return []
        # A parameter: the code is at the function's call sites (or, for the constructors of
        # the rule types themselves, at theirs).
        if function.name in ("__init__", *CALLS):
            return [PASSED_ON]
        index = params.index(expr.id)
        return [code for site in self.sites.get(function.name, []) for code in site(index)]


PASSED_ON = "<passed on>"


def collect() -> dict[str, list[str]]:
    """Rule code -> the places (``file:line``) that give it."""
    modules = _modules()
    constants: dict[str, dict[str, str]] = {}
    for path, tree in modules.items():
        constants.setdefault(path.stem, {}).update(_constants(tree))
    sites: dict[str, list[Callable[[int], list[str]]]] = {}
    for path, tree in modules.items():
        for _, node in _calls(tree):
            callee = _callee(node)
            if callee is not None:
                sites.setdefault(callee, []).append(_site(node, path.stem, constants))
    found: dict[str, list[str]] = {}
    for path, tree in modules.items():
        module = _Module(path, tree, constants, sites)
        for function, node in _calls(tree):
            callee = _callee(node)
            if callee not in CALLS or len(node.args) <= CALLS[callee]:
                continue
            where = f"{path.relative_to(ROOT.parent)}:{node.lineno}"
            codes = module.codes(node, CALLS[callee], function) or [f"<unresolved {where}>"]
            for code in codes:
                if code != PASSED_ON:
                    found.setdefault(code, []).append(where)
    return found
