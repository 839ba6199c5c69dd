"""Read-only BQL: the only query text `jcg serve` runs is a read statement over the books.

Fava runs the query text of a request through beanquery's interactive shell, which also
understands shell commands and statements that touch files::

    .output /books/city/journal/2025.beancount      -- opens the file for writing (truncates it)
    CREATE TABLE t (a str) USING 'csv:/etc/passwd'  -- opens a file of the caller's choosing
    SELECT * FROM #t                                -- reads a table attached from a source

`check_query` parses the text with beanquery's own parser and accepts only the four read
statements beanquery defines — SELECT, BALANCES, JOURNAL, PRINT — over the books' default
tables (``postings``, ``entries``), subqueries included; anything else raises `QueryRefused`::

    >>> check_query("SELECT account, sum(position) GROUP BY account")  # runs
    >>> check_query(".output /tmp/x")
    Traceback (most recent call last):
    ...
    jcg_ledger.fava_ext.bql.QueryRefused: 查询被拒绝:只读服务器不执行 shell 命令(以 . 开头,如 .output) Query refused: ...
    >>> check_query("SELECT * FROM #accounts")
    Traceback (most recent call last):
    ...
    jcg_ledger.fava_ext.bql.QueryRefused: 查询被拒绝:不读取其他表或数据源(FROM accounts) Query refused: ...

`ReadOnlyShell` applies the same check inside Fava's shell, so every route that reaches the
shell (the query API, query downloads, a named query run by name) is covered even if a
route is added that the WSGI guard does not know.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from beancount.parser.options import OPTIONS_DEFAULTS
from beanquery import connect
from beanquery.parser import ParseError, ast, parse
from fava.core.query_shell import FavaBQLShell

#: The statements a read-only server runs (beanquery's read statements).
READ_STATEMENTS = (ast.Select, ast.Balances, ast.Journal, ast.Print)
#: The tables a query may read: the books' postings and entries, as Fava's query page does.
DEFAULT_TABLES = frozenset({"postings", "entries"})


class QueryRefused(Exception):
    """A query text the read-only server does not run; `message` is Chinese, English beside."""

    def __init__(self, zh: str, en: str) -> None:
        self.zh = zh
        self.en = en
        super().__init__(f"查询被拒绝:{zh} Query refused: {en}")

    @property
    def message(self) -> str:
        return str(self)


@cache
def _table_names() -> frozenset[str]:
    """Names of the tables beanquery's beancount source defines (`accounts`, `prices`...)."""
    context = connect("beancount:", entries=[], errors=[], options=dict(OPTIONS_DEFAULTS))
    return frozenset(name for name in context.tables if isinstance(name, str) and name)


def _refuse_tables(statement: Any) -> None:
    """Refuse a FROM that names a table other than the default ones (a table source)."""
    for node in statement.walk():
        if isinstance(node, ast.Table):
            name = str(node.name or "").lstrip("#").lower()
            if name not in DEFAULT_TABLES:
                raise QueryRefused(
                    f"不读取其他表或数据源(FROM {node.name})",
                    f"no table or data source other than the books (FROM {node.name})",
                )
        if (
            isinstance(node, ast.From)
            and isinstance(node.expression, ast.Column)
            and node.expression.name in _table_names() - DEFAULT_TABLES
        ):
            raise QueryRefused(
                f"不读取其他表(FROM {node.expression.name})",
                f"no table other than postings and entries (FROM {node.expression.name})",
            )


def check_query(text: str) -> None:
    """Accept a read statement over the books; raise `QueryRefused` for anything else.

    Blank text is accepted: Fava's shell does nothing with it. A line starting with ``.``
    (after whitespace) is a shell command wherever it stands.
    """
    stripped = text.strip()
    if not stripped:
        return
    command = next(
        (line.split()[0] for line in stripped.splitlines() if line.strip().startswith(".")), None
    )
    if command is not None:
        raise QueryRefused(
            f"只读服务器不执行 shell 命令(以 . 开头,如 {command})",
            f"the read-only server runs no shell command (starting with '.', here {command})",
        )
    try:
        statement = parse(stripped)
    except ParseError as error:
        raise QueryRefused(
            "只接受 SELECT、BALANCES、JOURNAL、PRINT 查询语句(语法错误或 shell 命令)",
            f"only SELECT, BALANCES, JOURNAL and PRINT statements run here ({error})",
        ) from None
    if isinstance(statement, ast.CreateTable):
        raise QueryRefused(
            "不建表(CREATE TABLE 会打开文件)",
            "no CREATE TABLE (it opens a file of the caller's choosing)",
        )
    if not isinstance(statement, READ_STATEMENTS):
        kind = type(statement).__name__.upper()
        raise QueryRefused(
            f"只接受 SELECT、BALANCES、JOURNAL、PRINT(收到 {kind})",
            f"only SELECT, BALANCES, JOURNAL and PRINT run here (got {kind})",
        )
    _refuse_tables(statement)


class ReadOnlyShell(FavaBQLShell):
    """Fava's BQL shell that runs only what `check_query` accepts."""

    def onecmd(self, line: str) -> Any:
        check_query(line)
        return super().onecmd(line)


def guard_shell(fava_ledger: Any) -> None:
    """Replace a loaded Fava ledger's query shell by the read-only one."""
    fava_ledger.query_shell.shell = ReadOnlyShell(fava_ledger)
