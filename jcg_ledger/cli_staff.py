"""`jcg import` and `jcg add`: the finance staff's daily entry, registered on the `jcg` group.

Thin like `cli.py`: `jcg_ledger.importer` reads and posts lists, `jcg_ledger.entry` asks the
questions, `jcg_ledger.listing` prints every problem, `jcg_ledger.tables` fits the tables.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from jcg_ledger.books.layout import Ledger
from jcg_ledger.tables import Col, print_fitted

STATUS = {"ok": "✓", "differs": "≠ 不符", "refused": "✗ 拒绝", "already": "= 已导入"}


def _ledger(ctx: click.Context) -> Ledger:
    from jcg_ledger.cli import _ledger as ledger_of

    return ledger_of(ctx)


def _yuan(amount: Decimal | None) -> str:
    from jcg_ledger.money import format_yuan

    return "" if amount is None else format_yuan(amount)


def _print_problems(items: list[Any], as_json: bool) -> None:
    from jcg_ledger.listing import as_json as listing_json
    from jcg_ledger.listing import lines

    if as_json:
        click.echo(json.dumps(listing_json(items), ensure_ascii=False, indent=2))
        return
    for line in lines(items):
        click.echo(line, err=True)
    click.echo("账套未改动 nothing was written", err=True)


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--template", default=None, help="导入模板 template (default: from the headers)")
@click.option("--sheet", default=None, help="工作表 xlsx sheet (default: the first)")
@click.option("--dry-run", is_flag=True, help="只核对不写入 check and show, write nothing")
@click.option("--json", "as_json", is_flag=True, help="JSON 输出 machine-readable result")
@click.pass_context
def import_command(
    ctx: click.Context,
    file: str,
    template: str | None,
    sheet: str | None,
    dry_run: bool,
    as_json: bool,
    by: str | None,
) -> None:
    """导入名单 Import a department's list (xlsx, CSV): every row or none."""
    from jcg_ledger.importer import (
        ImportErrors,
        LayoutError,
        ReadError,
        TemplateError,
        import_list,
        plan_import,
        preview,
    )
    from jcg_ledger.listing import row_item

    ledger = _ledger(ctx)
    try:
        plan = plan_import(ledger, Path(file), template=template, sheet=sheet)
    except (ReadError, LayoutError, TemplateError) as exc:
        _print_problems([row_item(None, "-", "input", str(exc))], as_json)
        sys.exit(1)
    layout = plan.layout
    if not as_json:
        encoding = f", {plan.sheet.encoding}" if plan.sheet.encoding else ""
        click.echo(
            f"{plan.sheet.source} [{plan.sheet.name}{encoding}] · 模板 template "
            f"{layout.template.name} ({layout.template.title_zh}) · 表头 header row "
            f"{layout.header_row} · {len(plan.rows)} 行 rows",
            err=True,
        )
    shown = preview(plan) if dry_run else []
    if dry_run and not as_json:
        _print_preview(shown)
    try:
        result = import_list(ledger, plan, dry_run=dry_run, by=by)
    except ImportErrors as errors:
        _print_problems(
            [row_item(p.row, p.column, p.rule, p.message) for p in errors.problems], as_json
        )
        sys.exit(1)
    if as_json:
        payload: dict[str, Any] = {
            "ok": True,
            "dry_run": dry_run,
            "template": layout.template.name,
            "posted": result.posted,
            "already_posted": result.already,
            "rows": [
                {
                    "row": p.row,
                    "entity": p.entity,
                    "measure": p.measure,
                    "list_amount": None if p.list_amount is None else str(p.list_amount),
                    "computed": None if p.entitlement is None else str(p.entitlement),
                    "limit": None if p.limit is None else str(p.limit),
                    "status": p.status,
                }
                for p in shown
            ],
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    if dry_run:
        differs = sum(1 for p in shown if p.status == "differs")
        click.echo(
            f"试算 dry run: {len(result.posted)} 笔事件未写入 not written"
            + (
                f"; {differs} 行金额与计算不符 rows differ from the computed amount"
                if differs
                else ""
            ),
            err=True,
        )
        return
    click.echo(
        f"已导入 imported {len(result.posted)} 笔事件 events"
        + (f", {len(result.already)} 笔已存在 already posted" if result.already else "")
    )


def _print_preview(rows: list[Any]) -> None:
    columns = [
        Col("行\nrow", "right"),
        Col("主体\nentity"),
        Col("措施\nmeasure"),
        Col("名单金额\nlist amount", "right"),
        Col("计算应得\ncomputed", "right"),
        Col("可核定\nlimit now", "right"),
        Col("核对\ncheck"),
        Col("说明\nnote"),
    ]
    body = [
        [
            str(p.row),
            p.entity,
            p.measure,
            _yuan(p.list_amount),
            _yuan(p.entitlement),
            _yuan(p.limit),
            STATUS.get(p.status, p.status),
            p.note,
        ]
        for p in rows
    ]
    print_fitted(Console(), "导入核对 import check (元)", columns, body)


@click.command("add")
@click.argument("event_type", required=False)
@click.option("--yes", is_flag=True, help="不再确认 post without asking to confirm")
@click.pass_context
def add_command(ctx: click.Context, event_type: str | None, yes: bool, by: str | None) -> None:
    """录入 Enter one event field by field (answers from stdin when it is not a terminal)."""
    from jcg_ledger.entry import TRIES, Entry, EntryAborted, Question, ask_event, event_types
    from jcg_ledger.events import BY_TYPE, EventError, parse_event
    from jcg_ledger.listing import event_item
    from jcg_ledger.post import PostError, load_state
    from jcg_ledger.post import post as do_post

    ledger = _ledger(ctx)
    interactive = sys.stdin.isatty()
    if event_type is None:
        types = event_types()
        event_type = click.prompt(
            f"事件类型 event type [{', '.join(types)}]",
            type=click.Choice(types),
            show_choices=False,
        )
    if event_type not in BY_TYPE:
        raise click.UsageError(f"未知事件类型 unknown type {event_type!r}")
    state, loaded = load_state(ledger)
    entry = Entry.of(state, [book.entries for book in loaded.values()])

    def ask(q: Question) -> str:
        if interactive:
            _complete(q.choices)
        answer: str = click.prompt(
            q.prompt,
            default=q.default if q.default is not None else "",
            show_default=q.default is not None,
        )
        return answer

    try:
        raw = ask_event(
            BY_TYPE[event_type],
            event_type,
            entry,
            ask,
            lambda m: click.echo(m, err=True),
            tries=TRIES if interactive else 1,
        )
        event = parse_event(raw, str(raw.get("id")))
        preview = do_post(ledger, [event], dry_run=True, by=by)
    except click.Abort:
        click.echo("已取消 cancelled: 账套未改动 nothing was written", err=True)
        sys.exit(1)
    except EntryAborted as exc:
        click.echo(f"已取消 cancelled: {exc}\n账套未改动 nothing was written", err=True)
        sys.exit(1)
    except (EventError, PostError) as exc:
        errors = getattr(exc, "errors", [exc])
        _print_problems([event_item(e.event_id, e.field, e.rule, e.message) for e in errors], False)
        sys.exit(1)
    if preview.already:
        click.echo(f"已过账 already posted: {event.id}")
        return
    for name, text in preview.text.items():
        click.echo(f";; ==> {name}")
        click.echo(text)
    if not yes and not click.confirm("过账 post this?", default=False):
        click.echo("未过账 not posted: 账套未改动 nothing was written", err=True)
        sys.exit(1)
    try:
        result = do_post(ledger, [event], by=by)
    except PostError as exc:
        _print_problems([event_item(exc.event_id, exc.field, exc.rule, exc.message)], False)
        sys.exit(1)
    click.echo(f"已过账 posted {', '.join(result.posted)}")


def _complete(choices: Any) -> None:
    """Tab completes the codes the books know (a terminal with readline only)."""
    try:
        import readline
    except ImportError:  # pragma: no cover - not on every platform
        return
    options = list(choices)

    def completer(text: str, state: int) -> str | None:
        found = [o for o in options if o.startswith(text)]
        return found[state] if state < len(found) else None

    readline.set_completer(completer)
    readline.parse_and_bind("tab: complete")


def register(group: click.Group, by_option: Callable[[click.Command], click.Command]) -> None:
    """Add the commands to `group`, with its `--by` option (checked as every command's is)."""
    group.add_command(by_option(import_command))
    group.add_command(by_option(add_command))
